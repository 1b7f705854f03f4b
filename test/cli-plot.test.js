'use strict';
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { DOMParser } = require('@xmldom/xmldom');
const { memkit, scratch, writeFiles } = require('./cli-helpers.js');

// Two profiles made by hand in memory_profiler's format; the second has two children.
const T0 = 1700000000;
const dat = (cmd, values, children = {}) => [
  `CMDLINE ${cmd}`,
  ...values.flatMap((mem, i) => [
    `MEM ${mem.toFixed(6)} ${(T0 + i * 0.1).toFixed(4)}`,
    ...Object.entries(children).map(([pid, series]) => `CHLD ${pid} ${series[i].toFixed(6)} ${(T0 + i * 0.1).toFixed(4)}`),
  ]),
].join('\n') + '\n';
const OLD = 'mprofile_20240101000000.dat';
const NEW = 'mprofile_20240102030405.dat';
const FILES = {
  [OLD]: dat('node old.js', [10, 20, 30, 25]),
  [NEW]: dat('node new.js', [12, 50, 210.5, 40], { 4242: [1, 60, 70, 5], 4343: [2, 3, 4, 5] }),
};

function svgDom(text) {
  const errors = [];
  const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') errors.push(message); } })
    .parseFromString(text, 'image/svg+xml');
  return { doc, errors };
}

/** The paths drawn for the series: one per file and per child. */
function linePaths(doc) {
  return [...doc.getElementsByTagName('path')].filter((p) => p.getAttribute('class') === 'series');
}

t.test('plot -o out.svg: valid SVG, one line per file and per child, the peak marked', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, FILES);
  const r = memkit(['plot', '-o', 'both.svg', '--title', 'two runs', OLD, NEW], { cwd: dir });
  t.equal(r.status, 0, r.stderr);
  const { doc, errors } = svgDom(fs.readFileSync(path.join(dir, 'both.svg'), 'utf8'));
  t.same(errors, [], 'parses as XML');
  const svg = doc.documentElement;
  t.equal(svg.tagName, 'svg');
  t.equal([svg.getAttribute('width'), svg.getAttribute('height')].join('x'), '800x450', '800x450');
  t.equal(linePaths(doc).length, 4, 'old, new, child 4242, child 4343');
  const text = [...doc.getElementsByTagName('text')].map((n) => n.textContent);
  t.ok(text.includes('two runs'), 'title');
  t.ok(text.some((s) => /^peak 210\.5 MiB/.test(s)), 'peak label');
  t.ok(text.some((s) => s.includes('child 4242')), 'child in the legend');
});

t.test('plot -o out.png: a PNG of the SVG\'s size; default file is the newest', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, FILES);
  const r = memkit(['plot', '-o', 'new.png'], { cwd: dir });
  t.equal(r.status, 0, r.stderr);
  t.match(r.stderr, NEW, 'says which file it took');
  const png = fs.readFileSync(path.join(dir, 'new.png'));
  t.same([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  t.equal(png.toString('latin1', 12, 16), 'IHDR', 'IHDR first');
  t.equal(png.readUInt32BE(16), 800, 'width');
  t.equal(png.readUInt32BE(20), 450, 'height');
  t.ok(png.length > 5000, `not blank (${png.length} bytes)`);
});

t.test('plot without -o draws in the terminal; bad -o is a usage error', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, FILES);
  const r = memkit(['plot', '0'], { cwd: dir });
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, 'node old.js', 'title is the command line');
  t.match(r.stdout, 'memory: peak 30.0 MiB at 0.20 s');
  t.match(r.stdout, /MiB ┤/, 'the y axis');
  t.notMatch(r.stdout, /\x1b\[/, 'no colours when stdout is not a TTY');
  const bad = memkit(['plot', '-o', 'x.jpg', NEW], { cwd: dir });
  t.equal(bad.status, 2);
  t.match(bad.stderr, /^memkit: plot: --output must end in \.svg or \.png/);
});

t.test('peak, list and clean as mprof has them', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, { ...FILES, 'other.dat': 'x' });
  const peak = memkit(['peak', OLD, NEW], { cwd: dir });
  t.equal(peak.status, 0, peak.stderr);
  t.equal(peak.stdout, `${OLD}\t30.000 MiB\n${NEW}\t210.500 MiB\n  Child 4242\t\t\t70.000 MiB\n  Child 4343\t\t\t5.000 MiB\n`);
  t.equal(memkit(['peak', '-1'], { cwd: dir }).stdout.split('\n')[0], `${NEW}\t210.500 MiB`, 'index -1 is the newest');
  t.equal(memkit(['list'], { cwd: dir }).stdout, `0 ${OLD} 00:00:00 01/01/2024\n1 ${NEW} 03:04:05 02/01/2024\n`);
  const dry = memkit(['clean', '--dry-run'], { cwd: dir });
  t.equal(dry.stdout, `Files to be removed: \n${OLD}\n${NEW}\n`);
  t.equal(memkit(['clean'], { cwd: dir }).status, 0);
  t.same(fs.readdirSync(dir), ['other.dat'], 'only the mprofile files went');
  const none = memkit(['peak'], { cwd: dir });
  t.equal(none.status, 1);
  t.match(none.stderr, /no mprofile_\*\.dat file in .*memkit run/);
});

t.test('unreadable or malformed files are named with the line', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, { 'bad.dat': 'CMDLINE x\nMEM 1.0 2.0\nMEM 1.5 oops\n', 'empty.dat': 'CMDLINE x\n', 'blank.dat': 'MEM 1 2\n\n' });
  for (const cmd of ['peak', 'plot']) {
    const r = memkit([cmd, 'bad.dat'], { cwd: dir });
    t.equal(r.status, 1, `${cmd} exits 1`);
    t.equal(r.stderr, 'memkit: bad.dat:3: MEM needs <MiB> <timestamp>\n', `${cmd} names file and line`);
  }
  t.match(memkit(['peak', 'blank.dat'], { cwd: dir }).stderr, /^memkit: blank\.dat:2: empty line/);
  t.match(memkit(['peak', 'empty.dat'], { cwd: dir }).stderr, /^memkit: empty\.dat: no MEM line/);
  const missing = memkit(['peak', 'nope.dat'], { cwd: dir });
  t.equal(missing.status, 1);
  t.equal(missing.stderr, 'memkit: cannot read nope.dat: no such file\n');
  if (process.getuid?.() !== 0) {
    writeFiles(dir, { 'locked.dat': 'MEM 1 2\n' });
    fs.chmodSync(path.join(dir, 'locked.dat'), 0);
    t.match(memkit(['peak', 'locked.dat'], { cwd: dir }).stderr, /^memkit: cannot read locked\.dat: EACCES/);
  }
});
