// The line profiler: overhead per executed line and on the seed's eat(12345), profiled vs plain,
// against the floor V8 sets (a breakpoint whose condition is just `false`).
'use strict';
const inspector = require('node:inspector');
const v8 = require('node:v8');
const { nsPerCall, printTable, median } = require('./lib/measure.js');
const { LineProfiler } = require('memkit/profiler');
const { memoryInfo } = require('memkit/psutil');
const { defineMemEater } = require('../test/fixtures/lineprofile/mem-eater.js');
const { readHeapLevels } = require('../dist/lineprofiler/heap-levels.js');

const LINES = 2000;

// one line event per loop turn on each of the three body lines, one per turn on the head
function work(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += i;
    sum ^= i << 1;
    sum -= i >> 2;
  }
  return sum;
}
const LINE_EVENTS = (n) => 4 * n + 2;

function msOf(fn, rounds = 3) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

/** The cost V8 alone puts on a breakpoint hit: a condition that is just `false`, same sites. */
function conditionFloor(n) {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => {
    let result;
    session.post(method, params, (error, value) => {
      if (error) throw error;
      result = value;
    });
    return result;
  };
  post('Debugger.enable');
  const { sitesAt } = require('../dist/lineprofiler/inspector/code.js');
  const ids = [...new Set(sitesAt.flatMap((sites, id) => sites.some((s) => s.code.source.name === 'work') ? [id] : []))];
  // the profiler's Debugger is off by now (idle): set the same locations with `false`
  for (const id of ids) post('Debugger.setBreakpoint', { location: sitesAt[id][0].location, condition: 'false' });
  const ms = msOf(() => work(n));
  session.disconnect();
  return ms;
}

const levels = { used: 0, young: 0 };

module.exports = async function benchLineProfile() {
  const plain = msOf(() => work(LINES), 5);
  const rows = [];
  for (const backend of ['rss', 'heap']) {
    const profiler = new LineProfiler(backend);
    const profiled = profiler.wrap(work);
    profiled(1);
    const ms = msOf(() => profiled(LINES));
    rows.push([`profiled, backend ${backend}`, ((ms - plain) * 1e6) / LINE_EVENTS(LINES), 'target < 50000 ns per line']);
  }
  await new Promise((resolve) => setImmediate(resolve));
  const floor = conditionFloor(LINES);
  rows.push(["V8 floor: breakpoint condition 'false'", ((floor - plain) * 1e6) / LINE_EVENTS(LINES), 'same breakpoints, no hook']);
  printTable(`line profiler: ns per executed line (work(${LINES}), ${LINE_EVENTS(LINES)} line events), ratio to the V8 floor`, rows, rows[2][1]);

  const reads = nsPerCall({
    'memoryInfo().rss': () => memoryInfo().rss,
    'v8.getHeapStatistics().used_heap_size': () => v8.getHeapStatistics().used_heap_size,
    'heap backend (v8.getHeapSpaceStatistics())': () => readHeapLevels(levels),
    'process.memoryUsage().heapUsed': () => process.memoryUsage().heapUsed,
  }, { iterations: 20000, rounds: 5 });
  printTable('memory readings, one per line event: ns per call, ratio to memoryInfo().rss', Object.entries(reads), reads['memoryInfo().rss']);

  const MemEater = defineMemEater();
  const eatPlain = msOf(() => new MemEater().eat(12345), 5);
  const eatRows = [['plain', eatPlain * 1e6]];
  for (const backend of ['rss', 'heap']) {
    const profiler = new LineProfiler(backend);
    const Profiled = defineMemEater((fn) => profiler.wrap(fn));
    const ms = msOf(() => new Profiled().eat(12345), 1);
    eatRows.push([`profiled, backend ${backend}`, ms * 1e6, `${((ms * 1e6) / (2 * 12345 + 2) / 1000).toFixed(1)} us per line event`]);
  }
  printTable('MemEater().eat(12345): ns per call, ratio to plain', eatRows, eatPlain * 1e6);
};
