'use strict';
// memkit plot on the files that used to crash its terminal chart, under a real pseudo-terminal,
// with --slope and --window.
const t = require('tap');
const { spawnSync } = require('node:child_process');
const { MAIN, memkit, scratch, writeFiles } = require('./cli-helpers.js');
const { EDGES } = require('./plot-fixtures.js');

const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs memkit under a pseudo-terminal of 24x100; returns what the terminal received. */
function underTerminal(args, cwd, env = {}) {
  const quoted = [process.execPath, MAIN, ...args].map((a) => `'${a}'`).join(' ');
  const inherited = { ...process.env };
  delete inherited.NO_COLOR;
  const r = spawnSync('script', ['-qec', `stty rows 24 cols 100; ${quoted}`, '/dev/null'], { cwd, encoding: 'utf8', env: { ...inherited, ...env } });
  return r.stdout;
}

t.test('the terminal chart draws every file that crashed it', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, EDGES);
  for (const args of [['one.dat'], ['same.dat'], ['nan.dat'], ['chld.dat'], ['one.dat', 'long.dat'], ['chld.dat', 'long.dat']]) {
    const r = memkit(['plot', ...args], { cwd: dir });
    t.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    t.match(r.stdout, /MiB ┤/, `${args.join(' ')}: a chart`);
  }
  const chld = memkit(['plot', 'chld.dat'], { cwd: dir }).stdout;
  t.match(chld, 'memory: peak 2.5 MiB at 2.00 s');
  t.match(chld, 'child 7: peak 3.0 MiB at 0.50 s');
  t.match(chld, 'child 8: peak 9.0 MiB at 1.50 s');
  t.match(memkit(['plot', 'nan.dat'], { cwd: dir }).stdout, 'memory: peak 3.0 MiB at 3.00 s', 'nan and inf are not drawn');
});

t.test('on a terminal: colours (escape codes, not [object Object]); none with NO_COLOR', { skip: !hasScript && 'script(1) is not installed' }, async (t) => {
  const dir = scratch(t);
  writeFiles(dir, EDGES);
  const coloured = underTerminal(['plot', 'chld.dat', 'long.dat'], dir);
  t.match(coloured, /\x1b\[34m/, 'blue for the second series');
  t.match(coloured, 'child 7: peak 3.0 MiB');
  t.notMatch(coloured, /object Object/);
  const plain = underTerminal(['plot', 'chld.dat'], dir, { NO_COLOR: '1' });
  t.match(plain, 'child 7: peak 3.0 MiB');
  t.notMatch(plain, /\x1b\[\d+m/, 'NO_COLOR: no colour codes');
});

t.test('--slope prints the least-squares MiB/s; --window limits the time axis', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, EDGES);
  const r = memkit(['plot', '--slope', 'line.dat'], { cwd: dir });
  t.match(r.stdout, 'memory slope 2.00000: peak 16.0 MiB', 'the fit of 10, 12, 14, 16 MiB a second apart');
  const svg = memkit(['plot', '-s', '-o', 'line.svg', 'line.dat'], { cwd: dir });
  t.equal(svg.stdout, 'memory: slope 2.00000 MiB/s\n');
  const w = memkit(['plot', '-w', '1,2', 'line.dat'], { cwd: dir });
  t.match(w.stdout, /^ +1\.00 s ─+ 2\.00 s$/m, 'axis from 1 s to 2 s');
  t.match(w.stdout, /16\.0 MiB ┤/, 'top row: the highest value inside the window');
  t.notMatch(w.stdout, /10\.0 MiB ┤/, 'the first sample is outside');
  const bad = memkit(['plot', '-w', '2,1', 'line.dat'], { cwd: dir });
  t.equal(bad.status, 2);
  t.match(bad.stderr, /^memkit: plot: --window must be two numbers/);
});

