'use strict';
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { memkit, memkitAsync, scratch, writeFiles, readDat, timeTable } = require('./cli-helpers.js');

const MiB = 1024 * 1024;

// Blocks (up to capMs) until the .dat memkit run is writing (named by MEMKIT_MPROFILE) has a
// line that \`seen(fields)\` accepts: the workload holds its memory until memkit has sampled it,
// however slow the machine.
const WAIT_FOR_DAT = `
function waitForDat(seen, capMs) {
  const fs = require('node:fs');
  const end = Date.now() + capMs;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < end) {
    const lines = fs.readFileSync(process.env.MEMKIT_MPROFILE, 'utf8').split('\\n');
    if (lines.some((line) => seen(line.split(' ')))) return true;
    Atomics.wait(cell, 0, 0, 20);
  }
  return false;
}
`;

// Allocates and touches 50, then 100, then 200 MiB in total, each step held until memkit has
// sampled it, and writes its own ru_maxrss (KiB, from the kernel via Node) to maxrss.txt.
const STEPS = `${WAIT_FOR_DAT}
const fs = require('node:fs');
const keep = [];
for (const [step, total] of [[50, 50], [50, 100], [100, 200]]) {
  keep.push(Buffer.alloc(step * ${MiB}, 1));
  waitForDat((f) => f[0] === 'MEM' && Number(f[1]) >= total, 60000);
}
fs.writeFileSync('maxrss.txt', String(process.resourceUsage().maxRSS));
`;

// Spawns a child that holds 100 MiB until memkit has seen it (at most 1 s when memkit does not
// look at children); the parent itself allocates nothing.
const PARENT = `
const { spawn } = require('node:child_process');
const child = ${JSON.stringify(WAIT_FOR_DAT)} + \`
const b = Buffer.alloc(100 * ${MiB}, 1);
waitForDat((f) => (f[0] === 'MEM' && Number(f[1]) >= 100) || (f[0] === 'CHLD' && Number(f[2]) >= 100), 1000);
\`;
spawn(process.execPath, ['-e', child], { stdio: 'inherit' }).on('exit', (code) => process.exit(code));
`;

const LONG = 'setInterval(() => {}, 1000); console.log("ready")';

t.test('run on a 50/100/200 MiB allocator writes an mprofile that matches the kernel', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, { 'steps.js': STEPS });
  const interval = 0.05;
  const r = memkit(['run', '--interval', String(interval), '--', process.execPath, 'steps.js'], { cwd: dir });
  t.equal(r.status, 0, r.stderr);
  const dats = fs.readdirSync(dir).filter((f) => /^mprofile_\d{14}\.dat$/.test(f));
  t.equal(dats.length, 1, `one mprofile_YYYYMMDDhhmmss.dat (${dats})`);
  const lines = readDat(path.join(dir, dats[0]));
  t.same(lines[0], ['CMDLINE', process.execPath, 'steps.js'], 'CMDLINE first');
  const mem = lines.slice(1);
  t.ok(mem.every((l) => l[0] === 'MEM' && l.length === 3 && /^\d+\.\d{6}$/.test(l[1]) && /^\d+\.\d{4}$/.test(l[2])),
    'every other line is MEM <MiB, 6 decimals> <unix time, 4 decimals>');
  const ts = mem.map((l) => Number(l[2]));
  t.ok(ts.every((x, i) => i === 0 || x > ts[i - 1]), 'timestamps rise');
  t.ok(Math.abs(ts[0] - Date.now() / 1000) < 30, 'timestamps are unix seconds');
  // A busy machine makes gaps longer, never shorter: the grid only restarts after a late read.
  const gaps = ts.slice(1).map((x, i) => x - ts[i]);
  t.ok(gaps.every((g) => g >= interval / 2), `no two samples closer than ${interval / 2} s (${Math.min(...gaps).toFixed(4)})`);
  const peak = Math.max(...mem.map((l) => Number(l[1])));
  const maxrss = Number(fs.readFileSync(path.join(dir, 'maxrss.txt'), 'utf8')) / 1024;
  t.ok(peak >= 200, `peak ${peak.toFixed(1)} MiB >= 200`);
  t.ok(Math.abs(peak - maxrss) / maxrss <= 0.1, `peak within 10% of the child's own ru_maxrss ${maxrss.toFixed(1)} MiB`);
  const table = timeTable(r.stderr);
  t.ok(Math.abs(Number(table['Maximum resident set size (kbytes)']) / 1024 - maxrss) / maxrss < 0.02, 'summary max RSS is the child\'s');
  for (const label of ['User time (seconds)', 'System time (seconds)', 'Minor (reclaiming a frame) page faults',
    'Voluntary context switches', 'File system inputs', 'File system outputs', 'Exit status']) {
    t.match(table[label], /^\d/, `summary has ${label}`);
  }
  t.match(r.stderr, new RegExp(`peak ${peak.toFixed(3)} MiB`), 'summary names the peak');
  t.notMatch(r.stderr, /\r|\x1b\[/, 'no live line when stderr is not a TTY');
});

