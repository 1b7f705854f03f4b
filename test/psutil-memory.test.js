'use strict';
// memoryInfo / memoryFullInfo against the kernel's own views: statm, ps, smaps_rollup, meminfo.
const t = require('tap');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const psutil = require('memkit/psutil');
const { PAGE, allocator } = require('./psutil-helpers.js');

const linux = process.platform === 'linux';
const MIB = 1048576;

function statm(pid) {
  const values = fs.readFileSync(`/proc/${pid}/statm`, 'utf8').trim().split(' ').map((v) => Number(v) * PAGE);
  const [vms, rss, shared, text, lib, data, dirty] = values;
  return { rss, vms, shared, text, lib, data, dirty };
}

function ps(pid) {
  const [rss, vsz] = execFileSync('ps', ['-o', 'rss=,vsz=', '-p', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  return { rss: rss * 1024, vms: vsz * 1024 };
}

t.test('a child that touches 64 MiB: rss grows by >= 64 MiB; ps and statm agree', async (t) => {
  const child = await allocator(64);
  t.teardown(child.kill);
  const before = psutil.memoryInfo(child.pid);
  await child.allocate();
  const after = psutil.memoryInfo(child.pid);
  t.ok(after.rss - before.rss >= 64 * MIB, `rss grew ${((after.rss - before.rss) / MIB).toFixed(1)} MiB`);

  // psutil's own check: rss and vms equal ps's within one page (ps reads /proc too, in KiB).
  const fromPs = ps(child.pid);
  const mine = psutil.memoryInfo(child.pid);
  t.ok(Math.abs(mine.rss - fromPs.rss) <= PAGE, `rss ${mine.rss} vs ps ${fromPs.rss}`);
  t.ok(Math.abs(mine.vms - fromPs.vms) <= PAGE, `vms ${mine.vms} vs ps ${fromPs.vms}`);

  if (linux) {
    // The child is idle (blocked on stdin): statm read before and after must bracket ours.
    const first = statm(child.pid);
    const memory = psutil.memoryInfo(child.pid);
    const second = statm(child.pid);
    t.same(memory.asDict(), first, 'every field equals /proc/<pid>/statm * pagesize');
    t.same(first, second, 'statm did not move meanwhile');
    t.same(psutil.pmemFields, ['rss', 'vms', 'shared', 'text', 'lib', 'data', 'dirty']);
    t.match(String(memory), /^pmem\(rss=\d+, vms=\d+, shared=\d+, text=\d+, lib=0, data=\d+, dirty=0\)$/);
  }

  const full = psutil.memoryFullInfo(child.pid);
  t.ok(full.rss >= 64 * MIB && full.vms >= full.rss, 'memoryFullInfo has pmem');
  if (linux) {
    t.ok(full.uss <= full.pss && full.pss <= full.rss, `uss ${full.uss} <= pss ${full.pss} <= rss ${full.rss}`);
    t.ok(full.uss >= 64 * MIB, 'the 64 MiB touched are private: counted in uss');
    const vmSwap = Number(/^VmSwap:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) * 1024;
    t.equal(full.swap, vmSwap, 'swap = /proc/<pid>/status VmSwap');
    const rollup = fs.readFileSync(`/proc/${child.pid}/smaps_rollup`, 'utf8');
    const kib = (key) => [...rollup.matchAll(new RegExp(`^${key}:\\s+(\\d+)`, 'gm'))].reduce((sum, m) => sum + Number(m[1]) * 1024, 0);
    // Pss divides shared pages by their mappers, which change as other tests start processes.
    t.ok(Math.abs(full.pss - kib('Pss')) <= 1048576, `pss ${full.pss} = smaps_rollup Pss ${kib('Pss')} within 1 MiB`);
    t.equal(full.uss, kib('Private_Clean') + kib('Private_Dirty') + kib('Private_Hugetlb'), 'uss = Private_*');
    t.equal(full.swap, kib('Swap'), 'swap = smaps_rollup Swap');
  }
});

t.test('memoryPercent against /proc/meminfo MemTotal', { skip: !linux && 'Linux procfs' }, async (t) => {
  const child = await allocator(64);
  t.teardown(child.kill);
  await child.allocate();
  const total = Number(/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))[1]) * 1024;
  const p = new psutil.Process(child.pid);
  // Bracketed by statm reads: even an idle node child may touch a page between two reads.
  const within = (memtype) => {
    const before = statm(child.pid)[memtype];
    const percent = p.memoryPercent(memtype);
    const after = statm(child.pid)[memtype];
    const [low, high] = [Math.min(before, after), Math.max(before, after)].map((bytes) => (bytes / total) * 100);
    t.ok(percent >= low && percent <= high, `${memtype} ${percent}% within statm's [${low}, ${high}]`);
  };
  within('rss');
  within('vms');
  const uss = p.memoryPercent('uss');
  t.ok(uss > 0 && uss <= p.memoryPercent('rss'), `uss ${uss}%`);
});

t.test('memoryInfo() of self, top-level and Process, agree with statm', { skip: !linux && 'Linux procfs' }, async (t) => {
  const a = psutil.memoryInfo();
  const b = new psutil.Process().memoryInfo();
  const s = statm(process.pid);
  for (const m of [a, b]) {
    t.equal(m.vms, s.vms);
    t.ok(Math.abs(m.rss - s.rss) <= 64 * PAGE, 'rss within 64 pages: our own heap moves between reads');
  }
  t.equal(psutil.memoryInfo(process.pid).text, s.text);
});

t.test('no fd leaks: open fds before and after many calls, failures included', { skip: !linux && 'Linux procfs' }, async (t) => {
  const count = () => fs.readdirSync('/proc/self/fd').length;
  psutil.memoryInfo();  // opens the one fd memkit keeps: our own statm
  const before = count();
  for (let i = 0; i < 2000; i++) {
    psutil.memoryInfo();
    psutil.memoryInfo(1);
    try { psutil.memoryInfo(0x7ffffffe); } catch {}
    if (i % 100 === 0) {
      psutil.memoryFullInfo();
      psutil.virtualMemory();
      psutil.swapMemory();
      psutil.pids();
      new psutil.Process().children({ recursive: true });
      new psutil.Process(1).numCtxSwitches();
      psutil.memoryInfoMany([1, process.pid, 0x7ffffffe]);
    }
  }
  await psutil.memoryInfoManyAsync([1, process.pid, 0x7ffffffe]);
  // <=: pipes of the earlier tests' killed children may close meanwhile.
  t.ok(count() <= before, `${count()} open fds, ${before} before`);
});
