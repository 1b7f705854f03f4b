'use strict';
// memkit plot and peak with mprof's function spans (FUNC brackets, --flame, peak --func, side by
// side with mprof peak), large files, and without the optional chart packages.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { memkit, scratch, writeFiles } = require('./cli-helpers.js');
const { EDGES } = require('./plot-fixtures.js');

const ROOT = path.join(__dirname, '..');
const MPROF = '/usr/bin/python3-mprof';
const hasMprof = fs.existsSync(MPROF);

t.test('FUNC spans: brackets, a flame graph, listed in the terminal; a peak marker per series', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, EDGES);
  t.equal(memkit(['plot', '-o', 'f.svg', 'func.dat'], { cwd: dir }).status, 0);
  const texts = (file) => [...fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  const brackets = texts('f.svg');
  t.equal(brackets.filter((s) => s === '[').length, 2, 'one [ per call');
  t.equal(brackets.filter((s) => s === ']').length, 2, 'one ] per call');
  t.ok(brackets.includes('app.build') && brackets.includes('app.inner'), 'functions in the legend');
  t.equal(memkit(['plot', '-n', '-o', 'n.svg', 'func.dat'], { cwd: dir }).status, 0);
  t.notOk(texts('n.svg').includes('['), '-n: no brackets');
  t.equal(memkit(['plot', '-f', '-o', 'flame.svg', 'func.dat'], { cwd: dir }).status, 0);
  const flame = texts('flame.svg');
  t.ok(flame.includes('call level'), 'a flame view with call levels');
  t.notOk(flame.includes('['), 'bars, not brackets');
  const term = memkit(['plot', 'func.dat'], { cwd: dir }).stdout;
  t.match(term, '[app.build 0.50 s .. 1.50 s (1.000s): 12.0 -> 30.0 MiB]');
  t.equal(memkit(['plot', '-o', 'c.svg', 'chld.dat'], { cwd: dir }).status, 0);
  t.same(texts('c.svg').filter((s) => s.startsWith('peak ')).sort(), ['peak 2.5 MiB', 'peak 3.0 MiB', 'peak 9.0 MiB'], 'one peak label per series');
});

t.test('peak: Python rounding, --func, the same output as mprof peak', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, { ...EDGES, 'tie.dat': 'MEM 177.812500 100.0\nCHLD 9 0.062500 100.0\n' });
  t.equal(memkit(['peak', 'tie.dat'], { cwd: dir }).stdout, 'tie.dat\t177.812 MiB\n  Child 9\t\t\t0.062 MiB\n', 'ties to even');
  t.equal(memkit(['peak', '--func', 'app.inner', 'func.dat'], { cwd: dir }).stdout, 'func.dat\t20.000 MiB\n');
  t.equal(memkit(['peak', '--func', 'app.build', 'func.dat'], { cwd: dir }).stdout, 'func.dat\t30.000 MiB\n');
  t.equal(memkit(['peak', '--func', 'nope', 'func.dat'], { cwd: dir }).stdout, 'func.dat\tNaN MiB\n');
  if (!hasMprof) {
    t.comment('python3-mprof (Debian python3-memory-profiler) is not installed: no side-by-side check');
    return;
  }
  for (const args of [['tie.dat'], ['chld.dat'], ['func.dat'], ['--func', 'app.inner', 'func.dat'], ['--func', 'nope', 'func.dat']]) {
    const theirs = spawnSync(MPROF, ['peak', ...args], { cwd: dir, encoding: 'utf8' });
    t.equal(memkit(['peak', ...args], { cwd: dir }).stdout, theirs.stdout, `same as mprof peak ${args.join(' ')}`);
  }
});

