'use strict';
// The native core never aborts its host: thread creation failure, limits rlim_t cannot hold,
// cached fds closed behind memkit's back, and an addon unloaded under its own threads.
// (Worker termination and exit at any moment: native-terminate.test.js.)
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const resource = require('memkit/resource');
const psutil = require('memkit/psutil');
const { native } = require('../dist/native.js');

const linux = process.platform === 'linux';
const runNode = (args, options = {}) => spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 240000, ...options });
const outcome = (r) => `status ${r.status}, signal ${r.signal}\n${r.stderr}`;

// RLIMIT_NPROC counts every process of the real uid: a uid no other test (nor anything else)
// runs as, so that the count is this child's threads alone.
const LONE_UID = 64000 + (process.pid % 1000);
const asLoneUserUnderNproc = (nproc, script) => spawnSync('setpriv',
  [`--reuid=${LONE_UID}`, `--regid=${LONE_UID}`, '--clear-groups', 'prlimit', `--nproc=${nproc}`, process.execPath, '-e', script],
  { encoding: 'utf8', timeout: 60000 });
const haveSetpriv = spawnSync('setpriv', ['--version']).status === 0 && spawnSync('prlimit', ['--version']).status === 0;

t.test('a sampler thread that cannot be created is an EAGAIN error, not an abort', {
  skip: (!linux || process.getuid() !== 0 || !haveSetpriv) && 'needs Linux, root, setpriv and prlimit to run a process as another user under RLIMIT_NPROC',
}, async (t) => {
  const script = `
    const { native } = require(${JSON.stringify(require.resolve('../dist/native.js'))});
    const { memoryUsage } = require(${JSON.stringify(require.resolve('memkit/profiler'))});
    const threads = require('fs').readdirSync('/proc/self/task').length;
    const report = (e) => ({ name: e.constructor.name, code: e.code, errno: e.errno, syscall: e.syscall, message: e.message });
    let constructed;
    try { new native.Sampler(process.pid, 0.01, false, 0, 5).stop(); constructed = 'started'; } catch (e) { constructed = report(e); }
    Promise.allSettled([memoryUsage(process.pid, { timeout: 0.05 }), memoryUsage(() => 1)]).then(([pid, fn]) => {
      console.log(JSON.stringify({ threads, constructed, pid: pid.reason ? report(pid.reason) : 'resolved', fn: fn.reason ? report(fn.reason) : 'resolved' }));
    });
  `;
  // The limit is the threads this Node already runs: no thread more can be created.
  const probe = asLoneUserUnderNproc(64, `console.log(require('fs').readdirSync('/proc/self/task').length)`);
  t.equal(probe.status, 0, probe.stderr);
  const run = asLoneUserUnderNproc(Number(probe.stdout), script);
  t.equal(run.signal, null, outcome(run));
  t.equal(run.status, 0, outcome(run));
  const result = JSON.parse(run.stdout);
  t.match(result.constructed, { name: 'Error', code: 'EAGAIN', errno: -11, syscall: 'pthread_create' }, 'the constructor throws');
  t.match(result.pid, { code: 'EAGAIN', syscall: 'pthread_create' }, 'memoryUsage(pid) rejects with EAGAIN');
  t.match(result.fn, { message: /EAGAIN/ }, "memoryUsage(fn) rejects (Node's own worker could not start)");
});

