'use strict';
// Process.oneshot(), asDict(), parents(), the repr, processIter() and waitProcs(), against
// /proc, `ps -e`, Debian's python3-psutil and children that end at known points.
const t = require('tap');
const fs = require('node:fs');
const { spawn, execFileSync } = require('node:child_process');
const psutil = require('memkit/psutil');
const { native } = require('../dist/native.js');
const { spin } = require('./helpers.js');
const { PAGE, until, sleeper, zombie, childPids, canSetpriv, asNobody, pythonPsutil, throwsA, lineFrom } = require('./psutil-helpers.js');

const linux = process.platform === 'linux';
const exited = (child) => new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

/** Counts calls of one addon function while fn runs (the addon still answers them). */
function countCalls(name, fn) {
  const original = native[name];
  let calls = 0;
  native[name] = (...args) => {
    calls++;
    return original(...args);
  };
  try {
    const result = fn();
    return { calls, result };
  } finally {
    native[name] = original;
  }
}

t.test('oneshot: one kernel read per kind, served to every method until fn returns', async (t) => {
  const p = new psutil.Process();
  const { calls, result } = countCalls('readProcess', () => p.oneshot(() => {
    const before = p.cpuTimes();
    spin(0.05);
    return { before, after: p.cpuTimes(), name: p.name(), ppid: p.ppid(), status: p.status(), uids: p.uids(), ctx: p.numCtxSwitches() };
  }));
  t.equal(calls, 1, 'cpuTimes, name, ppid, status, uids, numCtxSwitches: one readProcess');
  t.same(result.after, result.before, 'the second cpuTimes() is the snapshot, though 50 ms of CPU went by');
  t.equal(result.name, 'node');
  const now = p.cpuTimes();
  t.ok(now.user + now.system > result.before.user + result.before.system + 0.02, 'outside, a fresh read (the spin, in ticks of 10 ms)');
  const maps = countCalls('memoryMaps', () => p.oneshot(() => [p.memoryMaps(), p.memoryMaps(false), p.memoryMaps()]));
  t.equal(maps.calls, 1, 'grouped and ungrouped from one smaps read');
  t.same(maps.result[0], maps.result[2]);
  t.ok(p.oneshot(() => p.memoryInfo() === p.memoryInfo()), 'memoryInfo: the same record');
  t.notOk(p.memoryInfo() === p.memoryInfo(), 'outside, a new record each time');
  if (linux) t.ok(p.oneshot(() => p.memoryFullInfo() === p.memoryFullInfo()), 'memoryFullInfo too');
  t.equal(p.oneshot(() => p.oneshot(() => 42)), 42, 'nested: the inner call returns its value');
});

t.test('oneshot with an async fn: the snapshot lasts until its promise settles', async (t) => {
  const p = new psutil.Process();
  let during;
  const value = await p.oneshot(async () => {
    const first = p.cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, 10));
    spin(0.05);
    during = [first, p.cpuTimes()];
    return 'done';
  });
  t.equal(value, 'done');
  t.same(during[1], during[0], 'after an await, still the snapshot');
  t.not(p.cpuTimes().user + p.cpuTimes().system, during[0].user + during[0].system, 'after it settled, fresh again');
  await t.rejects(p.oneshot(async () => { throw new Error('inside'); }), { message: 'inside' });
  const { calls } = countCalls('readProcess', () => { p.name(); p.name(); });
  t.equal(calls, 2, 'a rejected fn ends the snapshot too');
  t.throws(() => p.oneshot(() => { throw new RangeError('sync'); }), RangeError);
  t.throws(() => p.oneshot('fn'), { name: 'TypeError', message: /"fn" argument must be a function/ });
});

