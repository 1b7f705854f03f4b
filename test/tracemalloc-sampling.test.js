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

t.test('the memkit demo section: [ Top 10 ] for MemEater.eat(12345)', async (t) => {
  const { tracemallocSection } = require('../dist/tracemalloc/demo.js');
  const { MemEater } = require('../dist/cli/demo/mem-eater.js');
  const section = tracemallocSection();
  section.before();
  const eater = new MemEater();
  eater.eat(12345);
  section.after(eater);
  t.notOk(tm.isTracing(), 'stopped after the workload');
  const [heading, top] = section.report();
  t.equal(heading, '[ Top 10 ]');
  t.match(top, /mem-eater\.[jt]s:\d+ \(eat\): size=\d+ KiB, count=\d+, average=\d+ B/, top);
});
