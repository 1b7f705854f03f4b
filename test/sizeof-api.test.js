'use strict';
// memkit/sizeof's argument handling and the `memkit demo` section on the guide's MemEater.
const t = require('tap');
const { sizes, getsizeof } = require('memkit/sizeof');
const { sizeofSection } = require('../dist/sizeof/demo.js');
const { MemEater } = require('../dist/cli/demo/mem-eater.js');
const { gc } = require('./fixtures/tracemalloc/gc.js');

t.test('bad arguments', async (t) => {
  for (const bad of ['abc', { length: 1, 0: 1 }, undefined, new Set([1])]) {
    t.throws(() => sizes(bad), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  }
  t.same(sizes([]), [], 'no values, no snapshot');
});

t.test('a default is returned only when V8 attributes nothing', async (t) => {
  t.equal(getsizeof({}, -1), 56, 'an empty object has a size, so not the default');
});

t.test('demo section: the MemEater instance', async (t) => {
  const section = sizeofSection();
  section.before();
  // String(i) hands out V8's cached string for i: one that earlier code made and still holds
  // would be e's and someone else's, outside e's retained size (24 bytes each). A full GC
  // empties that cache.
  gc();
  const e = new MemEater();
  e.eat(12345);
  section.after(e);
  const text = section.report().join('\n');
  // A lone instance: 24-byte header + (2 fields + 8 slack) slots.
  t.match(text, /^getsizeof\(e\): +104 bytes$/m);
  // + JSMap 32 + OrderedHashMap for 16,384 entries 458,792 + 12,345 strings of at most
  // 5 characters at 24 bytes each + the joined string: 16 + 62,959 characters, rounded to 8.
  const deep = 104 + 32 + 458792 + 12345 * 24 + 62976;
  t.match(text, new RegExp(`^asizeof\\(e\\): +${deep.toLocaleString('en')} bytes$`, 'm'));
  // Nothing else holds e's Map and its strings: freeing e frees at least what asizeof counts, less
  // the values '0' to '9', which are V8's immortal one-character strings (asizeof counts what e
  // reaches; no GC frees those). The hidden classes only e uses come on top, but how many of them
  // e alone holds depends on which of V8's tiers ran eat() (from 0 to 272 bytes seen).
  const immortalValues = 10 * getsizeof('7');
  const retained = Number(/^retainedSize\(e\): +([\d,]+) bytes$/m.exec(text)[1].replaceAll(',', ''));
  t.ok(retained >= deep - immortalValues, `retainedSize ${retained} >= asizeof ${deep} - ${immortalValues} (ten immortal one-character values)`);
  t.match(text, /Map with its hash table and 12,345 value/, 'the strings counted from the Map');
  t.match(text, /a 24-byte header\n.* and 10 in-object slots of 8 bytes/, 'the layout from the measured `{}`: no pointer compression here');
  t.match(text, /the guide prints 24/);
});

t.test('a missing argument is a TypeError, as sys.getsizeof() raises one', async (t) => {
  const { asizeof, retainedSize } = require('memkit/sizeof');
  for (const fn of [getsizeof, asizeof, retainedSize, sizes]) {
    t.throws(() => fn(), { name: 'TypeError', code: 'ERR_MISSING_ARGS' }, `${fn.name}()`);
  }
  t.equal(getsizeof(undefined), 48, 'undefined given is a value: the Oddball\'s 48 bytes');
});
