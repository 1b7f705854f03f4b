'use strict';
// psutil's errors: messages, AccessDenied as another user, the batch with mixed outcomes, bad inputs.
const t = require('tap');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const psutil = require('memkit/psutil');
const memkit = require('memkit');
const { sleeper, reapedPid, zombie, canSetpriv, asNobody } = require('./psutil-helpers.js');

const linux = process.platform === 'linux';

t.test('messages and fields read like psutil 7', async (t) => {
  const gone = new psutil.NoSuchProcess(123, 'node');
  t.equal(gone.message, "process no longer exists (pid=123, name='node')");
  t.equal(String(gone), "NoSuchProcess: process no longer exists (pid=123, name='node')");
  t.match(gone.stack, /^NoSuchProcess: process no longer exists/);
  t.equal(new psutil.NoSuchProcess(123).message, 'process no longer exists (pid=123)');
  t.equal(new psutil.NoSuchProcess(0).message, 'process no longer exists (pid=0)', 'pid 0 still shown');
  const z = new psutil.ZombieProcess(5, 'sh', 4);
  t.equal(z.message, "PID still exists but it's a zombie (pid=5, ppid=4, name='sh')");
  t.match(z.stack, /^ZombieProcess: PID still exists but it's a zombie \(pid=5, ppid=4/);
  t.ok(z instanceof psutil.NoSuchProcess && z instanceof psutil.PsutilError && z instanceof Error);
  t.same([z.pid, z.processName, z.ppid, z.msg, z.name], [5, 'sh', 4, "PID still exists but it's a zombie", 'ZombieProcess']);
  const denied = new psutil.AccessDenied(1, 'systemd');
  t.equal(denied.message, "(pid=1, name='systemd')");
  t.equal(denied.code, 'EACCES');
  t.equal(new psutil.AccessDenied(1).processName, null, 'unknown name is null (psutil: None)');
  t.equal(new psutil.AccessDenied(1).name, 'AccessDenied', 'name is the class, as for every JS error');
  for (const name of ['NoSuchProcess', 'ZombieProcess', 'AccessDenied', 'PsutilError']) {
    t.equal(memkit[name], psutil[name], `${name} exported from memkit too`);
  }
});

t.test('AccessDenied: another user reading a root process\'s smaps_rollup', { skip: !(linux && canSetpriv) && 'needs root, setpriv and Linux' }, async (t) => {
  const root = sleeper();
  t.teardown(() => root.kill());
  const out = asNobody(`
    const psutil = require('memkit/psutil');
    const result = {};
    try { psutil.memoryFullInfo(${root.pid}); } catch (e) { result.full = { cls: e.constructor.name, message: e.message, pid: e.pid, code: e.code }; }
    try { new psutil.Process(${root.pid}).memoryFullInfo(); } catch (e) { result.process = { cls: e.constructor.name, message: e.message }; }
    result.rss = psutil.memoryInfo(${root.pid}).rss;
    console.log(JSON.stringify(result));
  `);
  t.same(out.full, { cls: 'AccessDenied', message: `(pid=${root.pid})`, pid: root.pid, code: 'EACCES' });
  t.same(out.process, { cls: 'AccessDenied', message: `(pid=${root.pid}, name='sleep')` }, 'a Process knows the name');
  t.ok(out.rss > 0, 'statm is world-readable: memoryInfo works, as psutil\'s memory_info does');
});

t.test('the batch: live, dead and zombie pids, sync and async', async (t) => {
  const live = sleeper();
  t.teardown(() => live.kill());
  const dead = await reapedPid();
  const pids = [process.pid, live.pid, dead, 1];
  let zombiePid;
  if (linux) {
    const z = await zombie();
    t.teardown(() => z.parent.kill());
    zombiePid = z.pid;
    pids.push(zombiePid);
  }
  for (const results of [psutil.memoryInfoMany(pids), await psutil.memoryInfoManyAsync(new Set(pids))]) {
    t.same(results.map((r) => r.pid), pids, 'one result per pid, in order');
    t.ok(results[0].memory.rss > 0 && results[1].memory.rss > 0 && results[3].memory.rss > 0);
    t.equal(results[1].memory.vms, psutil.memoryInfo(live.pid).vms);
    t.ok(results[2].error instanceof psutil.NoSuchProcess && results[2].memory === undefined);
    t.equal(results[2].error.message, `process PID not found (pid=${dead})`);
    if (linux) t.equal(results[4].memory.rss, 0, 'a zombie\'s statm is zeros (psutil\'s memory_info)');
  }
  t.same(psutil.memoryInfoMany([]), []);
  t.same(await psutil.memoryInfoManyAsync([]), []);
});

t.test('the batch as another user with /proc mounted hidepid=1: forbidden pids are AccessDenied', { skip: !(linux && canSetpriv) && 'needs root, setpriv and Linux' }, async (t) => {
  const root = sleeper();
  t.teardown(() => root.kill());
  const mount = spawnSync('unshare', ['--mount', 'sh', '-c', 'mount -t proc -o hidepid=1 proc /proc'], { encoding: 'utf8' });
  if (mount.status !== 0) {
    t.skip(`cannot mount a hidepid /proc here: ${mount.error?.message ?? mount.stderr.trim()}`);
    return;
  }
  const dead = await reapedPid();
  // memkit failing as nobody fails the test
  const out = asNobody(`
    const psutil = require('memkit/psutil');
    const show = (rs) => rs.map((r) => r.error ? r.error.constructor.name : 'ok');
    psutil.memoryInfoManyAsync([process.pid, ${root.pid}, ${dead}]).then((a) => {
      console.log(JSON.stringify({ sync: show(psutil.memoryInfoMany([process.pid, ${root.pid}, ${dead}])), async: show(a) }));
    });
  `, { hidepid: true });
  t.same(out.sync, ['ok', 'AccessDenied', 'NoSuchProcess']);
  t.same(out.async, ['ok', 'AccessDenied', 'NoSuchProcess']);
});

t.test('bad inputs', async (t) => {
  const p = new psutil.Process();
  const cases = [
    [() => psutil.memoryInfo(-1), RangeError, /"pid" is out of range/],
    [() => psutil.memoryInfo(2 ** 31), RangeError, /"pid" is out of range/],
    [() => psutil.memoryInfo(1.5), TypeError, /"pid" argument must be an integer/],
    [() => psutil.memoryInfo('1'), TypeError, /"pid" argument must be an integer/],
    [() => psutil.memoryInfo(null), TypeError, /"pid"/],
    [() => psutil.memoryFullInfo(NaN), TypeError, /"pid"/],
    [() => new psutil.Process(-1), RangeError, /"pid" is out of range/],
    [() => new psutil.Process(1.5), TypeError, /"pid"/],
    [() => new psutil.Process('1'), TypeError, /"pid"/],
    [() => p.memoryPercent('x'), RangeError, /^invalid memtype 'x'; valid types are \('rss', 'vms', /],
    [() => p.memoryPercent(5), TypeError, /"memtype"/],
    [() => psutil.memoryInfoMany(5), TypeError, /"pids" argument must be an iterable/],
    [() => psutil.memoryInfoMany([1, -1]), RangeError, /"pids\[1\]" is out of range/],
    [() => psutil.memoryInfoMany([1, 'x']), TypeError, /"pids\[1\]"/],
    [() => psutil.pidExists('1'), TypeError, /"pid"/],
  ];
  for (const [call, cls, message] of cases) t.throws(call, { constructor: cls, message }, String(message));
  await t.rejects(psutil.memoryInfoManyAsync([-1]), RangeError);
  t.equal(psutil.pidExists(-5), false, 'psutil: a negative pid does not exist');
  if (linux) {
    const kib = (file, key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(file, 'utf8'))[1]) * 1024;
    const pssBefore = kib('/proc/self/smaps_rollup', 'Pss');
    const percent = p.memoryPercent('pss');
    const pssAfter = kib('/proc/self/smaps_rollup', 'Pss');
    const pss = (percent / 100) * kib('/proc/meminfo', 'MemTotal');
    t.ok(pss >= Math.min(pssBefore, pssAfter) - 1048576 && pss <= Math.max(pssBefore, pssAfter) + 1048576,
      `memoryPercent('pss') ${percent}% of MemTotal is ${pss} bytes: smaps_rollup Pss ${pssBefore}..${pssAfter} within 1 MiB`);
  }
});
