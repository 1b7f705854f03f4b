'use strict';
// Known answers on real allocations with { exact: true }: V8 allocation tracking, snapshots read
// from a streamed heap snapshot.
const t = require('tap');
const path = require('node:path');
const v8 = require('node:v8');
const tm = require('memkit/tracemalloc');
const liveChecks = require('./fixtures/tracemalloc/live-checks.js');
const { allocateArrays } = require('./fixtures/tracemalloc/arrays.js');

liveChecks(t, { exact: true });

t.test('exact: getObjectTraceback() names where an object was allocated', async (t) => {
  // V8 keeps an allocation's trace by address and follows a moving object only while no heap
  // snapshot has numbered it (HeapProfiler::ObjectMoveEvent, src/profiler/heap-profiler.cc):
  // getObjectTraceback() numbers the object in one snapshot and reads its trace in a second,
  // whose GC may compact the object's page (with --compact-on-every-full-gc, every time).
  // Without compaction nothing moves it.
  v8.setFlagsFromString('--no-compact');
  t.teardown(() => v8.setFlagsFromString('--compact'));
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
  t.same([own.at(-1).filename, own.at(-1).lineno], [__filename, 13], 'an object made in this test function: its frame is the function\'s line');
  t.equal(tm.getObjectTraceback(globalThis), null, 'allocated before start()');
  t.equal(tm.getObjectTraceback(42), null, 'a small integer is no heap object');
  tm.stop();
});
