// getrusage(): memkit against Node's built-ins and a C loop of the bare system call.
'use strict';
const { nsPerCall, cLoop, cTimer, printTable } = require('./lib/measure.js');
const { getrusage, getrusageInto, RUSAGE_SELF } = require('memkit/resource');

const ITERATIONS = 200000;
const LEAK_CALLS = 10_000_000;

function leakCheck() {
  const out = new Float64Array(16);
  for (let i = 0; i < 100000; i++) getrusage(RUSAGE_SELF);
  global.gc?.();
  const before = process.memoryUsage.rss();
  for (let i = 0; i < LEAK_CALLS; i++) {
    if (i % 2) getrusage(RUSAGE_SELF); else getrusageInto(RUSAGE_SELF, out);
  }
  global.gc?.();
  return process.memoryUsage.rss() - before;
}

module.exports = async function benchResource() {
  const c = cLoop('getrusage', cTimer('#include <sys/resource.h>', 'struct rusage ru;', 'getrusage(RUSAGE_SELF, &ru);'));
  const out = new Float64Array(16);
  const C_NAME = 'C loop: getrusage(2)';
  const ns = nsPerCall({
    'getrusage()': () => getrusage(RUSAGE_SELF),
    'getrusageInto()': () => getrusageInto(RUSAGE_SELF, out),
    'process.resourceUsage()': () => process.resourceUsage(),
    'process.cpuUsage()': () => process.cpuUsage(),
  }, { iterations: ITERATIONS, external: c ? { [C_NAME]: c } : {} });
  const base = ns[C_NAME];
  const versus = (name, node) => `${(ns[node] / ns[name]).toFixed(2)}x of ${node}'s speed, target >= 1: ${ns[name] <= ns[node] ? 'ok' : 'MISSED'}`;
  const rows = [
    ['getrusageInto()', ns['getrusageInto()'], versus('getrusageInto()', 'process.cpuUsage()')],
    ['getrusage()', ns['getrusage()'], versus('getrusage()', 'process.resourceUsage()')],
    ['process.resourceUsage()', ns['process.resourceUsage()']],
    ['process.cpuUsage()', ns['process.cpuUsage()'], '(user+system only)'],
  ];
  if (base) rows.push([C_NAME, base]);
  printTable(`resource.getrusage: median of 9 interleaved rounds, ratio to ${base ? 'the C loop' : 'nothing (no C compiler)'}`, rows, base);
  const grew = leakCheck();
  console.log(`  leak check: ${LEAK_CALLS.toLocaleString('en')} calls, RSS grew ${(grew / 1024).toFixed(0)} KiB (target < 1024 KiB) ${grew < 1 << 20 ? 'ok' : 'OVER'}`);
};
