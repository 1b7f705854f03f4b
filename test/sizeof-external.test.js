'use strict';
// External strings (characters outside the V8 heap, made by Node for strings of more than about
// 1 MB decoded from a Buffer) are counted with their characters, as Buffers' backing stores are.
// The independent views: the characters JavaScript counts (length x 1 byte for latin1, hex and
// base64, x 2 for ucs2), and process.memoryUsage().external, which grows by at least that when
// Node makes the string.
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { getsizeof, sizes } = require('memkit/sizeof');

/** The value `make` returns, and how much external memory making it took (garbage included). */
function madeOutside(make) {
  const before = process.memoryUsage().external;
  const value = make();
  return { value, grown: process.memoryUsage().external - before };
}

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-ext-')), 'five-mb.txt');
fs.writeFileSync(file, Buffer.alloc(5e6, 0x61));
const base64Source = Buffer.alloc(3e6, 1);
const hexSource = Buffer.alloc(1e6, 7);
const ucs2Source = Buffer.alloc(4e6, 0x41);

const cases = {
  'base64 of 3 MB (4e6 characters)': [1, () => base64Source.toString('base64')],
  'hex of 1 MB (2e6 characters)': [1, () => hexSource.toString('hex')],
  "readFileSync(f, 'latin1') of 5 MB": [1, () => fs.readFileSync(file, 'latin1')],
  'ucs2 of 4 MB (2e6 two-byte characters)': [2, () => ucs2Source.toString('ucs2')],
};

t.test('external strings of every encoding Node makes them for, in one snapshot', async (t) => {
  const made = Object.entries(cases).map(([what, [width, make]]) => ({ what, width, ...madeOutside(make) }));
  const measured = sizes(made.map((m) => m.value));
  made.forEach(({ what, width, value, grown }, i) => {
    const s = measured[i];
    const chars = value.length * width;
    t.equal(s.external, chars, `${what}: sizes().external is the ${chars} bytes of characters`);
    t.ok(grown >= chars, `${what}: Node's external memory grew by ${grown} bytes as it made the string`);
    t.ok(s.shallow > s.external && s.shallow - s.external <= 40, `${what}: getsizeof is the characters plus a header: ${s.shallow}`);
    t.equal(s.deep, s.shallow, `${what}: asizeof, as a string refers to nothing else`);
    t.equal(s.retained, s.shallow, `${what}: retainedSize, as nothing else holds it`);
  });
  t.equal(getsizeof(made[0].value), measured[0].shallow, 'getsizeof() agrees with sizes()');
});

t.test('an external string inside an object: asizeof and retainedSize count its characters', async (t) => {
  // Longer than the snapshot's 1024-character names: its length comes from a second snapshot.
  const holder = { text: base64Source.toString('base64'), n: 1 };
  const external = holder.text.length;
  const [s] = sizes([holder]);
  t.equal(s.external, external, `external is the ${external} bytes of characters`);
  t.ok(s.deep - external > 0 && s.deep - external < 1024, `asizeof ${s.deep} = the characters + the object`);
  t.ok(s.retained - external > 0 && s.retained - external < 2048, `retainedSize ${s.retained} = the characters + the object`);
});