t.test('asDict: psutil\'s attribute names, values as the methods give them', async (t) => {
  const child = sleeper();
  t.teardown(() => child.kill());
  const p = new psutil.Process(child.pid);
  await until(() => p.name() === 'sleep' && p.status() === 'sleeping');  // past exec and ld.so
  const all = p.asDict();
  t.same(Object.keys(all), [...psutil.AS_DICT_ATTRS]);
  const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  // psutil 7's documented as_dict() names that memkit's Process has (it has no cmdline, exe...)
  const documented = pythonPsutil ? pythonPsutil('sorted(psutil._as_dict_attrnames)') : [
    'cmdline', 'cpu_num', 'cpu_percent', 'cpu_times', 'create_time', 'cwd', 'environ', 'exe', 'gids', 'io_counters',
    'ionice', 'memory_full_info', 'memory_info', 'memory_maps', 'memory_percent', 'name', 'net_connections', 'nice',
    'num_ctx_switches', 'num_fds', 'num_threads', 'open_files', 'pid', 'ppid', 'status', 'terminal', 'threads', 'uids', 'username'];
  for (const key of Object.keys(all)) t.ok(documented.includes(snake(key)), `${key} is psutil's ${snake(key)}`);
  t.equal(all.pid, child.pid);
  t.equal(all.name, 'sleep');
  t.equal(all.ppid, process.pid);
  t.equal(all.status, 'sleeping');
  t.equal(all.createTime, p.createTime());
  if (linux) {
    const statm = fs.readFileSync(`/proc/${child.pid}/statm`, 'utf8').split(' ').map(Number);
    t.equal(all.memoryInfo.rss, statm[1] * PAGE, 'memoryInfo.rss: statm');
    t.equal(all.memoryMaps.length, p.memoryMaps().length);
  }
  const some = p.asDict(['name', 'memory_info', 'pid']);
  t.same(Object.keys(some), ['name', 'memory_info', 'pid'], 'psutil\'s snake_case names work, keyed as given');
  t.equal(some.memory_info.rss, all.memoryInfo.rss);
  t.same(Object.keys(p.asDict([])), Object.keys(all), 'an empty list means every attribute, as in psutil');
  t.same(Object.keys(p.asDict(new Set(['ppid']))), ['ppid']);
  t.throws(() => p.asDict(['name', 'bogus', 'cmdline']), { name: 'RangeError', message: /^invalid attr names 'bogus', 'cmdline' in "attrs"/ });
  t.throws(() => p.asDict(['nmae']), { name: 'RangeError', message: /^invalid attr name 'nmae'/ });
  t.throws(() => p.asDict('name'), { name: 'TypeError', message: /"attrs" argument/ });
  t.throws(() => p.asDict(42), TypeError);
  t.throws(() => p.asDict([1]), RangeError);
});

t.test('asDict: ZombieProcess gives adValue; NoSuchProcess is thrown', { skip: !linux && 'Linux zombie semantics' }, async (t) => {
  const { pid, parent } = await zombie();
  t.teardown(() => parent.kill());
  const d = new psutil.Process(pid).asDict(['name', 'status', 'memoryFullInfo', 'memoryMaps'], 'n/a');
  t.same(d, { name: 'sleep', status: 'zombie', memoryFullInfo: 'n/a', memoryMaps: 'n/a' });
  t.equal(new psutil.Process(pid).asDict(['memoryMaps']).memoryMaps, null, 'adValue defaults to null');
  const child = sleeper();
  const p = new psutil.Process(child.pid);
  child.kill();
  await exited(child);
  throwsA(t, () => p.asDict(['name']), psutil.NoSuchProcess);
});

t.test('AccessDenied: asDict and processIter give adValue as another user', { skip: !(linux && canSetpriv) && 'needs root, setpriv and Linux' }, async (t) => {
  const root = sleeper();
  t.teardown(() => root.kill());
  const out = asNobody(`
    const psutil = require('memkit/psutil');
    const d = new psutil.Process(${root.pid}).asDict(['name', 'memoryMaps', 'memoryFullInfo'], 'denied');
    const seen = [...psutil.processIter(['name', 'memory_maps'], 'denied')].find((p) => p.pid === ${root.pid});
    let error;
    try { new psutil.Process(${root.pid}).memoryMaps(); } catch (e) { error = e.constructor.name; }
    console.log(JSON.stringify({ d, info: seen.info, error }));
  `);
  t.same(out.d, { name: 'sleep', memoryMaps: 'denied', memoryFullInfo: 'denied' });
  t.same(out.info, { name: 'sleep', memory_maps: 'denied' });
  t.equal(out.error, 'AccessDenied');
});

