// psutil memoryInfo(): memkit against Node's built-ins, pidusage and C loops doing the bare reads.
'use strict';
const { spawn } = require('node:child_process');
const { nsPerCall, cLoop, cTimer, printTable, median } = require('./lib/measure.js');
const pidusage = require('pidusage');
const { memoryInfo, memoryFullInfo, memoryInfoMany, memoryInfoManyAsync, Process, pids, processIter, NoSuchProcess } = require('memkit/psutil');

const BATCH = 200;

/** Median ns per call of an async function called `iterations` times in a row, over `rounds`. */
async function asyncNsPerCall(fn, { iterations = 2000, rounds = 5 } = {}) {
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  return median(samples);
}

function sleepers(count) {
  const children = Array.from({ length: count }, () => spawn('sleep', ['600'], { stdio: 'ignore' }));
  return {
    pids: children.map((child) => child.pid),
    kill: () => children.forEach((child) => child.kill()),
  };
}

const preadStatm = () => cLoop('statm', cTimer(
  '#include <fcntl.h>\n#include <unistd.h>',
  'int fd = open("/proc/self/statm", O_RDONLY); char buf[256];',
  'if (pread(fd, buf, sizeof buf, 0) <= 0) return 1;',
));

// The same process's smaps_rollup as memoryFullInfo() reads: its cost grows with the mappings.
const readRollup = (pid) => cLoop('rollup', cTimer(
  '#include <fcntl.h>\n#include <unistd.h>',
  `char buf[4096];`,
  `int fd = open("/proc/${pid}/smaps_rollup", O_RDONLY); while (read(fd, buf, sizeof buf) > 0); close(fd);`,
));

function note(measured, limit, text) {
  return `${text}: ${measured <= limit ? 'ok' : 'MISSED'}`;
}

function leakCheck(childPid) {
  const calls = { memoryInfo: 1_000_000, memoryFullInfo: 100_000 };
  for (let i = 0; i < 10000; i++) memoryInfo();
  global.gc?.();
  const before = process.memoryUsage.rss();
  for (let i = 0; i < calls.memoryInfo; i++) memoryInfo(i % 2 ? undefined : childPid);
  for (let i = 0; i < calls.memoryFullInfo; i++) memoryFullInfo(childPid);
  global.gc?.();
  const grew = process.memoryUsage.rss() - before;
  console.log(`  leak check: ${calls.memoryInfo.toLocaleString('en')} memoryInfo + ${calls.memoryFullInfo.toLocaleString('en')} memoryFullInfo calls, RSS grew ${(grew / 1024).toFixed(0)} KiB (target < 1024 KiB) ${grew < 1 << 20 ? 'ok' : 'OVER'}`);
}

async function selfRows() {
  const c = preadStatm();
  const C_NAME = 'C loop: pread(/proc/self/statm)';
  const ns = nsPerCall({
    'memoryInfo()': () => memoryInfo(),
    'process.memoryUsage.rss()': () => process.memoryUsage.rss(),
    'process.memoryUsage()': () => process.memoryUsage(),
  }, { iterations: 50000, external: c ? { [C_NAME]: c } : {} });
  const pidusageNs = await asyncNsPerCall(() => pidusage(process.pid));
  const mine = ns['memoryInfo()'];
  const rows = [
    ['memoryInfo()', mine, c ? note(mine, 1.25 * ns[C_NAME], 'target <= 1.25x C') : 'no C compiler: C row skipped'],
    ['process.memoryUsage.rss()', ns['process.memoryUsage.rss()'], note(3.5 * mine, ns['process.memoryUsage.rss()'], `memoryInfo() ${(ns['process.memoryUsage.rss()'] / mine).toFixed(1)}x faster, target >= 3.5x`)],
    ['process.memoryUsage()', ns['process.memoryUsage()']],
    ['pidusage(process.pid)', pidusageNs, '(async, awaited one by one)'],
  ];
  if (c) rows.push([C_NAME, ns[C_NAME]]);
  printTable(`psutil.memoryInfo() of self: median of 9 interleaved rounds, ratio to ${c ? 'the C loop' : 'memoryInfo()'}`, rows, c ? ns[C_NAME] : mine);
}

// What any reader of another process's statm pays: the kernel's path walk, read and close.
const openStatm = (pid) => cLoop('open-statm', cTimer(
  '#include <fcntl.h>\n#include <unistd.h>',
  'char buf[256];',
  `int fd = open("/proc/${pid}/statm", O_RDONLY); if (pread(fd, buf, sizeof buf, 0) <= 0) return 1; close(fd);`,
));

async function childRows(childPid) {
  const c = openStatm(childPid);
  const C_NAME = 'C loop: open/pread/close child statm';
  const ns = nsPerCall({ 'memoryInfo(childPid)': () => memoryInfo(childPid) }, { iterations: 20000, external: c ? { [C_NAME]: c } : {} });
  const pidusageNs = await asyncNsPerCall(() => pidusage(childPid));
  const mine = ns['memoryInfo(childPid)'];
  const rows = [
    ['memoryInfo(childPid)', mine],
    ['pidusage(childPid)', pidusageNs, note(25 * mine, pidusageNs, `memoryInfo ${(pidusageNs / mine).toFixed(1)}x faster, target >= 25x`)],
  ];
  if (c) rows.push([C_NAME, ns[C_NAME], '(the floor without keeping fds open)']);
  printTable('psutil.memoryInfo(childPid): ratio to memoryInfo(childPid)', rows, mine);
}

