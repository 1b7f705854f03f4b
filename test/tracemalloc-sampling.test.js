'use strict';
// Known answers on real allocations with the default engine, V8's sampling heap profiler.
const t = require('tap');
const tm = require('memkit/tracemalloc');
const liveChecks = require('./fixtures/tracemalloc/live-checks.js');

liveChecks(t, {});

t.test('sampling: no object tracebacks, a small tracer memory estimate', async (t) => {
  tm.start();
  const objects = Array.from({ length: 20000 }, (_, i) => ({ i }));
  t.equal(tm.getObjectTraceback(objects[0]), null, 'only exact mode traces single objects');
  const cost = tm.getTracemallocMemory();
  t.ok(cost > 0 && cost < 4e6, `tracer memory ${cost}`);
  tm.stop();
});
