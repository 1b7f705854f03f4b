'use strict';
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { memkit } = require('./cli-helpers.js');

// one run for every test: the demo takes seconds (its line-profiled run most of them)
const r = memkit(['demo']);

t.test('memkit demo runs the seed workload and prints both records before and after', async (t) => {
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stderr, '');
  t.match(r.stdout, /new MemEater\(\)\.eat\(12345\) built a Map of 12,345 strings and joined them into 62,959 characters/, 'the workload ran');
  const rusage = r.stdout.match(/^(before|after): +resource\.struct_rusage\(ru_utime=.*ru_nivcsw=\d+\)$/gm) ?? [];
  t.equal(rusage.length, 2, 'struct_rusage before and after');
  const pmem = r.stdout.match(/^(before|after): +pmem\(rss=\d+, vms=\d+.*\)$/gm) ?? [];
  t.equal(pmem.length, 2, 'pmem before and after');
  for (const field of ['ru_maxrss', 'ru_minflt', 'ru_utime', 'rss', 'vms']) {
    t.match(r.stdout, new RegExp(`^  ${field}: [+-]?[\\d.]+ \\w+\\n {6}\\S.*\\.$`, 'm'), `${field} difference with its sentence`);
  }
});

t.test('memkit demo has the sizeof section, measured outside the light readings', async (t) => {
  t.equal(r.status, 0, r.stderr);
  const number = (label) => Number(new RegExp(`^${label}: +([\\d,]+) bytes$`, 'm').exec(r.stdout)[1].replaceAll(',', ''));
  t.equal(number('getsizeof\\(e\\)'), 104);
  t.ok(number('retainedSize\\(e\\)') >= number('asizeof\\(e\\)'), 'the instance alone retains its Map and strings');
  const rss = Number(/^  rss: \+?(-?\d+) bytes$/m.exec(r.stdout)[1]);
  t.ok(rss < 32 * 2 ** 20, `the psutil rss difference (${rss}) does not include a heap snapshot's cost`);
});

t.test('memkit demo has tracemalloc\'s Top 10, led by MemEater.eat', async (t) => {
  t.equal(r.status, 0, r.stderr);
  const section = r.stdout.slice(r.stdout.indexOf('[ Top 10 ]'));
  const [first] = section.split('\n').slice(1);
  t.match(first, /mem-eater\.[jt]s:\d+ \(eat\): size=\d+ KiB, count=\d+, average=\d+ B$/, first);
  const kib = Number(/size=(\d+) KiB/.exec(first)[1]);
  // 12,345 strings of 24 bytes, the Map's table (458,792 bytes) and the 62,959-character string
  t.ok(kib > 600 && kib < 1100, `${kib} KiB for about 800 KiB of live objects`);
});

t.test('memkit demo ends with memory_profiler\'s tables for the constructor and eat(), in the .ts file', async (t) => {
  t.equal(r.status, 0, r.stderr);
  const source = path.join(__dirname, '..', 'src', 'cli', 'demo', 'mem-eater.ts');
  const lines = fs.readFileSync(source, 'utf8').split('\n');
  const tables = r.stdout.slice(r.stdout.indexOf('== memory_profiler @profile')).split('Filename: ').slice(1);
  t.equal(tables.length, 2, 'one table each');
  const rows = (table) => Object.fromEntries(table.split('\n')
    .map((row) => /^ *(\d+) (.{12}) (.{12})  (.{10})   (.*)$/.exec(row))
    .filter(Boolean)
    .map(([, lineno, , , occurrences, contents]) => [Number(lineno), { occurrences: occurrences.trim(), contents }]));
  const lineOf = (needle) => lines.findIndex((line) => line.includes(needle)) + 1;
  for (const table of tables) {
    t.ok(table.startsWith(`${source}\n`), 'the source map leads to the .ts file');
    for (const [lineno, row] of Object.entries(rows(table))) t.equal(row.contents, lines[lineno - 1], `line ${lineno} as in the file`);
  }
  const ctor = rows(tables[0]);
  t.equal(ctor[lineOf('constructor() {')].occurrences, '1');
  t.equal(ctor[lineOf('this._dict = new Map();')].occurrences, '1');
  const eat = rows(tables[1]);
  t.equal(eat[lineOf('for (let i = 0; i < n; i++) {')].occurrences, '12346', 'the loop line, as in the guide');
  t.equal(eat[lineOf('this._dict.set(i, String(i));')].occurrences, '12345', 'the fill line, as in the guide');
  t.equal(eat[lineOf('.join(\' \')')].occurrences, '1');
});
