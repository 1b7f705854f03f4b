// Where the time of the two hot calls goes: the JavaScript-to-C++ transition (a no-op N-API
// function), one bare system call per N-API call (the floor of any binding), the addon call
// alone (transition, argument check, system call, copy into scratch), the record built from
// scratch, and the whole call; and a tight C loop of the system call in this process. Two rows
// time a piece of JavaScript right after the system call, where it costs more than alone.
'use strict';
const { nsPerCall, printTable } = require('./lib/measure.js');
const { loadFloorAddon } = require('./lib/floor-addon.js');
const { native } = require('../dist/native.js');
const { StructRusage } = require('../dist/rusage.js');
const { PmemRecord } = require('../dist/psutil/records.js');
const { getrusage, RUSAGE_SELF } = require('memkit/resource');
const { memoryInfo } = require('memkit/psutil');

module.exports = async function benchHotPath() {
  const floor = loadFloorAddon();
  const view = native.scratch.subarray(0, 16);
  const pid = process.pid;
  const candidates = {
    'native.getrusage(RUSAGE_SELF)': () => native.getrusage(RUSAGE_SELF),
    'new StructRusage(scratch)': () => new StructRusage(view),
    'getrusage(RUSAGE_SELF)': () => getrusage(RUSAGE_SELF),
    'native.memoryInfo(pid)': () => native.memoryInfo(pid),
    'new PmemRecord(scratch)': () => new PmemRecord(native.scratch),
    'memoryInfo()': () => memoryInfo(),
  };
  const external = {};
  if (floor) {
    candidates['no-op N-API call'] = () => floor.noop(0);
    candidates['N-API call of getrusage(2)'] = floor.getrusageOnce;
    external['C loop in this process: getrusage(2)'] = floor.getrusageLoop;
    if (floor.statmOnce) {
      candidates['N-API call of pread(statm)'] = floor.statmOnce;
      candidates['  then process.pid'] = () => { floor.statmOnce(); return process.pid; };
      candidates['  then new PmemRecord(scratch)'] = () => { floor.statmOnce(); return new PmemRecord(native.scratch); };
      external['C loop in this process: pread(statm)'] = floor.statmLoop;
    }
  }
  const ns = nsPerCall(candidates, { iterations: 100000, external });
  const rows = [
    ['no-op N-API call', 'the transition alone'],
    ['N-API call of getrusage(2)', 'transition + the system call: the floor of a binding'],
    ['native.getrusage(RUSAGE_SELF)', 'transition + check + getrusage(2) + 16 values into scratch'],
    ['new StructRusage(scratch)', 'the record: 16 fields, frozen'],
    ['getrusage(RUSAGE_SELF)', 'the whole call'],
    ['C loop in this process: getrusage(2)', "the system call alone (summed over Node's threads)"],
    ['N-API call of pread(statm)', 'transition + the system call: the floor of a binding'],
    ['  then process.pid', 'the floor, then one read of process.pid (memkit reads it once, at load)'],
    ['  then new PmemRecord(scratch)', 'the floor, then the record: what the record costs right after a system call'],
    ['native.memoryInfo(pid)', 'transition + check + pread of the cached statm + parse'],
    ['new PmemRecord(scratch)', 'the record: pmem, frozen'],
    ['memoryInfo()', 'the whole call'],
    ['C loop in this process: pread(statm)', 'the system call alone'],
  ].filter(([name]) => name in ns).map(([name, note]) => [name, ns[name], note]);
  printTable('hot path breakdown: median of 9 interleaved rounds, ns per call (parts of one call)', rows, 0);
  if (floor) {
    const own = (whole, base) => `${(ns[whole] - ns[base]).toFixed(0)} ns (${(ns[whole] / ns[base]).toFixed(2)}x the floor)`;
    console.log(`  memkit's own share: getrusage() ${own('getrusage(RUSAGE_SELF)', 'N-API call of getrusage(2)')}` +
      (floor.statmOnce ? `, memoryInfo() ${own('memoryInfo()', 'N-API call of pread(statm)')}` : ''));
  }
};
