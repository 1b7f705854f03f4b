'use strict';
// retainedSize is "what garbage collection would free if the value became unreachable": the same
// answer wherever the call is written (the calling frames' registers are not owners), checked
// against what a full GC really frees once the value is dropped; immortal values retain nothing.
// The values are made and measured in a plain node child (fixtures/sizeof/retained.js), whose
// small heap keeps each snapshot quick.
const t = require('tap');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const N = 100000;
const ARRAY_BYTES = 16 + 8 * N; // FixedDoubleArray: map + length, then unboxed doubles

// --single-threaded: no GC or compiler work on helper threads, whose timing under load would
// move used_heap_size between the two readings of freedByGC() (seen once: freed 605 KB of 840).
const child = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, '--single-threaded', path.join(__dirname, 'fixtures', 'sizeof', 'retained.js')], { encoding: 'utf8' });
const result = child.status === 0 ? JSON.parse(child.stdout) : null;

t.test('the child measured', async (t) => {
  t.equal(child.status, 0, child.stderr);
});

t.test('the same retained size from a function, an arrow, an async function and top level', { skip: !result }, async (t) => {
  const { deep, retained } = result;
  t.ok(deep >= ARRAY_BYTES, `asizeof ${deep} counts the array (${ARRAY_BYTES})`);
  t.same(Object.keys(retained), ['top level', 'function', 'arrow', 'async function']);
  for (const [where, size] of Object.entries(retained)) {
    // The hidden class of { big } may be c's alone (DevTools counts it, asizeof not): a few hundred bytes.
    t.ok(size >= deep && size <= deep + 1024, `${where}: retainedSize ${size} is asizeof ${deep} (+ hidden classes)`);
  }
});

t.test('retainedSize is what a full GC frees when the value is dropped', { skip: !result }, async (t) => {
  const { freed, retained } = result.gc;
  t.ok(retained > ARRAY_BYTES, `retainedSize ${retained} includes the array`);
  // V8's heap statistics move by a few KiB between two GCs for reasons of their own: 5 %.
  t.ok(Math.abs(freed - retained) < retained * 0.05, `GC freed ${freed} bytes, retainedSize said ${retained}`);
});

t.test('immortal values (undefined, null, booleans, \'\', one-character strings, well-known symbols) retain nothing', { skip: !result }, async (t) => {
  for (const s of result.immortal) {
    t.equal(s.retained, 0, `${s.value}: retained 0`);
    t.ok(s.deep >= s.shallow && s.shallow > 0, `${s.value}: still has its own size ${s.shallow}`);
  }
  t.equal(result.undefinedRetained, 0, 'retainedSize(undefined)');
  t.ok(result.builtString > 0, 'a string built at run time is not immortal');
});