t.test('processIter: every pid of `ps -e`, sorted, attrs in info', async (t) => {
  const child = sleeper();
  t.teardown(() => child.kill());
  const ps = () => execFileSync('ps', ['-e', '-o', 'pid='], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  const before = ps();
  const result = [...psutil.processIter(['name', 'memory_info'])];
  const after = new Set(ps());
  const mine = result.map((p) => p.pid);
  t.same(mine, [...mine].sort((a, b) => a - b), 'sorted by pid');
  // the machine is shared: compare the processes that `ps -e` saw both before and after
  const stable = before.filter((pid) => after.has(pid));
  t.same(stable.filter((pid) => !mine.includes(pid)), [], `each of the ${stable.length} pids ps -e saw before and after`);
  const ours = result.find((p) => p.pid === child.pid);
  t.same(Object.keys(ours.info), ['name', 'memory_info']);
  t.equal(ours.info.name, 'sleep');
  t.ok(ours.info.memory_info.rss > 0);
  t.equal(result.find((p) => p.pid === process.pid).info.name, 'node');
  t.throws(() => psutil.processIter(['bogus']), { name: 'RangeError' }, 'attrs checked when called, not when iterated');
  t.throws(() => psutil.processIter('name'), TypeError);
});

t.test('processIter: the cache keeps Process objects; vanished processes are skipped', async (t) => {
  const child = sleeper();
  const first = [...psutil.processIter()].find((p) => p.pid === child.pid);
  t.equal(first.info, undefined, 'no attrs, no info');
  t.equal([...psutil.processIter()].find((p) => p.pid === child.pid), first, 'the same object from the cache');
  psutil.processIter.cacheClear();
  t.not([...psutil.processIter()].find((p) => p.pid === child.pid), first, 'cacheClear(): new objects');
  const iterator = psutil.processIter(['name']);
  t.equal(iterator.next().value.pid, psutil.pids()[0], 'pids are taken at the first step');
  child.kill();
  await exited(child);
  const rest = [...iterator].map((p) => p.pid);
  t.notOk(rest.includes(child.pid), 'the child ended after the enumeration: skipped, no error');
  t.ok(rest.includes(process.pid));
});

t.test('processIter: a reused pid gets a new Process', { skip: !(linux && process.getuid?.() === 0) && 'needs root to steer /proc/sys/kernel/ns_last_pid' }, async (t) => {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = sleeper();
    await new Promise((resolve) => setTimeout(resolve, 30));  // create time has 1/CLK_TCK resolution
    const old = [...psutil.processIter()].find((p) => p.pid === before.pid);
    before.kill();
    await exited(before);
    fs.writeFileSync('/proc/sys/kernel/ns_last_pid', String(before.pid - 1));
    const after = sleeper();
    if (after.pid !== before.pid) {
      after.kill();
      continue;
    }
    t.teardown(() => after.kill());
    const now = [...psutil.processIter()].find((p) => p.pid === after.pid);
    t.not(now, old, 'a new Process for the new process');
    t.ok(now.isRunning());
    t.notOk(old.isRunning());
    return;
  }
  t.skip('the pid was taken by another fork 10 times in a row');
});

