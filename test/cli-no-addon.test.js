'use strict';
// Without the native addon (install scripts disabled, no build for the platform): memkit's
// help, the commands that only read files, memkit/tracemalloc and memkit/sizeof work; the rest
// fails with one line that says how to build it.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { scratch, writeFiles } = require('./cli-helpers.js');

const ROOT = path.join(__dirname, '..');

/** A copy of the package with dist/ and package.json but no build/ or prebuilds/. */
function bareInstall(t) {
  const dir = scratch(t);
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

t.test('the CLI without the addon', async (t) => {
  const dir = bareInstall(t);
  const work = path.join(dir, 'work');
  fs.mkdirSync(work);
  writeFiles(work, { 'mprofile_20200101000000.dat': 'CMDLINE x\nMEM 1.5 100.0\nMEM 2.5 101.0\n' });
  const memkit = (...args) => spawnSync(process.execPath, [path.join(dir, 'dist', 'cli', 'main.js'), ...args], { cwd: work, encoding: 'utf8' });
  t.equal(memkit('--help').status, 0, '--help');
  for (const name of ['run', 'attach', 'plot', 'peak', 'list', 'rm', 'clean', 'time', 'ps', 'profile', 'exporter', 'demo']) {
    t.equal(memkit(name, '--help').status, 0, `${name} --help`);
  }
  t.equal(memkit('peak').stdout, 'mprofile_20200101000000.dat\t2.500 MiB\n', 'peak');
  t.equal(memkit('list').status, 0, 'list');
  t.equal(memkit('plot').status, 0, 'plot in the terminal');
  t.equal(memkit('clean', '-n').status, 0, 'clean');
  for (const args of [['run', '--', 'true'], ['time', 'true'], ['ps'], ['attach', '1'], ['demo'], ['profile', 'x.js'], ['exporter', '--port', '0']]) {
    const r = memkit(...args);
    t.equal(r.status, 1, `${args[0]} exits 1`);
    t.match(r.stderr, /^memkit: memkit's native addon is not built for \S+ \(node [\d.]+\): build it with 'npm rebuild memkit'/, `${args[0]}: how to build it`);
    t.equal(r.stderr.trimEnd().split('\n').length, 1, `${args[0]}: one line`);
  }
  t.same(fs.readdirSync(work), ['mprofile_20200101000000.dat'], 'run left no file behind');
});

t.test('memkit/tracemalloc and memkit/sizeof without the addon; memkit itself names the fix', async (t) => {
  const dir = bareInstall(t);
  const node = (code) => spawnSync(process.execPath, ['-e', code], { cwd: dir, encoding: 'utf8' });
  const sizeof = node("const s = require('./dist/sizeof'); console.log(s.getsizeof(Buffer.alloc(1000)) > 0)");
  t.equal(sizeof.stdout, 'true\n', sizeof.stderr);
  const trace = node("const tm = require('./dist/tracemalloc'); tm.start(); const a = new Array(1e5).fill(1); console.log(tm.getTracedMemory()[0] > 0); tm.stop()");
  t.equal(trace.stdout, 'true\n', trace.stderr);
  const core = node("try { require('./dist').getrusage(0) } catch (e) { console.log(e.code, e.message) }");
  t.match(core.stdout, /^ERR_MEMKIT_NO_ADDON memkit's native addon is not built/);
});
