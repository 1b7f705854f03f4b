'use strict';
// memkit run/attach at the edges: a command that ends at once, bad output paths, two runs in
// one second, every signal a terminal sends, --quiet, scripts run with node, attach.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { memkit, memkitAsync, scratch, writeFiles, readDat } = require('./cli-helpers.js');

const profiles = (dir) => fs.readdirSync(dir).filter((f) => /^mprofile_\d{14}\.dat$/.test(f)).sort();
const oneLine = (t, r, pattern, what) => {
  t.not(r.status, 0, `${what}: non-zero exit`);
  t.equal(r.stderr.trimEnd().split('\n').length, 1, `${what}: one line on stderr (${JSON.stringify(r.stderr)})`);
  t.match(r.stderr, pattern, what);
  t.notMatch(r.stderr, /^\s+at /m, `${what}: no stack trace`);
};
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code !== 'ESRCH';
  }
};

t.test('a command that ends at once still leaves one sample that peak and plot read', async (t) => {
  const dir = scratch(t);
  const r = memkit(['run', '--', 'true'], { cwd: dir });
  t.equal(r.status, 0, r.stderr);
  const [file] = profiles(dir);
  const lines = readDat(path.join(dir, file));
  t.same(lines[0], ['CMDLINE', 'true']);
  const mem = lines.filter((l) => l[0] === 'MEM');
  t.ok(mem.length >= 1, `${mem.length} MEM line(s)`);
  t.ok(mem.every((l) => Number(l[1]) > 0), 'a real reading (or the kernel\'s ru_maxrss of the child), not 0');
  t.equal(memkit(['peak'], { cwd: dir }).status, 0, 'peak reads it');
  t.equal(memkit(['plot'], { cwd: dir }).status, 0, 'plot reads it');
});

