'use strict';
// Known answers on real allocations with { exact: true }: V8 allocation tracking, snapshots read
// from a streamed heap snapshot.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const tm = require('memkit/tracemalloc');
const liveChecks = require('./fixtures/tracemalloc/live-checks.js');
const { allocateArrays } = require('./fixtures/tracemalloc/arrays.js');

liveChecks(t, { exact: true });

t.test('exact: getObjectTraceback() names where an object was allocated', async (t) => {
  // Objects the GC moves keep their traceback: tracemalloc-moved.test.js.
  tm.start(3, { exact: true });
  t.teardown(tm.stop);
  const inline = { allocatedHere: true };
  const [array] = allocateArrays(1);
  const traceback = tm.getObjectTraceback(array);
  t.ok(traceback, 'traced');
  t.equal(traceback.at(-1).filename, path.join(__dirname, 'fixtures', 'tracemalloc', 'arrays.js'));
  t.equal(traceback.at(-1).name, 'allocateArrays');
  t.equal(traceback.at(-2).filename, __filename);
  const own = tm.getObjectTraceback(inline);
  const testLine = fs.readFileSync(__filename, 'utf8').split('\n').findIndex((line) => line.includes("t.test('exact: getObjectTraceback() names")) + 1;
  t.same([own.at(-1).filename, own.at(-1).lineno], [__filename, testLine], 'an object made in this test function: its frame is the function\'s line');
  t.equal(tm.getObjectTraceback(globalThis), null, 'allocated before start()');
  t.equal(tm.getObjectTraceback(42), null, 'a small integer is no heap object');
  tm.stop();
});
