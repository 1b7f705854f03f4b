'use strict';
// Increments under garbage collection: memkit sums what the code itself changed between line
// events, not memory_profiler's "now minus the previous line's largest reading", which a GC
// drives hundreds of MiB negative under V8.
const t = require('tap');
const { LineProfiler } = require('memkit/profiler');
const { churn } = require('./fixtures/lineprofile/churn.js');

function rows(profiler) {
  return Object.fromEntries(profiler.results()[0].lines.filter((l) => l.occurrences !== null).map((l) => [l.contents.trim(), l]));
}

t.test('heap backend: a line that allocates garbage shows it; no increment goes negative', async (t) => {
  const profiler = new LineProfiler('heap');
  profiler.wrap(churn)(3000);
  const r = rows(profiler);
  const garbageLine = r['const garbage = new Array(512).fill(i);'];
  t.equal(garbageLine.occurrences, 3000);
  for (const [text, line] of Object.entries(r)) t.ok(line.increment >= 0, `${text}: ${line.increment.toFixed(3)} MiB`);
  // 3000 arrays of 512 slots: at least 3000 * 512 * 4 bytes were allocated on that line
  t.ok(garbageLine.increment >= (3000 * 512 * 4) / 2 ** 20, `the garbage line allocated ${garbageLine.increment.toFixed(2)} MiB`);
  t.ok(garbageLine.increment > r['kept.push(garbage.length + i);'].increment, 'more than the line that keeps one number');
});

t.test('rss backend: the increments add up to the change over the call', async (t) => {
  const profiler = new LineProfiler('rss');
  profiler.wrap(churn)(3000);
  const lines = profiler.results()[0].lines.filter((l) => l.occurrences !== null);
  const [first, ...rest] = lines;
  const sum = rest.reduce((total, l) => total + l.increment, 0);
  t.ok(sum > -64 && sum < 64, `the increments after the call line sum to ${sum.toFixed(3)} MiB, not hundreds`);
  t.ok(first.increment === first.memUsage, 'the call line shows the whole reading, as in memory_profiler');
});
