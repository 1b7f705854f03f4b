'use strict';
// virtualMemory / swapMemory against /proc/meminfo, /proc/vmstat and free -b; worker threads.
const t = require('tap');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { Worker } = require('node:worker_threads');
const psutil = require('memkit/psutil');
const { PAGE } = require('./psutil-helpers.js');

const linux = process.platform === 'linux';

function meminfo() {
  const out = {};
  for (const m of fs.readFileSync('/proc/meminfo', 'utf8').matchAll(/^([\w()]+):\s+(\d+)/gm)) out[m[1]] = Number(m[2]) * 1024;
  return out;
}

const round1 = (x) => Number(x.toFixed(1));

t.test('virtualMemory against /proc/meminfo (psutil 7 formulas) and free -b', { skip: !linux && 'Linux procfs' }, async (t) => {
  // Other processes allocate between our reads: each reference is read before and after
  // virtualMemory(), and the value must lie between the two, give or take 8 MiB.
  const slack = 8 * 1048576;
  const readFree = () => {
    const [total, used, free, shared, buffCache, available] = /^Mem:\s+(.*)$/m.exec(execFileSync('free', ['-b'], { encoding: 'utf8' }))[1].trim().split(/\s+/).map(Number);
    return { total, used, free, shared, buffCache, available };
  };
  const mBefore = meminfo();
  const freeBefore = readFree();
  const vm = psutil.virtualMemory();
  const freeAfter = readFree();
  const mAfter = meminfo();
  const between = (value, pick, name) => {
    const [a, b] = [pick(mBefore, freeBefore), pick(mAfter, freeAfter)];
    t.ok(value >= Math.min(a, b) - slack && value <= Math.max(a, b) + slack, `${name} ${value} in [${Math.min(a, b)}, ${Math.max(a, b)}]`);
  };
  t.equal(vm.total, mBefore.MemTotal);
  between(vm.available, (m) => m.MemAvailable, 'available = MemAvailable');
  between(vm.used, (m) => m.MemTotal - m.MemAvailable, 'used = total - available');
  t.equal(vm.percent, round1(((vm.total - vm.available) / vm.total) * 100), 'percent = (total - available) / total, 1 decimal');
  between(vm.free, (m) => m.MemFree, 'free');
  between(vm.cached, (m) => m.Cached + m.SReclaimable, 'cached = Cached + SReclaimable');
  between(vm.buffers, (m) => m.Buffers, 'buffers');
  between(vm.shared, (m) => m.Shmem, 'shared = Shmem');
  between(vm.active, (m) => m.Active, 'active');
  between(vm.inactive, (m) => m.Inactive, 'inactive');
  between(vm.slab, (m) => m.Slab, 'slab');
  t.match(String(vm), /^svmem\(total=\d+, available=\d+, percent=\d+\.\d, used=\d+, free=\d+, active=\d+, inactive=\d+, buffers=\d+, cached=\d+, shared=\d+, slab=\d+\)$/);

  // free(1) from procps-ng: total, used, free, shared, buff/cache, available
  t.equal(vm.total, freeBefore.total, 'free -b total');
  between(vm.available, (_, f) => f.available, 'free -b available');
  between(vm.free, (_, f) => f.free, 'free -b free');
  between(vm.shared, (_, f) => f.shared, 'free -b shared');
  between(vm.buffers + vm.cached, (_, f) => f.buffCache, 'free -b buff/cache');
  between(vm.used, (_, f) => f.total - f.available, 'free -b used is total - available (procps-ng >= 4)');
});

t.test('swapMemory against /proc/meminfo and /proc/vmstat', { skip: !linux && 'Linux procfs' }, async (t) => {
  const m = meminfo();
  const vmstat = Object.fromEntries(fs.readFileSync('/proc/vmstat', 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]));
  const swap = psutil.swapMemory();
  t.equal(swap.total, m.SwapTotal);
  t.ok(Math.abs(swap.free - m.SwapFree) <= 8 * 1048576);
  t.equal(swap.used, swap.total - swap.free);
  t.equal(swap.percent, swap.total ? round1((swap.used / swap.total) * 100) : 0);
  t.equal(swap.sin, vmstat.pswpin * PAGE);
  t.ok(swap.sout >= vmstat.pswpout * PAGE);
  t.match(String(swap), /^sswap\(total=\d+, used=\d+, free=\d+, percent=\d+\.\d, sin=\d+, sout=\d+\)$/);
});

t.test('8 worker threads calling memoryInfo 100k times each', async (t) => {
  const source = `
    const { parentPort } = require('node:worker_threads');
    const psutil = require('memkit/psutil');
    let rss = 0;
    for (let i = 0; i < 100000; i++) {
      rss = Math.max(rss, psutil.memoryInfo(i % 10 === 0 ? 1 : undefined).rss);
      if (i % 10000 === 0) psutil.memoryFullInfo();
    }
    parentPort.postMessage({ rss, full: psutil.memoryFullInfo().asDict() });
  `;
  const run = () => new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited ${code}`)));
  });
  const results = await Promise.all(Array.from({ length: 8 }, run));
  for (const r of results) t.ok(r.rss > 0 && r.full.rss > 0, `worker saw rss ${r.rss}`);
  t.ok(psutil.memoryInfo().rss > 0, 'the main thread still works');
});