t.test('--include-children sums a spawned child in, --multiprocess records it apart', async (t) => {
  const dir = scratch(t);
  writeFiles(dir, { 'parent.js': PARENT });
  const peakOf = (file) => Math.max(...readDat(path.join(dir, file)).filter((l) => l[0] === 'MEM').map((l) => Number(l[1])));
  const alone = memkit(['run', '-T', '0.05', '-o', 'alone.dat', '--', process.execPath, 'parent.js'], { cwd: dir });
  t.equal(alone.status, 0, alone.stderr);
  const summed = memkit(['run', '-T', '0.05', '--include-children', '-o', 'summed.dat', '--', process.execPath, 'parent.js'], { cwd: dir });
  t.equal(summed.status, 0, summed.stderr);
  t.ok(peakOf('alone.dat') < 100, `without: parent alone ${peakOf('alone.dat').toFixed(1)} MiB`);
  t.ok(peakOf('summed.dat') >= 100 + peakOf('alone.dat') * 0.8, `with: ${peakOf('summed.dat').toFixed(1)} MiB includes the 100 MiB child`);
  const multi = memkit(['run', '-T', '0.05', '-M', '-o', 'multi.dat', '--', process.execPath, 'parent.js'], { cwd: dir });
  t.equal(multi.status, 0, multi.stderr);
  const chld = readDat(path.join(dir, 'multi.dat')).filter((l) => l[0] === 'CHLD');
  t.ok(chld.length >= 1, `CHLD lines (${chld.length})`);
  t.ok(chld.every((l) => l.length === 4 && /^\d+$/.test(l[1]) && /^\d+\.\d{6}$/.test(l[2]) && /^\d+\.\d{4}$/.test(l[3])), 'CHLD <pid> <MiB> <ts>');
  t.ok(Math.max(...chld.map((l) => Number(l[2]))) >= 100, 'the child series reaches 100 MiB');
});

t.test('exit status: the child\'s code, 128+signal, 127 when the command does not exist', async (t) => {
  const dir = scratch(t);
  t.equal(memkit(['run', '-o', 'a.dat', '--', 'sh', '-c', 'exit 3'], { cwd: dir }).status, 3, 'exit 3');
  const killed = memkit(['run', '-o', 'b.dat', '--', 'sh', '-c', 'kill -KILL $$'], { cwd: dir });
  t.equal(killed.status, 128 + 9, 'SIGKILL -> 137');
  t.match(timeTable(killed.stderr)['Command terminated by signal'], 'SIGKILL');
  const missing = memkit(['run', '--', 'memkit-no-such-command', 'x'], { cwd: dir });
  t.equal(missing.status, 127, 'not found -> 127');
  t.match(missing.stderr, /cannot run 'memkit-no-such-command': command not found \(ENOENT\)/);
  t.same(fs.readdirSync(dir).filter((f) => f.startsWith('mprofile_')), [], 'no .dat left behind for a command that never ran');
});

for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15]]) {
  t.test(`${signal} to memkit run is forwarded to the child`, async (t) => {
    const dir = scratch(t);
    const run = memkitAsync(['run', '-o', 'sig.dat', '--', process.execPath, '-e', LONG], { cwd: dir });
    while (!run.output().includes('ready')) await new Promise((r) => setTimeout(r, 20));
    run.child.kill(signal);
    const { status } = await run.done;
    t.equal(status, 128 + number, `memkit exits ${128 + number} like its child`);
    t.match(run.output(), `Command terminated by signal: ${signal}`);
  });
}

t.test('--timeout stops sampling after that wall time, the command runs to its end', async (t) => {
  const dir = scratch(t);
  const child = "setTimeout(() => { require('fs').writeFileSync('end.txt', String(Date.now() / 1000)); process.exit(4); }, 5000)";
  const r = memkit(['run', '-T', '0.1', '-t', '0.3', '-o', 't.dat', '--', process.execPath, '-e', child], { cwd: dir });
  t.equal(r.status, 4, 'still the child\'s exit code');
  const ts = readDat(path.join(dir, 't.dat')).filter((l) => l[0] === 'MEM').map((l) => Number(l[2]));
  const end = Number(fs.readFileSync(path.join(dir, 'end.txt'), 'utf8'));
  t.ok(ts.length >= 1, `samples were taken (${ts.length})`);
  t.ok(ts[ts.length - 1] < end - 1, `sampling stopped ${(end - ts[ts.length - 1]).toFixed(2)} s before the child's end`);
});
