'use strict';
// Increments under garbage collection: memkit sums what the code itself changed between line
// events, not memory_profiler's "now minus the previous line's largest reading", which a GC
// drives hundreds of MiB negative under V8; with the heap backend, what each line allocated.
const t = require('tap');
const v8 = require('node:v8');
const { LineProfiler } = require('memkit/profiler');
const { churn } = require('./fixtures/lineprofile/churn.js');

function rows(profiler) {
  return Object.fromEntries(profiler.results()[0].lines.filter((l) => l.occurrences !== null).map((l) => [l.contents.trim(), l]));
}

/** Bytes V8's young generation grows by while `make` runs once, read by hand (median of 9). */
function youngGrowth(make) {
  const young = () => v8.getHeapSpaceStatistics()
    .filter((space) => space.space_name === 'new_space' || space.space_name === 'new_large_object_space')
    .reduce((sum, space) => sum + space.space_used_size, 0);
  const growths = [];
  for (let k = 0; k < 9; k++) {
    const before = young();
    const after = young();
    make(k);
    // less what a reading itself allocates
    growths.push(young() - after - (after - before));
  }
  return growths.sort((a, b) => a - b)[4];
}

t.test('heap backend: each line shows what it allocated, V8\'s work per breakpoint left out', async (t) => {
  const profiler = new LineProfiler('heap');
  profiler.wrap(churn)(3000);
  const r = rows(profiler);
  const garbageLine = r['const garbage = new Array(512).fill(i);'];
  t.equal(garbageLine.occurrences, 3000);
  const byHand = (3000 * youngGrowth((i) => new Array(512).fill(i))) / 2 ** 20;
  t.ok(Math.abs(garbageLine.increment - byHand) < byHand * 0.1, `the garbage line allocated ${garbageLine.increment.toFixed(3)} MiB, by hand ${byHand.toFixed(3)} MiB`);
  for (const text of ['const kept = [];', 'for (let i = 0; i < n; i++) {', 'return kept;']) {
    t.ok(Math.abs(r[text].increment) < 0.25, `${text} allocates (next to) nothing: ${r[text].increment.toFixed(3)} MiB`);
  }
  // one number kept per turn, and the array's growth
  t.ok(r['kept.push(garbage.length + i);'].increment < byHand / 10, `the line that keeps a number: ${r['kept.push(garbage.length + i);'].increment.toFixed(3)} MiB`);
});

t.test('rss backend: the increments add up to the change over the call', async (t) => {
  const fs = require('node:fs');
  const { PAGE } = require('./psutil-helpers.js');
  const rss = () => (Number(fs.readFileSync('/proc/self/statm', 'utf8').split(' ')[1]) * PAGE) / 2 ** 20;
  // a first call through another profiler sets the breakpoints and turns the Debugger on: both
  // stay for a call right after it, so only the call itself runs between the two rss readings
  new LineProfiler('rss').wrap(churn)(10);
  const profiler = new LineProfiler('rss');
  const wrapped = profiler.wrap(churn);
  const before = process.platform === 'linux' ? rss() : NaN;
  wrapped(3000);
  const after = process.platform === 'linux' ? rss() : NaN;
  const lines = profiler.results()[0].lines.filter((l) => l.occurrences !== null);
  const [first, ...rest] = lines;
  const last = lines.at(-1);
  t.equal(last.contents.trim(), 'return kept;');
  t.equal(last.occurrences, 1, 'the last line runs once: its reading is the call\'s last');
  const sum = rest.reduce((total, l) => total + l.increment, 0);
  const change = last.memUsage - first.memUsage;
  t.ok(Math.abs(sum - change) < 1e-6, `the increments after the call line sum to ${sum.toFixed(3)} MiB: the last reading less the first is ${change.toFixed(3)} MiB`);
  if (process.platform === 'linux') {
    t.ok(Math.abs(sum - (after - before)) < 1, `and rss in /proc/self/statm changed by ${(after - before).toFixed(3)} MiB over the call`);
  }
  t.ok(first.increment === first.memUsage, 'the call line shows the whole reading, as in memory_profiler');
});

t.test('heap backend in a script without a url (eval): profiled, with V8\'s work left in', async (t) => {
  const count = (0, eval)(`(function count(n) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += i;
  }
  return total;
})`);
  const profiler = new LineProfiler('heap');
  t.equal(profiler.wrap(count)(2000), 1999000, 'the profiled code did its work');
  const [result] = profiler.results();
  t.match(result.filename, /^<script \d+>$/);
  const add = result.lines.find((line) => line.contents.includes('total += i;'));
  t.equal(add.occurrences, 2000);
  // no twin can be set there (a by-hash breakpoint needs a url): about 2.5 KB per event
  t.ok(add.increment > (2000 * 1024) / 2 ** 20, `V8's work shows: ${add.increment.toFixed(3)} MiB`);
});

t.test('heap backend: the profiler\'s own work for a nested profiled call (a table printed) is left out', async (t) => {
  const { profile } = require('memkit/profiler');
  const printed = [];
  const inner = profile(churn, { backend: 'heap', stream: { write: (text) => printed.push(text) } });
  function caller(calls) {
    let kept = 0;
    for (let k = 0; k < calls; k++) kept += inner(1).length;
    return kept;
  }
  const profiler = new LineProfiler('heap');
  t.equal(profiler.wrap(caller)(100), 100);
  t.equal(printed.length, 100, 'a table per call of inner');
  // churn(1) allocates about 4 KiB; a table, its formatting, and the profiler's bookkeeping for
  // a call took about 28 KiB more per call before they were left out
  const line = rows(profiler)['for (let k = 0; k < calls; k++) kept += inner(1).length;'];
  t.ok(line.increment * 2 ** 20 / 100 < 8 * 1024, `${(line.increment * 1024 / 100).toFixed(1)} KiB per nested call`);
});

t.test('heap backend: a thousand calls of a function that allocates nothing add next to nothing', async (t) => {
  const profiler = new LineProfiler('heap');
  const wrapped = profiler.wrap(require('./fixtures/lineprofile/shapes.js').makeClosure(2));
  for (let k = 0; k < 20; k++) wrapped(1);
  const before = profiler.results()[0].lines.map((l) => l.increment ?? 0);
  for (let k = 0; k < 1000; k++) wrapped(1);
  const after = profiler.results()[0].lines.map((l) => l.increment ?? 0);
  // each call passed 3.5 KiB of the profiler's readings to the first line before they were
  // compensated; about half a KiB is left: the Proxy's argument list, the call itself
  const perCall = (after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)) * 2 ** 20 / 1000;
  t.ok(perCall < 1024, `${perCall.toFixed(0)} bytes per call`);
});
