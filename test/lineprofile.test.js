'use strict';
// The line profiler on the seed's MemEater: memory_profiler's table, line for line.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { LineProfiler, formatResults, profile, showResults } = require('../dist/lineprofiler/index.js');
const { percentF: pyFixed } = require('../dist/pyformat.js');
const { defineMemEater } = require('./fixtures/lineprofile/mem-eater.js');
const { PAGE } = require('./psutil-helpers.js');

const FIXTURE = path.join(__dirname, 'fixtures', 'lineprofile', 'mem-eater.js');
const SOURCE_LINES = fs.readFileSync(FIXTURE, 'utf8').split('\n');
const lineOf = (text) => SOURCE_LINES.findIndex((line) => line.includes(text)) + 1;
const HEADER = 'Line #    Mem usage    Increment  Occurrences   Line Contents';

function sink() {
  const chunks = [];
  return { write: (text) => chunks.push(text), text: () => chunks.join('') };
}

/** Parses memory_profiler's text back into { lineno: { mem, inc, occ, contents } } per table. */
function parseTables(text) {
  return text.split('Filename: ').slice(1).map((chunk) => {
    const [filenameLine, , header, rule, ...rows] = chunk.split('\n');
    const lines = {};
    for (const row of rows) {
      const m = /^\s*(\d+) (.{12}) (.{12})  (.{10})   (.*)$/.exec(row);
      if (!m) continue;
      lines[m[1]] = { mem: m[2].trim(), inc: m[3].trim(), occ: m[4].trim(), contents: m[5] };
    }
    return { filename: filenameLine, header, rule, lines };
  });
}

t.test('MemEater with rss: memory_profiler layout, occurrences and source lines', async (t) => {
  const out = sink();
  const Eater = defineMemEater((fn) => profile(fn, { stream: out }));
  const e = new Eater();
  e.eat(12345);
  t.equal(e._dict.size, 12345, 'the profiled code did its work');
  const plain = new (defineMemEater())();
  plain.eat(12345);
  t.equal(e._all, plain._all, 'same result as unprofiled');
  t.ok(e instanceof Eater, 'instances are still MemEaters');
  const [ctor, eat] = parseTables(out.text());
  for (const table of [ctor, eat]) {
    t.equal(table.filename, FIXTURE);
    t.equal(table.header, HEADER);
    t.equal(table.rule, '='.repeat(61));
  }
  const loop = lineOf('for (let i = 0; i < n; i++)');
  const fill = lineOf('this._dict.set(i, String(i))');
  const join = lineOf("this._all = [...this._dict.values()].join(' ')");
  t.equal(eat.lines[loop].occ, '12346', 'the loop line runs n + 1 times');
  t.equal(eat.lines[fill].occ, '12345', 'the fill line runs n times');
  t.equal(eat.lines[join].occ, '1');
  t.equal(eat.lines[lineOf('  eat(n) {')].occ, '1', 'the call line, as memory_profiler counts the def line');
  t.equal(eat.lines[loop + 2].mem, '', 'a line that never runs on its own (the closing brace) is blank');
  t.equal(eat.lines[join + 1].occ, '', 'the function end is blank');
  for (const [lineno, row] of Object.entries(eat.lines)) t.equal(row.contents, SOURCE_LINES[lineno - 1], `line ${lineno} content`);
  t.same(Object.keys(eat.lines).map(Number), [13, 14, 15, 16, 17, 18], 'one row per line of eat()');
  t.same(Object.keys(ctor.lines).map(Number), [8, 9, 10, 11], 'one row per line of the constructor');
  t.match(eat.lines[fill].mem, /^\d+\.\d MiB$/, 'precision 1 by default');
});

