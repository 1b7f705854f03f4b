'use strict';
// Process against /proc/<pid>/stat and status: times, switches, identity, zombies, trees, reuse.
const t = require('tap');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const psutil = require('memkit/psutil');
const { CLK_TCK, procStat, procStatus } = require('./helpers.js');
const { until, sleeper, reapedPid, zombie, childPids, statField, throwsA } = require('./psutil-helpers.js');

const linux = process.platform === 'linux';

const bootTime = linux ? Number(/^btime (\d+)/m.exec(fs.readFileSync('/proc/stat', 'utf8'))[1]) : 0;

t.test('cpuTimes and numCtxSwitches against /proc/<pid>/stat and status', { skip: !linux && 'Linux procfs' }, async (t) => {
  const end = Date.now() + 200;
  while (Date.now() < end);
  const child = sleeper();
  t.teardown(() => child.kill());
  for (const pid of [process.pid, child.pid, 1]) {
    const p = new psutil.Process(pid);
    const before = procStat(pid);
    const times = p.cpuTimes();
    const after = procStat(pid);
    const between = (n, value) => value >= before(n) / CLK_TCK && value <= after(n) / CLK_TCK;
    t.ok(between(14, times.user) && between(15, times.system), `pid ${pid}: ${times}`);
    t.equal(times.children_user, procStat(pid)(16) / CLK_TCK);
    t.equal(times.iowait, procStat(pid)(42) / CLK_TCK);
    t.match(String(times), /^pcputimes\(user=[\d.]+, system=[\d.]+, children_user=[\d.]+, children_system=[\d.]+, iowait=[\d.]+\)$/);
    const statusBefore = procStatus(pid);
    const ctx = p.numCtxSwitches();
    const statusAfter = procStatus(pid);
    t.ok(ctx.voluntary >= statusBefore.voluntary_ctxt_switches && ctx.voluntary <= statusAfter.voluntary_ctxt_switches, `voluntary ${ctx.voluntary}`);
    t.ok(ctx.involuntary >= statusBefore.nonvoluntary_ctxt_switches && ctx.involuntary <= statusAfter.nonvoluntary_ctxt_switches);
  }
  t.ok(new psutil.Process().cpuTimes().user >= 0.15, 'our own spin shows');
});

t.test('name, status, ppid, createTime', async (t) => {
  const child = sleeper();
  t.teardown(() => child.kill());
  const p = new psutil.Process(child.pid);
  t.equal(p.pid, child.pid);
  t.equal(p.name(), 'sleep');
  t.equal(p.ppid(), process.pid);
  t.equal(p.parent().pid, process.pid);
  t.equal(new psutil.Process().name(), 'node');
  t.equal(new psutil.Process().status(), psutil.STATUS_RUNNING);
  await until(() => p.status() === 'sleeping');
  t.equal(p.status(), psutil.STATUS_SLEEPING);
  t.ok(Math.abs(p.createTime() - Date.now() / 1000) < 5, 'created just now');
  if (linux) t.equal(p.createTime(), Number(statField(child.pid, 22)) / CLK_TCK + bootTime, 'starttime / CLK_TCK + btime');
  t.ok(p.isRunning());
  const started = new Date(p.createTime() * 1000).toTimeString().slice(0, 8);
  t.equal(String(p), `psutil.Process(pid=${child.pid}, name='sleep', status='sleeping', started='${started}')`);
  t.equal(new psutil.Process(1).parent(), null, 'pid 1 has no parent');
});

t.test('a long command name: psutil takes the basename of argv[0] that extends comm', { skip: !linux && 'Linux comm' }, async (t) => {
  const dir = fs.mkdtempSync('/tmp/memkit-');
  const long = `${dir}/a-rather-long-program-name`;
  fs.symlinkSync(fs.realpathSync('/bin/sleep'), long);
  t.teardown(() => fs.rmSync(dir, { recursive: true }));
  const child = spawn(long, ['30'], { stdio: 'ignore' });
  t.teardown(() => child.kill());
  await until(() => fs.readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim() !== 'node');
  const p = new psutil.Process(child.pid);
  t.equal(fs.readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim(), 'a-rather-long-p');
  t.equal(p.name(), 'a-rather-long-program-name');
});

t.test('a reaped pid: NoSuchProcess everywhere, isRunning() false', async (t) => {
  const child = sleeper();
  const p = new psutil.Process(child.pid);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill();
  await exited;
  const pid = child.pid;
  t.notOk(p.isRunning());
  t.notOk(psutil.pidExists(pid));
  throwsA(t, () => p.memoryInfo(), psutil.NoSuchProcess);
  t.throws(() => p.memoryInfo(), { message: `process no longer exists (pid=${pid}, name='sleep')`, pid, processName: 'sleep', name: 'NoSuchProcess', code: 'ESRCH' });
  for (const call of [() => p.cpuTimes(), () => p.status(), () => p.memoryFullInfo(), () => p.children()]) {
    throwsA(t, call, psutil.NoSuchProcess);
  }
  t.throws(() => psutil.memoryInfo(pid), { message: `process PID not found (pid=${pid})` }, 'as psutil.Process(pid) says of a pid it never found');
  t.throws(() => new psutil.Process(pid), { message: `process PID not found (pid=${pid})` });
  const reaped = await reapedPid();
  throwsA(t, () => psutil.memoryInfo(reaped), psutil.NoSuchProcess);
});

