'use strict';
// External strings (characters outside the V8 heap, made by Node for strings of more than about
// 1 MB decoded from a Buffer) are counted with their characters, as Buffers' backing stores are.
// The independent views: the characters JavaScript counts (length x 1 byte for latin1, hex and
// base64, x 2 for ucs2), and process.memoryUsage().external, which grows by at least that when
// Node makes the string. Measured in a plain node child (fixtures/sizeof/external.js), whose
// small heap keeps each snapshot quick.
const t = require('tap');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const child = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, path.join(__dirname, 'fixtures', 'sizeof', 'external.js')], { encoding: 'utf8' });
const result = child.status === 0 ? JSON.parse(child.stdout) : null;

t.test('the child measured', async (t) => {
  t.equal(child.status, 0, child.stderr);
});

t.test('external strings of every encoding Node makes them for', { skip: !result }, async (t) => {
  t.equal(result.strings.length, 4);
  for (const s of result.strings) {
    const chars = s.length * s.width;
    t.equal(s.external, chars, `${s.what}: sizes().external is the ${chars} bytes of characters`);
    t.ok(s.grown >= chars, `${s.what}: Node's external memory grew by ${s.grown} bytes as it made the string`);
    t.ok(s.shallow > s.external && s.shallow - s.external <= 40, `${s.what}: getsizeof is the characters plus a header: ${s.shallow}`);
    t.equal(s.deep, s.shallow, `${s.what}: asizeof, as a string refers to nothing else`);
    t.equal(s.retained, s.shallow, `${s.what}: retainedSize, as nothing else holds it`);
  }
  t.equal(result.getsizeof, result.strings[0].shallow, 'getsizeof() agrees with sizes()');
});

t.test('an external string inside an object: asizeof and retainedSize count its characters', { skip: !result }, async (t) => {
  const { length, external, deep, retained } = result.holder;
  t.equal(external, length, `external is the ${length} bytes of characters`);
  t.ok(deep - length > 0 && deep - length < 1024, `asizeof ${deep} = the characters + the object`);
  t.ok(retained - length > 0 && retained - length < 2048, `retainedSize ${retained} = the characters + the object`);
});