t.test('waitProcs: gone in the order they end, returncode, callback, the one left alive', async (t) => {
  const exits3 = spawn('sh', ['-c', 'read line; exit 3'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const killed = sleeper();
  const outlives = sleeper();
  const ready = spawn('sh', ['-c', 'echo ready; read line; exit 0'], { stdio: ['pipe', 'pipe', 'ignore'] });
  t.equal(await lineFrom(ready), 'ready');
  t.teardown(() => outlives.kill());
  const procs = [exits3, killed, outlives, ready].map((c) => new psutil.Process(c.pid));
  const nodeSaw = Promise.all([exited(exits3), exited(killed)]);
  killed.kill('SIGTERM');
  // exits3 ends once it reads a line: after waitProcs has started, since this write is queued
  // and the pipe is written now but sh needs time to read it.
  exits3.stdin.end('go\n');
  ready.stdin.end('go\n');
  const order = [];
  const { gone, alive } = psutil.waitProcs(procs, { timeout: 3, callback: (p) => order.push(p.pid) });
  t.same(alive.map((p) => p.pid), [outlives.pid], 'the sleeper outlives the timeout');
  t.same(gone.map((p) => p.pid).sort(), [exits3.pid, killed.pid, ready.pid].sort());
  t.same(order, gone.map((p) => p.pid), 'callback for each, in the order found');
  const byPid = (pid) => procs.find((p) => p.pid === pid);
  t.equal(byPid(exits3.pid).returncode, 3);
  t.equal(byPid(killed.pid).returncode, -15, 'killed by SIGTERM: -15, as psutil');
  t.equal(byPid(ready.pid).returncode, 0);
  t.equal(byPid(outlives.pid).returncode, undefined, 'alive: no returncode');
  t.match(String(byPid(exits3.pid)), new RegExp(`^psutil\\.Process\\(pid=${exits3.pid}, name='sh', status='zombie', exitcode=3, started='\\d\\d:\\d\\d:\\d\\d'\\)$`));
  t.same(await nodeSaw, [{ code: 3, signal: null }, { code: null, signal: 'SIGTERM' }], 'Node still reaps them and sees their exit');
  t.equal(String(byPid(killed.pid)).includes("status='terminated'"), true, 'reaped now: terminated');
});

t.test('waitProcs: a process that is not our child is gone with returncode null', { skip: !linux && 'uses /proc children' }, async (t) => {
  const sh = spawn('sh', ['-c', 'sleep 0.3 & echo $!'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const shEnded = exited(sh);
  const grandchild = Number(await lineFrom(sh));
  const p = new psutil.Process(grandchild);
  await shEnded;
  const { gone, alive } = psutil.waitProcs([p], { timeout: 10 });
  t.same([gone, alive].map((list) => list.map((x) => x.pid)), [[grandchild], []]);
  t.equal(p.returncode, null, 'its exit status went to its own parent');
  t.notOk(psutil.pidExists(grandchild));
});

t.test('waitProcs: another parent\'s zombie is alive until that parent goes and init reaps it', { skip: !linux && 'Linux zombie helper' }, async (t) => {
  const z = await zombie();
  const p = new psutil.Process(z.pid);
  const first = psutil.waitProcs([p], { timeout: 0.2 });
  t.same(first.alive, [p], 'a zombie still exists (psutil: pid_exists)');
  t.equal(p.returncode, undefined);
  z.parent.kill();
  const second = psutil.waitProcs([p], { timeout: 10 });
  t.same(second.gone, [p], 'reaped once its parent is gone');
  t.equal(p.returncode, null, 'not our child: no exit code');
});

t.test('waitProcs as another user: a root process is waited for, and outlives the timeout', { skip: !(linux && canSetpriv) && 'needs root, setpriv and Linux' }, async (t) => {
  const root = sleeper();
  t.teardown(() => root.kill());
  const out = asNobody(`
    const psutil = require('memkit/psutil');
    const { gone, alive } = psutil.waitProcs([new psutil.Process(${root.pid})], { timeout: 0.2 });
    console.log(JSON.stringify({ gone: gone.length, alive: alive.map((p) => p.pid) }));
  `);
  t.same(out, { gone: 0, alive: [root.pid] }, 'kill(0) says EPERM: it exists');
});

t.test('oneshot and parents of a process that ended: NoSuchProcess, nothing kept', async (t) => {
  const child = sleeper();
  const p = new psutil.Process(child.pid);
  child.kill();
  await exited(child);
  throwsA(t, () => p.oneshot(() => p.name()), psutil.NoSuchProcess, { pid: child.pid });
  throwsA(t, () => p.oneshot(() => p.memoryMaps()), psutil.NoSuchProcess);
  throwsA(t, () => p.parents(), psutil.NoSuchProcess);
  throwsA(t, () => p.asDict(), psutil.NoSuchProcess);
});

t.test('waitProcs: timeout 0 only looks; bad arguments', async (t) => {
  const child = sleeper();
  t.teardown(() => child.kill());
  const p = new psutil.Process(child.pid);
  t.same(psutil.waitProcs([p], { timeout: 0 }).alive, [p]);
  t.same(psutil.waitProcs([], { timeout: 1 }), { gone: [], alive: [] });
  t.throws(() => psutil.waitProcs([p], { timeout: -1 }), { name: 'RangeError', message: /"timeout"/ });
  t.throws(() => psutil.waitProcs([p], { timeout: '1' }), { name: 'TypeError', message: /"timeout"/ });
  t.throws(() => psutil.waitProcs([p], { callback: 'f' }), { name: 'TypeError', message: /"callback"/ });
  t.throws(() => psutil.waitProcs(p), { name: 'TypeError', message: /"procs"/ });
  t.throws(() => psutil.waitProcs([child.pid]), { name: 'TypeError', message: /"procs\[0\]"/ });
});

t.test('repr as psutil\'s; parents() up to the first process', async (t) => {
  if (pythonPsutil) t.equal(String(new psutil.Process(1)), pythonPsutil('repr(psutil.Process(1))'), 'pid 1 as psutil prints it');
  const child = sleeper();
  const p = new psutil.Process(child.pid);
  t.match(String(p), /^psutil\.Process\(pid=\d+, name='sleep', status='(sleeping|running)', started='\d\d:\d\d:\d\d'\)$/);
  child.kill();
  await exited(child);
  t.match(String(p), new RegExp(`^psutil\\.Process\\(pid=${child.pid}, name='sleep', status='terminated', started='`));
  if (linux) {
    const z = await zombie();
    t.teardown(() => z.parent.kill());
    t.match(String(new psutil.Process(z.pid)), /status='zombie'/);
  }
  const top = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
  t.teardown(() => top.kill());
  const leaf = await until(() => childPids(top.pid)[0]);
  const chain = [];
  for (let pid = process.pid; pid > 0; pid = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1])) chain.push(pid);
  t.same(new psutil.Process(leaf).parents().map((x) => x.pid), [top.pid, ...chain], 'the ppid chain in /proc/<pid>/stat');
  t.same(new psutil.Process(1).parents(), []);
});