t.test('a bad output path is one line, exit 1, and the command never runs', async (t) => {
  const dir = scratch(t);
  const marker = path.join(dir, 'ran.txt');
  const touch = [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`];
  fs.mkdirSync(path.join(dir, 'folder.dat'));
  for (const [output, reason] of [[path.join(dir, 'missing', 'x.dat'), /no such directory/], [path.join(dir, 'folder.dat'), /is a directory/]]) {
    const r = memkit(['run', '-o', output, '--', ...touch], { cwd: dir });
    oneLine(t, r, new RegExp(`^memkit: cannot write ${output.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${reason.source}`), `-o ${output}`);
    t.equal(r.status, 1);
    t.notOk(fs.existsSync(marker), 'the command did not run');
  }
});

t.test('two runs started in the same second write two files', async (t) => {
  const dir = scratch(t);
  const runs = ['first', 'second'].map((word) => memkitAsync(['run', '-q', '--', 'sh', '-c', `echo ${word} >/dev/null`], { cwd: dir }));
  const results = await Promise.all(runs.map((r) => r.done));
  t.same(results.map((r) => r.status), [0, 0]);
  const files = profiles(dir);
  t.equal(files.length, 2, `two files: ${files}`);
  const cmdlines = files.map((f) => readDat(path.join(dir, f)).filter((l) => l[0] === 'CMDLINE').map((l) => l.join(' ')));
  t.same(cmdlines.map((c) => c.length), [1, 1], 'one CMDLINE in each');
  t.same(cmdlines.flat().sort(), ["CMDLINE sh -c 'echo first >/dev/null'", "CMDLINE sh -c 'echo second >/dev/null'"]);
});

for (const [signal, number] of [['SIGHUP', 1], ['SIGQUIT', 3]]) {
  t.test(`${signal} to memkit run reaches the child (no orphan)`, async (t) => {
    const dir = scratch(t);
    const run = memkitAsync(['run', '-q', '-o', 'sig.dat', '--', process.execPath, '-e', 'console.log("pid", process.pid); setInterval(() => {}, 1000)'], { cwd: dir });
    while (!/pid \d+/.test(run.output())) await new Promise((r) => setTimeout(r, 20));
    const pid = Number(/pid (\d+)/.exec(run.output())[1]);
    run.child.kill(signal);
    const { status } = await run.done;
    t.equal(status, 128 + number, `memkit exits ${128 + number} like its child`);
    t.notOk(alive(pid), `the child ${pid} is gone`);
  });
}

t.test('usage and runtime errors are one line on stderr', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, { 'a.dat': 'CMDLINE x\nMEM 1.0 100.0\nMEM 2.0 101.0\n' });
  fs.mkdirSync(path.join(dir, 'out.svg'));
  oneLine(t, memkit(['ps', '99999999999']), /^memkit: ps: PID must be an integer from 1 to 2147483647/, 'ps with a huge pid');
  oneLine(t, memkit(['run', '-T', '-1', '--', 'true'], { cwd: dir }), /^memkit: --interval must be a number of seconds > 0, got '-1'/, '-T -1');
  oneLine(t, memkit(['plot', '-o', 'out.svg', 'a.dat'], { cwd: dir }), /^memkit: cannot write out\.svg: is a directory/, 'plot -o a directory');
  oneLine(t, memkit(['plot', '-o', 'missing/x.svg', 'a.dat'], { cwd: dir }), /^memkit: cannot write missing\/x\.svg: no such directory/, 'plot -o a missing folder');
  oneLine(t, memkit(['attach', '999999999'], { cwd: dir }), /^memkit: attach: no process with pid 999999999/, 'attach to nothing');
  oneLine(t, memkit(['run', '--backend', 'vms', '--', 'true'], { cwd: dir }), /^memkit: --backend must be one of rss, uss, pss/, 'bad backend');
});

t.test('clean skips a folder named like a profile and removes every file', async (t) => {
  const dir = scratch(t);
  fs.mkdirSync(path.join(dir, 'mprofile_20200101000000.dat'));
  writeFiles(dir, { 'mprofile_20200101000001.dat': 'MEM 1 1\n', 'mprofile_20200101000002.dat': 'MEM 1 1\n' });
  const r = memkit(['clean'], { cwd: dir });
  t.equal(r.status, 0, r.stderr);
  t.same(fs.readdirSync(dir), ['mprofile_20200101000000.dat'], 'both files gone, the folder stays');
});

t.test('rm removes by index and by name; --dry-run lists', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, { 'mprofile_20200101000001.dat': 'MEM 1 1\n', 'mprofile_20200101000002.dat': 'MEM 1 1\n', 'other.dat': 'MEM 1 1\n' });
  const dry = memkit(['rm', '--dry-run', '0', 'other.dat'], { cwd: dir });
  t.equal(dry.stdout, 'Files to be removed: \nmprofile_20200101000001.dat\nother.dat\n');
  t.equal(fs.readdirSync(dir).length, 3, 'dry run removes nothing');
  t.equal(memkit(['rm', '-1', 'other.dat'], { cwd: dir }).status, 0);
  t.same(fs.readdirSync(dir), ['mprofile_20200101000001.dat']);
  oneLine(t, memkit(['rm', '5'], { cwd: dir }), /^memkit: no profile with index 5/, 'rm of a missing index');
});

t.test('--quiet writes nothing to stderr; --version prints the package version', async (t) => {
  const dir = scratch(t);
  const r = memkit(['run', '-q', '--', process.execPath, '-e', 'Buffer.alloc(1e6, 1)'], { cwd: dir });
  t.equal(r.status, 0);
  t.equal(r.stderr, '', 'nothing on stderr');
  t.equal(profiles(dir).length, 1, 'the file is written');
  const version = require('../package.json').version;
  t.equal(memkit(['--version']).stdout, `memkit ${version}\n`);
});

t.test('a .js path runs with this node; FUNC-less runs still plot', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, { 'app.js': "require('fs').writeFileSync('who.txt', JSON.stringify([process.execPath, process.argv.slice(2)]))" });
  const r = memkit(['run', '-q', '-o', 'a.dat', 'app.js', 'x', '--y'], { cwd: dir });
  t.equal(r.status, 0, r.stderr);
  t.same(JSON.parse(fs.readFileSync(path.join(dir, 'who.txt'), 'utf8')), [process.execPath, ['x', '--y']], 'run with this node, arguments passed');
  t.same(readDat(path.join(dir, 'a.dat'))[0], ['CMDLINE', process.execPath, 'app.js', 'x', '--y']);
});

t.test('attach samples a running process until it exits; Ctrl-C stops it and keeps the file', async (t) => {
  const dir = scratch(t);
  const MiB = 1024 * 1024;
  // Holds 100 MiB until the attached memkit has written a sample of it to a.dat.
  const target = spawn(process.execPath, ['-e', `
    const fs = require('fs');
    const b = Buffer.alloc(100 * ${MiB}, 1);
    console.log('ready');
    const seen = () => { try { return fs.readFileSync('a.dat', 'utf8').split('\\n').some((l) => l.startsWith('MEM ') && Number(l.split(' ')[1]) >= 100); } catch { return false; } };
    const timer = setInterval(() => { if (seen()) { clearInterval(timer); b.fill(2); } }, 20);`], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => target.stdout.once('data', resolve));
  const r = await memkitAsync(['attach', '-q', '-T', '0.05', '-o', 'a.dat', String(target.pid)], { cwd: dir }).done;
  t.equal(r.status, 0, r.stderr);
  const lines = readDat(path.join(dir, 'a.dat'));
  t.same(lines[0], ['CMDLINE', String(target.pid)], "CMDLINE is the pid, as mprof writes it");
  t.ok(Math.max(...lines.filter((l) => l[0] === 'MEM').map((l) => Number(l[1]))) >= 100, 'the 100 MiB were seen');

  const long = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  t.teardown(() => long.kill());
  const run = memkitAsync(['run', '--attach', '-q', '-T', '0.05', '-o', 'b.dat', String(long.pid)], { cwd: dir });
  while (!fs.existsSync(path.join(dir, 'b.dat')) || !fs.readFileSync(path.join(dir, 'b.dat'), 'utf8').includes('MEM ')) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  run.child.kill('SIGINT');
  const stopped = await run.done;
  t.equal(stopped.status, 0, 'Ctrl-C ends attach normally');
  t.ok(alive(long.pid), 'the attached process runs on');
  t.ok(readDat(path.join(dir, 'b.dat')).filter((l) => l[0] === 'MEM').length >= 1, 'its samples are kept');
});

t.test('on a terminal the status line keeps to the last row, the command\'s output scrolls above it', { skip: spawnSync('script', ['--version']).status !== 0 && 'script(1) is not installed' }, async (t) => {
  const dir = scratch(t);
  const child = "let i = 0; const timer = setInterval(() => { console.log('tick ' + i); if (++i === 20) clearInterval(timer); }, 50)";
  const quoted = [process.execPath, require('./cli-helpers.js').MAIN, 'run', '-T', '0.05', '-o', 'tty.dat', '--', process.execPath, '-e', child].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const out = spawnSync('script', ['-qec', `stty rows 24 cols 100; ${quoted}`, '/dev/null'], { cwd: dir, encoding: 'utf8' }).stdout;
  t.match(out, '\x1b[1;23r', 'a scroll region of rows 1-23 is set');
  const statuses = [...out.matchAll(/memkit: \d+\.\d s {2}now/g)];
  t.ok(statuses.length >= 1, `the status line is drawn (${statuses.length} times)`);
  for (const m of statuses) {
    const before = out.slice(Math.max(0, m.index - 20), m.index);
    t.ok(before.endsWith('\x1b7\x1b[24;1H\x1b[2K '), `drawn on row 24 with the cursor saved (${JSON.stringify(before)})`);
  }
  // What is written between save and restore cursor goes to row 24; the rest is the scrolling text.
  const scrolling = out.replace(/\x1b7[^]*?\x1b8/g, '').replace(/\x1b\[[\d;]*[A-Za-z]/g, '').split(/\r?\n/);
  t.same(scrolling.filter((l) => /^tick/.test(l)), Array.from({ length: 20 }, (_, i) => `tick ${i}`), 'every line of the command, whole');
  t.notOk(scrolling.some((l) => /memkit: \d/.test(l)), 'the status is never written into the scrolling text');
  t.match(out, '\x1b7\x1b[r\x1b8', 'the scroll region is released at the end');
});

t.test('FUNC lines as mprof writes them: module.name, levels from 0, read by peak --func', async (t) => {
  const dir = scratch(t);
  const profiler = JSON.stringify(path.join(__dirname, '..', 'dist', 'profiler', 'index.js'));
  writeFiles(dir, {
    'app.js': `const { profile } = require(${profiler});
const inner = profile(function inner() { return Buffer.alloc(8 << 20, 1).length; });
const outer = profile(function outer() { return inner() + inner(); });
outer();`,
  });
  const r = memkit(['run', '-q', '-T', '0.01', '-o', 'f.dat', 'app.js'], { cwd: dir });
  t.equal(r.status, 0, r.stderr);
  const funcs = readDat(path.join(dir, 'f.dat')).filter((l) => l[0] === 'FUNC');
  t.same(funcs.map((l) => [l[1], l[6]]).sort(), [['app.inner', '1'], ['app.inner', '1'], ['app.outer', '0']], 'names and levels');
  t.ok(funcs.every((l) => l.slice(2, 6).every((x) => /^\d+\.\d{4}$/.test(x))), '%.4f numbers');
  t.match(memkit(['peak', '--func', 'app.outer', 'f.dat'], { cwd: dir }).stdout, /^f\.dat\t(\d+\.\d{3}|NaN) MiB\n$/);
});