t.test('a large file: the drawing is downsampled, the peak exact', async (t) => {
  const dir = scratch(t);
  const lines = ['CMDLINE big'];
  for (let i = 0; i < 40000; i++) lines.push(`MEM ${(100 + 50 * Math.sin(i / 1000) + (i === 12345 ? 400.123 : 0)).toFixed(6)} ${(1700000000 + i * 0.01).toFixed(4)}`);
  fs.writeFileSync(path.join(dir, 'big.dat'), `${lines.join('\n')}\n`);
  const values = lines.slice(1).map((l) => Number(l.split(' ')[1]));
  const max = values.reduce((a, b) => Math.max(a, b));
  for (const file of ['big.svg', 'big.png']) {
    const r = memkit(['plot', '-o', file, 'big.dat'], { cwd: dir });
    t.equal(r.status, 0, r.stderr);
    const size = fs.statSync(path.join(dir, file)).size;
    t.ok(size < 1e6, `${file} of ${size} bytes < 1 MB`);
  }
  const svg = fs.readFileSync(path.join(dir, 'big.svg'), 'utf8');
  t.match(svg, `peak ${max.toFixed(1)} MiB`, 'the peak label');
  const drawn = svg.match(/<path class="series" d="([^"]*)"/)[1].match(/[ML]/g).length;
  t.ok(drawn <= 4 * 800 && drawn > 800, `${drawn} points drawn for 40000 samples and 800 columns`);
  t.equal(memkit(['peak', 'big.dat'], { cwd: dir }).stdout, `big.dat\t${max.toFixed(3)} MiB\n`, 'memkit peak');
  if (hasMprof) t.equal(memkit(['peak', 'big.dat'], { cwd: dir }).stdout, spawnSync(MPROF, ['peak', 'big.dat'], { cwd: dir, encoding: 'utf8' }).stdout, 'same as mprof peak');
});

t.test('downsample: at most four samples per column, the extremes and the ends kept exactly', async (t) => {
  const { downsample } = require('../dist/cli/downsample.js');
  const n = 100000;
  const samples = { mem: new Float64Array(n), ts: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    samples.mem[i] = Math.sin(i / 37) * 1000 + (i % 7919 === 0 ? i / 100 : 0);
    samples.ts[i] = 50 + i / 100;
  }
  const max = (values) => values.reduce((a, b) => Math.max(a, b));
  const min = (values) => values.reduce((a, b) => Math.min(a, b));
  const kept = downsample(samples, samples.ts[0], samples.ts[n - 1], 800);
  t.ok(kept.mem.length <= 4 * 800 && kept.mem.length === kept.ts.length, `${kept.mem.length} samples kept for 800 columns`);
  t.equal(max(kept.mem), max(samples.mem), 'the exact maximum');
  t.equal(min(kept.mem), min(samples.mem), 'the exact minimum');
  t.same([kept.ts[0], kept.ts.at(-1), kept.mem[0], kept.mem.at(-1)], [samples.ts[0], samples.ts[n - 1], samples.mem[0], samples.mem[n - 1]], 'first and last');
  t.ok(kept.ts.every((ts, i) => i === 0 || ts > kept.ts[i - 1]), 'in time order, none twice');
  // per column, the kept maximum is the column's maximum
  const column = (ts) => Math.min(799, Math.floor(((ts - samples.ts[0]) / (samples.ts[n - 1] - samples.ts[0])) * 800));
  const highest = (mem, ts) => {
    const out = new Array(800).fill(-Infinity);
    mem.forEach((m, i) => { out[column(ts[i])] = Math.max(out[column(ts[i])], m); });
    return out;
  };
  t.same(highest(kept.mem, kept.ts), highest(samples.mem, samples.ts), 'each column keeps its highest sample');
  const few = { mem: Float64Array.of(1, 2), ts: Float64Array.of(0, 1) };
  t.equal(downsample(few, 0, 1, 800), few, 'short series drawn as they are');
});

t.test('without the optional chart packages: plot -o says what to install, the rest works', async (t) => {
  const dir = scratch(t);
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'assets'), path.join(dir, 'assets'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'build'), path.join(dir, 'build'));
  // node_modules with every package but the chart stack
  const optional = Object.keys(require('../package.json').optionalDependencies);
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name.startsWith('.') || optional.includes(name) || optional.some((o) => o.startsWith(`${name}/`))) continue;
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  writeFiles(dir, EDGES);
  const run = (...args) => spawnSync(process.execPath, [path.join(dir, 'dist', 'cli', 'main.js'), ...args], { cwd: dir, encoding: 'utf8' });
  const svg = run('plot', '-o', 'x.svg', 'chld.dat');
  t.equal(svg.status, 1);
  t.equal(svg.stderr, 'memkit: plot -o (SVG and PNG) needs the optional package d3-array, which is not installed: npm install d3-array\n');
  t.equal(run('plot', 'chld.dat').status, 0, 'the terminal chart');
  t.equal(run('peak', 'chld.dat').status, 0, 'peak');
  t.equal(run('run', '-q', '-o', 'r.dat', '--', 'true').status, 0, 'run');
});
