'use strict';
// The line profiler's inspector path on the seed's MemEater with the heap backend (a file of its
// own: tens of seconds on a busy machine, beside lineprofile.test.js's rss run).
const t = require('tap');
const { LineProfiler } = require('../dist/lineprofiler/index.js');
const { defineMemEater } = require('./fixtures/lineprofile/mem-eater.js');

t.test('MemEater with heap: V8\'s work per breakpoint is left out', async (t) => {
  const profiler = new LineProfiler('heap');
  const Eater = defineMemEater((fn) => profiler.wrap(fn));
  new Eater().eat(12345);
  const eat = profiler.results().find((result) => result.name === 'eat');
  const row = (text) => eat.lines.find((line) => line.contents.includes(text));
  const fill = row('this._dict.set(i, String(i))');
  const loop = row('for (let i = 0; i < n; i++)');
  t.equal(fill.occurrences, 12345);
  t.equal(loop.occurrences, 12346);
  // V8 allocates about 2.5 KB per breakpoint hit: 30 MiB on each loop line if it counted
  t.ok(Math.abs(loop.increment) < 0.5, `the loop line allocates nothing: ${loop.increment.toFixed(3)} MiB`);
  // the fill line's own figure depends on V8's state: whether String(i) finds its strings in the
  // number-string cache, when the Map is promoted (its table then grows in the old generation);
  // test/lineprofile-increments.test.js checks a line's allocation against one by hand
  // 12345 map entries and strings are live by the end: the heap grew along the fill line
  t.ok(fill.memUsage > row('eat(n) {').memUsage + 0.5, `heap max on the fill line ${fill.memUsage} MiB`);
});
