'use strict';
// Known answers on real allocations with the default engine, V8's sampling heap profiler.
const t = require('tap');
const tm = require('memkit/tracemalloc');
const liveChecks = require('./fixtures/tracemalloc/live-checks.js');
const { usedAfterGC } = require('./fixtures/tracemalloc/gc.js');

liveChecks(t, {});

// V8 samples one allocation per `interval` bytes on average (exponential gaps), so live bytes B
// hold about B / interval samples, Poisson-spread (5 sd below); V8's sampler is also
// over-dispersed (1 run in 25 of a 100,000-object list held 25% more samples): 25% more slack.
const samplingTolerance = (expected) => 5 * Math.sqrt(expected) + 0.25 * expected;

t.test('sampling: no object tracebacks; the tracer memory estimate is 104 bytes a live sample', async (t) => {
  const INTERVAL = 512;
  const COUNT = 100000;
  tm.start(1, { samplingInterval: INTERVAL });
  t.teardown(tm.stop);
  const before = usedAfterGC();
  const cost = tm.getTracemallocMemory();
  // A linked list: the heap grows by the objects alone, no container.
  let list = null;
  for (let i = 0; i < COUNT; i++) list = { next: list };
  const grew = usedAfterGC() - before;
  const samples = (tm.getTracemallocMemory() - cost) / 104;
  const expected = grew / INTERVAL;
  t.ok(Math.abs(samples - expected) < samplingTolerance(expected),
    `${samples} samples estimated for ${COUNT} objects, V8's heap grew ${grew} bytes: ${expected.toFixed(0)} expected`);
  t.equal(tm.getObjectTraceback(list), null, 'only exact mode traces single objects');
  tm.stop();
});

t.test('the memkit demo section: [ Top 10 ] for MemEater.eat(12345)', async (t) => {
  const { tracemallocSection } = require('../dist/tracemalloc/demo.js');
  const { MemEater } = require('../dist/cli/demo/mem-eater.js');
  const section = tracemallocSection();
  section.before();
  const eater = new MemEater();
  const before = usedAfterGC();
  eater.eat(12345);
  const grew = usedAfterGC() - before;
  section.after(eater);
  t.notOk(tm.isTracing(), 'stopped after the workload');
  const [heading, top] = section.report();
  t.equal(heading, '[ Top 10 ]');
  const [, kib] = /mem-eater\.[jt]s:\d+ \(eat\): size=(\d+) KiB, count=\d+, average=\d+ B/.exec(top) ?? [];
  t.ok(kib, top);
  t.ok(Math.abs(kib * 1024 - grew) < samplingTolerance(grew / 512) * 512, `eat() holds ${kib} KiB by the samples, V8's heap grew ${grew} bytes`);
});