t.test('results() gives the table as objects; showResults() prints it', async (t) => {
  const profiler = new LineProfiler();
  const MemEater = defineMemEater();
  const eat = profiler.wrap(MemEater.prototype.eat);
  const e = new MemEater();
  const linux = process.platform === 'linux';
  const rss = () => (linux ? (Number(fs.readFileSync('/proc/self/statm', 'utf8').split(' ')[1]) * PAGE) / 2 ** 20 : NaN);
  const before = rss();
  eat.call(e, 10);
  eat.call(e, 10);
  const after = rss();
  const peak = linux ? Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) / 1024 : NaN;
  const [result] = profiler.results();
  t.equal(result.name, 'eat');
  t.equal(result.filename, FIXTURE);
  const fill = result.lines.find((line) => line.lineno === lineOf('this._dict.set(i, String(i))'));
  t.equal(fill.occurrences, 20, 'one profiler accumulates calls, as memory_profiler\'s LineProfiler');
  if (linux) {
    t.ok(fill.memUsage >= Math.min(before, after) - 1 && fill.memUsage <= peak,
      `the line's largest reading ${fill.memUsage} MiB: rss ${before}..${after} MiB around the calls, peak ${peak} MiB`);
  }
  // rss is the process's: a young-generation page V8 commits while the line runs is the line's
  // increment (as with memory_profiler), so more than the strings shows only when rss grew that much.
  t.ok(Math.abs(fill.increment) < 1 || (linux && fill.increment <= after - before),
    `20 short strings add less than 1 MiB, or no more than rss grew over the calls: ${fill.increment} (rss ${before}..${after} MiB)`);
  t.equal(result.lines.at(-1).memUsage, null);
  const out = sink();
  showResults(profiler, { stream: out, precision: 3 });
  const [printed] = parseTables(out.text());
  for (const line of result.lines) {
    const row = printed.lines[line.lineno];
    if (line.occurrences === null) {
      t.same([row.mem, row.inc, row.occ], ['', '', ''], `line ${line.lineno} did not run: no figures`);
      continue;
    }
    t.equal(Number(row.occ), line.occurrences, `line ${line.lineno}: occurrences printed`);
    // three decimals: within half of the last digit
    t.ok(Math.abs(Number(row.mem.replace(' MiB', '')) - line.memUsage) <= 0.0005 + 1e-9, `line ${line.lineno}: ${row.mem} is ${line.memUsage}`);
    t.ok(Math.abs(Number(row.inc.replace(' MiB', '')) - line.increment) <= 0.0005 + 1e-9, `line ${line.lineno}: ${row.inc} is ${line.increment}`);
  }
});

t.test('figures are formatted as Python formats floats', async (t) => {
  t.equal(pyFixed(0.25, 1), '0.2', 'ties to even');
  t.equal(pyFixed(0.75, 1), '0.8');
  t.equal(pyFixed(2.5, 0), '2');
  t.equal(pyFixed(13.97265625, 3), '13.973');
  t.equal(pyFixed(-0.01, 1), '-0.0');
  t.equal(pyFixed(-0, 1), '-0.0');
  const text = formatResults([{ filename: 'x.js', name: 'f', lines: [
    { lineno: 2, contents: '    @profile', memUsage: 13.97265625, increment: 13.97265625, occurrences: 1 },
    { lineno: 3, contents: '    def __init__(self):', memUsage: null, increment: null, occurrences: null },
  ] }], 3);
  t.equal(text, [
    'Filename: x.js',
    '',
    HEADER,
    '='.repeat(61),
    '     2   13.973 MiB   13.973 MiB           1       @profile',
    '     3                                             def __init__(self):',
    '',
    '',
    '',
  ].join('\n'), 'the seed output\'s first rows, character for character');
});

t.test('bad arguments name the argument', async (t) => {
  t.throws(() => profile(123), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"fn"/ });
  t.throws(() => profile(() => 1, { backend: 'vms' }), { name: 'TypeError', message: /"options.backend"/ });
  t.throws(() => profile(() => 1, { precision: -1 }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE', message: /"options.precision"/ });
  t.throws(() => profile(() => 1, { precision: 1.5 }), { name: 'TypeError', message: /"options.precision"/ });
  t.throws(() => profile(() => 1, { stream: {} }), { name: 'TypeError', message: /"options.stream"/ });
  t.throws(() => profile(() => 1, 'rss'), { name: 'TypeError', message: /"options"/ });
  t.throws(() => profile(Math.max), { name: 'TypeError', message: /JavaScript source/ });
  t.throws(() => showResults(new LineProfiler(), { precision: 'x' }), { name: 'TypeError' });
  t.throws(() => new LineProfiler('x'), { name: 'TypeError', message: /"backend"/ });
});
