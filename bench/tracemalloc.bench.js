// tracemalloc: MemEater.eat(1e6) with tracing off and on (Python's tracemalloc costs 2-4x on
// CPython), and takeSnapshot() on a heap holding ~100 MB.
'use strict';
const tm = require('memkit/tracemalloc');
const { median } = require('./lib/measure.js');
const { MemEater } = require('../dist/cli/demo/mem-eater.js');

const ROUNDS = 5;

function eatMs() {
  const start = process.hrtime.bigint();
  new MemEater().eat(1e6);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Interleaved rounds: each mode runs once a round, median ms per mode. */
function workload(modes) {
  const samples = new Map(Object.keys(modes).map((name) => [name, []]));
  eatMs();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, options] of Object.entries(modes)) {
      if (options) tm.start(1, options);
      try {
        samples.get(name).push(eatMs());
      } finally {
        tm.stop();
      }
    }
  }
  return Object.fromEntries([...samples].map(([name, values]) => [name, median(values)]));
}

function snapshotMs(options) {
  tm.start(1, options);
  let heap = Array.from({ length: 12500 }, (_, i) => new Array(1000).fill(i + 0.5));
  heap.push(Array.from({ length: 200000 }, (_, i) => ({ i, s: `object ${i}` })));
  const times = [];
  let top;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    top = tm.takeSnapshot().statistics('lineno')[0];
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  tm.stop();
  heap = null;
  return { ms: median(times), top };
}

module.exports = async function benchTracemalloc() {
  const ms = workload({
    'tracing off': null,
    'start() (sampling, 512 B)': {},
    'start(1, {samplingInterval: 64})': { samplingInterval: 64 },
    'start(1, {exact: true})': { exact: true },
  });
  const base = ms['tracing off'];
  console.log(`tracemalloc: new MemEater().eat(1e6), median of ${ROUNDS} interleaved rounds, ratio to tracing off`);
  for (const [name, value] of Object.entries(ms)) {
    const note = name === 'start() (sampling, 512 B)' ? 'target < 3x' : '';
    console.log(`  ${name.padEnd(34)} ${value.toFixed(0).padStart(6)} ms  ${(value / base).toFixed(2).padStart(6)}x  ${note}`);
  }
  console.log('tracemalloc: takeSnapshot() with ~100 MB live (12,500 arrays of 1,000 doubles + 200,000 objects), median of 3');
  for (const [name, options] of [['sampling (512 B)', {}], ['exact', { exact: true }]]) {
    const { ms: t, top } = snapshotMs(options);
    console.log(`  ${name.padEnd(34)} ${t.toFixed(0).padStart(6)} ms   top: ${top}`);
  }
};