t.test('an unreaped exited child: status zombie; ZombieProcess where the OS refuses', { skip: !linux && 'Linux zombie semantics' }, async (t) => {
  const { pid, parent } = await zombie();
  t.teardown(() => parent.kill());
  const p = new psutil.Process(pid);
  t.equal(p.status(), psutil.STATUS_ZOMBIE);
  t.equal(p.ppid(), parent.pid);
  t.ok(p.isRunning(), 'a zombie is still running, as in psutil');
  t.ok(psutil.pidExists(pid));
  t.same(p.memoryInfo().asDict(), { rss: 0, vms: 0, shared: 0, text: 0, lib: 0, data: 0, dirty: 0 }, 'statm of a zombie: zeros, as psutil reports');
  // smaps_rollup answers ESRCH for a zombie: it has no address space left.
  const error = throwsA(t, () => p.memoryFullInfo(), psutil.ZombieProcess);
  t.ok(error instanceof psutil.NoSuchProcess, 'ZombieProcess is a NoSuchProcess');
  t.equal(error.pid, pid);
  t.equal(error.ppid, parent.pid);
  t.equal(error.message, `PID still exists but it's a zombie (pid=${pid}, ppid=${parent.pid}, name='sleep')`);
  throwsA(t, () => psutil.memoryFullInfo(pid), psutil.ZombieProcess);
  t.ok(new psutil.Process(parent.pid).children().some((c) => c.pid === pid), 'zombies are children too');
});

t.test('a 3-level process tree found by children({ recursive: true })', async (t) => {
  const top = spawn('sh', ['-c', 'sh -c "sleep 30; :" & wait'], { stdio: 'ignore' });
  t.teardown(() => {
    for (const pid of [...childPids(childPids(top.pid)[0] ?? 0), ...childPids(top.pid)]) {
      // the middle shell exits by itself once its sleep is killed
      try {
        process.kill(pid);
      } catch (error) {
        if (error.code !== 'ESRCH') throw error;
      }
    }
    top.kill();
  });
  const middle = await until(() => childPids(top.pid)[0]);
  const leaf = await until(() => childPids(middle)[0]);
  const me = new psutil.Process();
  const direct = me.children().map((c) => c.pid);
  t.ok(direct.includes(top.pid) && !direct.includes(middle), 'direct children only');
  const all = me.children({ recursive: true }).map((c) => c.pid);
  for (const pid of [top.pid, middle, leaf]) t.ok(all.includes(pid), `descendant ${pid}`);
  t.same(new psutil.Process(middle).children().map((c) => c.pid), [leaf]);
  t.equal(new psutil.Process(leaf).parent().parent().pid, top.pid);
});

t.test('pid reuse: a Process whose pid now belongs to a newer process is gone', { skip: !(linux && process.getuid?.() === 0) && 'needs root to steer /proc/sys/kernel/ns_last_pid' }, async (t) => {
  // ns_last_pid is the pid the kernel handed out last: setting it to pid - 1 makes the next
  // fork get `pid`, unless another fork on the machine gets there first; so try a few times.
  for (let attempt = 0; attempt < 10; attempt++) {
    const first = sleeper();
    const p = new psutil.Process(first.pid);
    // Identity is (pid, create time) and create time has 1/CLK_TCK resolution (psutil's limit too).
    await new Promise((resolve) => setTimeout(resolve, 30));
    await new Promise((resolve) => { first.on('exit', resolve); first.kill(); });
    fs.writeFileSync('/proc/sys/kernel/ns_last_pid', String(first.pid - 1));
    const second = sleeper();
    if (second.pid !== first.pid) {
      second.kill();
      continue;
    }
    t.teardown(() => second.kill());
    await until(() => fs.readFileSync(`/proc/${second.pid}/comm`, 'utf8').trim() === 'sleep');
    t.ok(psutil.pidExists(first.pid), 'the pid is alive again');
    t.notOk(p.isRunning(), 'but not as the process p was made for');
    t.throws(() => p.memoryInfo(), { message: `process no longer exists and its PID has been reused (pid=${first.pid}, name='sleep')` });
    throwsA(t, () => p.ppid(), psutil.NoSuchProcess);
    t.ok(new psutil.Process(first.pid).isRunning(), 'a new Process for the pid is the new process');
    return;
  }
  t.skip('the pid was taken by another fork 10 times in a row');
});

t.test('pids() and pidExists() against /proc', { skip: !linux && 'Linux procfs' }, async (t) => {
  const fromProc = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).sort((a, b) => a - b);
  const mine = psutil.pids();
  t.same(mine, [...mine].sort((a, b) => a - b), 'sorted');
  t.ok(mine.includes(process.pid) && mine.includes(1));
  const common = fromProc.filter((pid) => mine.includes(pid));
  t.ok(common.length >= fromProc.length - 5, 'the same list, give or take processes started or ended meanwhile');
  t.ok(psutil.pidExists(process.pid));
  t.ok(psutil.pidExists(1));
  t.notOk(psutil.pidExists(-1));
  t.notOk(psutil.pidExists(0x7ffffffe));
  const threadId = Number(fs.readdirSync('/proc/self/task').find((tid) => Number(tid) !== process.pid));
  t.notOk(psutil.pidExists(threadId), 'a thread id is not a pid');
});