t.test('limits that rlim_t cannot hold are a RangeError, and nothing is changed', async (t) => {
  const before = resource.getrlimit(resource.RLIMIT_NOFILE);
  for (const soft of [2 ** 64, 1e300, Number.MAX_VALUE]) {
    t.throws(() => resource.setrlimit(resource.RLIMIT_NOFILE, [soft, before[1]]), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE', message: /limits\[0\]/ }, `setrlimit soft ${soft}`);
    t.throws(() => resource.setrlimit(resource.RLIMIT_NOFILE, [before[0], soft]), { code: 'ERR_OUT_OF_RANGE', message: /limits\[1\]/ }, `setrlimit hard ${soft}`);
    if (native.hasPrlimit) t.throws(() => resource.prlimit(0, resource.RLIMIT_NOFILE, [soft, soft]), { code: 'ERR_OUT_OF_RANGE' }, `prlimit ${soft}`);
  }
  t.same(resource.getrlimit(resource.RLIMIT_NOFILE), before, 'RLIMIT_NOFILE unchanged');
  t.ok(fs.openSync(__filename, 'r') > 0, 'and files still open');
  t.equal(native.rlimMax, linux ? 2 ** 64 - 2048 : native.rlimMax, "the largest double below 2**64 fits Linux's rlim_t");
  t.equal(native.setrlimit(resource.RLIMIT_NOFILE, 2 ** 64, Infinity), native.status.outOfRange, 'the addon refuses it too');
});

t.test('the largest limit rlim_t holds is set exactly (read back from /proc/<pid>/limits)', { skip: !linux && 'reads /proc/<pid>/limits' }, async (t) => {
  const script = `
    const resource = require(${JSON.stringify(require.resolve('memkit/resource'))});
    resource.setrlimit(resource.RLIMIT_FSIZE, [${native.rlimMax}, Infinity]);
    console.log(require('fs').readFileSync('/proc/self/limits', 'utf8').split('\\n').find((l) => l.startsWith('Max file size')));
  `;
  const run = runNode(['-e', script]);
  t.equal(run.status, 0, run.stderr);
  t.match(run.stdout, /Max file size\s+18446744073709549568\s+unlimited\s+bytes/);
});

t.test('closing the cached /proc/self/statm fd: memoryInfo() reopens it and never reports zeros', { skip: !linux && 'Linux procfs' }, async (t) => {
  const script = `
    const fs = require('fs');
    const psutil = require(${JSON.stringify(require.resolve('memkit/psutil'))});
    psutil.memoryInfo();
    const statm = fs.readdirSync('/proc/self/fd').map(Number).filter((fd) => {
      try { return fs.readlinkSync('/proc/self/fd/' + fd) === '/proc/' + process.pid + '/statm'; } catch { return false; }
    });
    const readings = [];
    const vmsNow = () => Number(fs.readFileSync('/proc/self/statm', 'utf8').split(' ')[0]) * 4096;
    fs.closeSync(statm[0]);
    readings.push(psutil.memoryInfo());                 // EBADF: reopened
    const stranger = fs.openSync('/dev/null', 'r');     // takes a freed number
    readings.push(psutil.memoryInfo());
    const other = fs.openSync(${JSON.stringify(__filename)}, 'r');
    readings.push(psutil.memoryInfo());
    fs.fstatSync(stranger); fs.fstatSync(other);        // memkit closed neither
    console.log(JSON.stringify({ statm, readings: readings.map((m) => [m.rss, m.vms]), vms: vmsNow() }));
  `;
  const run = runNode(['-e', script]);
  t.equal(run.status, 0, run.stderr);
  const { statm, readings, vms } = JSON.parse(run.stdout);
  t.equal(statm.length, 1, 'one cached statm fd');
  for (const [rss, v] of readings) {
    t.ok(rss > 0 && v > 0, `rss ${rss}, vms ${v}: a real reading`);
    t.ok(Math.abs(v - vms) < 64 * 2 ** 20, 'vms near /proc/self/statm\'s');
  }
});

t.test("a sampler's statm fd closed behind its back: sampling goes on from a fresh open", { skip: !linux && 'Linux procfs' }, async (t) => {
  const child = require('node:child_process').spawn('sleep', ['30'], { stdio: 'ignore' });
  t.teardown(() => child.kill());
  // Until sleep has exec'd and settled, its rss is Node's fork's, then a growing one.
  const childRss = () => Number(fs.readFileSync(`/proc/${child.pid}/statm`, 'utf8').split(' ')[1]) * native.pageSize;
  const comm = () => fs.readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim();
  for (let last = -1; comm() !== 'sleep' || childRss() !== last;) {
    last = comm() === 'sleep' ? childRss() : -1;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const statmFds = () => fs.readdirSync('/proc/self/fd').filter((fd) => {
    try { return fs.readlinkSync(`/proc/self/fd/${fd}`) === `/proc/${child.pid}/statm`; } catch { return false; }
  }).map(Number);
  const sampler = new native.Sampler(child.pid, 0.01, false, 0, 1e9);
  t.teardown(() => sampler.stop());
  const waitSamples = async (count) => {
    const taken = [];
    while (taken.length < count * 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { status, samples } = sampler.drain();
      t.equal(status, 0, 'still sampling');
      taken.push(...samples);
      if (status !== 0) break;
    }
    return taken;
  };
  await waitSamples(3);
  const fds = statmFds();
  t.equal(fds.length, 1, "the sampler's one statm fd");
  fs.closeSync(fds[0]);
  const after = await waitSamples(5);
  const rss = childRss();
  t.ok(after.length >= 10, `${after.length / 2} samples after the close`);
  t.ok(after.filter((_, i) => i % 2 === 1).every((bytes) => bytes === rss), `each is the child's rss, ${rss} bytes`);
});

t.test('the addon stays mapped after the only worker that loaded it exits', { skip: !linux && 'reads /proc/self/maps' }, async (t) => {
  const script = `
    const { Worker } = require('node:worker_threads');
    const mapped = () => require('fs').readFileSync('/proc/self/maps', 'utf8').includes('memkit.node');
    const before = mapped();
    const worker = new Worker(${JSON.stringify(`require(${JSON.stringify(require.resolve('../dist/native.js'))}).native.pageSize; require('node:worker_threads').parentPort.postMessage(1);`)}, { eval: true });
    worker.once('message', () => worker.terminate().then(() => setTimeout(() => console.log(JSON.stringify({ before, after: mapped() })), 50)));
  `;
  const run = runNode(['-e', script]);
  t.equal(run.status, 0, run.stderr);
  t.same(JSON.parse(run.stdout), { before: false, after: true }, 'sampler threads never run unmapped code');
});
