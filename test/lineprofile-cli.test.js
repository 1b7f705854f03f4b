'use strict';
// memkit profile (python -m memory_profiler) and FUNC lines under memkit run (mprof --python).
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseMprofile } = require('../dist/profiler/index.js');

const MAIN = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
const SCRIPT = path.join(__dirname, 'fixtures', 'lineprofile', 'script.js');
// tap's loaders stay out of the children
const memkit = (...args) => spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, MAIN, ...args], { encoding: 'utf8' });

t.test('memkit profile SCRIPT ARGS: one table for all calls, printed at exit', async (t) => {
  const result = memkit('profile', '--precision', '2', SCRIPT, 'a', 'b c');
  t.equal(result.status, 0, result.stderr);
  t.match(result.stdout, /^built 1010 a b c\n/, 'the script runs with its arguments');
  t.match(result.stdout, `Filename: ${SCRIPT}\n\nLine #    Mem usage    Increment  Occurrences   Line Contents\n`);
  t.match(result.stdout, / \d+\.\d\d MiB .* {8}1012 {5}for \(let i = 0; i < n; i\+\+\) \{\n/, 'both calls counted: 1001 + 11');
  t.match(result.stdout, / {8}1010 {7}list\.push\(\{ i \}\);\n/);
  t.equal(memkit('profile', '--backend', 'vms', SCRIPT).status, 2, 'a bad backend is a usage error');
});

t.test('memkit run: profile()d calls become mprof FUNC lines in the .dat file', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-lineprofile-cli-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const dat = path.join(dir, 'run.dat');
  const result = memkit('run', '-T', '0.01', '-o', dat, process.execPath, SCRIPT);
  t.equal(result.status, 0, result.stderr);
  t.match(result.stdout, /^built 1010/, 'no line table: the calls are only timed, as under mprof run --python');
  const text = fs.readFileSync(dat, 'utf8');
  t.match(text, /\nFUNC script.build \d+\.\d{4} \d+\.\d{4} \d+\.\d{4} \d+\.\d{4} 0\n/, "mprof's FUNC format: module.name, levels from 0");
  const { funcs, mem } = parseMprofile(text, dat);
  t.equal(funcs.length, 2, 'one FUNC line per call');
  for (const span of funcs) t.ok(span.end.ts >= span.start.ts && span.start.ts >= mem[0].ts - 1, 'times on the MEM clock');
});