function fullRows() {
  const c = readRollup(process.pid);
  const C_NAME = `C loop: open/read/close /proc/${process.pid}/smaps_rollup`;
  const ns = nsPerCall({ 'memoryFullInfo()': () => memoryFullInfo() }, { iterations: 300, rounds: 7, external: c ? { [C_NAME]: c } : {} });
  const mine = ns['memoryFullInfo()'];
  const rows = [['memoryFullInfo()', mine, c ? note(mine, 1.5 * ns[C_NAME], 'target <= 1.5x C') : 'no C compiler: C row skipped']];
  if (c) rows.push([C_NAME, ns[C_NAME], '(this node process\'s mappings)']);
  printTable(`psutil.memoryFullInfo() of self: ratio to ${c ? 'the C loop' : 'itself'}`, rows, c ? ns[C_NAME] : mine);
}

// The same process's smaps as memoryMaps() reads and parses.
const readSmaps = (pid) => cLoop('smaps', cTimer(
  '#include <fcntl.h>\n#include <unistd.h>',
  'static char buf[65536];',
  `int fd = open("/proc/${pid}/smaps", O_RDONLY); while (read(fd, buf, sizeof buf) > 0); close(fd);`,
));

function mapsRows() {
  const self = new Process();
  const regions = self.memoryMaps(false).length;
  const c = process.platform === 'linux' ? readSmaps(process.pid) : null;
  const C_NAME = `C loop: open/read/close /proc/${process.pid}/smaps`;
  const ns = nsPerCall({
    'memoryMaps()': () => self.memoryMaps(),
    'memoryMaps(false)': () => self.memoryMaps(false),
  }, { iterations: 100, rounds: 7, external: c ? { [C_NAME]: c } : {} });
  const base = c ? ns[C_NAME] : ns['memoryMaps()'];
  const rows = [
    ['memoryMaps()', ns['memoryMaps()'], c ? note(ns['memoryMaps()'], 1.5 * base, 'target <= 1.5x C') : ''],
    ['memoryMaps(false)', ns['memoryMaps(false)'], c ? note(ns['memoryMaps(false)'], 1.5 * base, 'target <= 1.5x C') : ''],
  ];
  if (c) rows.push([C_NAME, base, '(the read alone, no parsing)']);
  printTable(`psutil memoryMaps() of self (${regions} mappings): ratio to ${c ? 'the C loop' : 'memoryMaps()'}`, rows, base);
  const calls = 3000;
  for (let i = 0; i < 2000; i++) self.memoryMaps(i % 2 === 0);  // warm-up: V8 heap pages, malloc arenas
  global.gc?.();
  const before = process.memoryUsage.rss();
  for (let i = 0; i < calls; i++) self.memoryMaps(i % 2 === 0);
  global.gc?.();
  const grew = process.memoryUsage.rss() - before;
  console.log(`  leak check: ${calls.toLocaleString('en')} memoryMaps calls, RSS grew ${(grew / 1024).toFixed(0)} KiB (target < 1024 KiB) ${grew < 1 << 20 ? 'ok' : 'OVER'}`);
}

// psutil's usual loop: name and memory of every process, skipping those that vanish.
function pidByPid(attrs) {
  const out = [];
  for (const pid of pids()) {
    try {
      const p = new Process(pid);
      out.push({ name: p.name(), memory_info: p.memoryInfo() });
    } catch (error) {
      if (!(error instanceof NoSuchProcess)) throw error;
    }
  }
  return out;
}

function iterRows() {
  const count = pids().length;
  const ITER = "processIter(['name', 'memory_info'])";
  const ns = nsPerCall({
    [ITER]: () => { for (const p of processIter(['name', 'memory_info'])) p.info; },
    'new Process(pid).name(), .memoryInfo()': () => pidByPid(),
  }, { iterations: 10, rounds: 7 });
  printTable(`psutil processIter over every process (${count}): ns per sweep, ratio to pid by pid`, [
    [ITER, ns[ITER], `${(ns[ITER] / count / 1000).toFixed(2)} us/process`],
    ['new Process(pid).name(), .memoryInfo()', ns['new Process(pid).name(), .memoryInfo()']],
  ], ns['new Process(pid).name(), .memoryInfo()']);
}

async function batchRows(pids) {
  const ns = nsPerCall({
    [`memoryInfoMany(${pids.length} pids)`]: () => memoryInfoMany(pids),
    [`${pids.length} x memoryInfo(pid)`]: () => { for (const pid of pids) memoryInfo(pid); },
  }, { iterations: 50, rounds: 7 });
  const asyncNs = await asyncNsPerCall(() => memoryInfoManyAsync(pids), { iterations: 50, rounds: 7 });
  const many = ns[`memoryInfoMany(${pids.length} pids)`];
  const perPid = (value) => `${(value / pids.length / 1000).toFixed(2)} us/pid`;
  printTable(`psutil batch over ${pids.length} sleeping children: ns per batch, ratio to memoryInfoMany`, [
    [`memoryInfoMany(${pids.length} pids)`, many, perPid(many)],
    [`memoryInfoManyAsync(${pids.length} pids)`, asyncNs, `${perPid(asyncNs)} (off the main thread)`],
    [`${pids.length} x memoryInfo(pid)`, ns[`${pids.length} x memoryInfo(pid)`], perPid(ns[`${pids.length} x memoryInfo(pid)`])],
  ], many);
}

module.exports = async function benchPsutil() {
  const children = sleepers(BATCH);
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await selfRows();
    await childRows(children.pids[0]);
    fullRows();
    mapsRows();
    iterRows();
    await batchRows(children.pids);
    leakCheck(children.pids[0]);
  } finally {
    children.kill();
  }
};
