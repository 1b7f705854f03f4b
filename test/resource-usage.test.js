'use strict';
const t = require('tap');
const { spawnSync } = require('node:child_process');
const resource = require('memkit/resource');
const { procStat, procStatus, spin, isLinux } = require('./helpers.js');

const { getrusage, getrusageInto, maxrssBytes, RUSAGE_SELF, RUSAGE_CHILDREN, StructRusage } = resource;

t.test('CPU burned in a busy loop appears in ru_utime + ru_stime', async (t) => {
  const before = getrusage(RUSAGE_SELF);
  const cpuBefore = process.cpuUsage();
  spin(0.4);
  const after = getrusage(RUSAGE_SELF);
  const cpu = process.cpuUsage(cpuBefore);
  const grew = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime;
  t.ok(grew >= 0.4, `ru_utime + ru_stime grew by ${grew}s for 0.4s of CPU`);
  t.ok(after.ru_utime - before.ru_utime >= 0.3, 'mostly in user mode');
  t.ok(Math.abs(grew - (cpu.user + cpu.system) / 1e6) < 0.02, `matches process.cpuUsage() (${(cpu.user + cpu.system) / 1e6}s)`);
  t.ok(Number.isFinite(after.ru_stime) && after.ru_stime >= before.ru_stime, 'ru_stime is monotonic');
});

t.test('a child that touched 100 MiB shows in RUSAGE_CHILDREN ru_maxrss', async (t) => {
  const before = getrusage(RUSAGE_CHILDREN);
  t.ok(before.ru_maxrss < 100 * 1024, `no big child yet (${before.ru_maxrss} KiB)`);
  const child = spawnSync(process.execPath, ['-e', 'Buffer.alloc(100 * 1024 * 1024, 1)']);
  t.equal(child.status, 0);
  const after = getrusage(RUSAGE_CHILDREN);
  const unit = process.platform === 'darwin' ? 1024 * 1024 : 1024;
  t.ok(after.ru_maxrss * (process.platform === 'darwin' ? 1 : 1024) >= 100 * 1024 * 1024,
    `ru_maxrss ${after.ru_maxrss} (${(after.ru_maxrss / unit).toFixed(1)} MiB as ${unit === 1024 ? 'KiB' : 'bytes'})`);
  t.equal(maxrssBytes(after), after.ru_maxrss * (process.platform === 'darwin' ? 1 : 1024), 'maxrssBytes converts');
  t.ok(after.ru_utime > before.ru_utime || after.ru_stime > before.ru_stime, 'child CPU counted');
});

t.test('agrees with process.resourceUsage() and /proc/self/status', async (t) => {
  const node = process.resourceUsage();
  const ru = getrusage(RUSAGE_SELF);
  // read second, so never lower; V8's helper threads may touch new pages in between
  t.ok(ru.ru_maxrss >= node.maxRSS && ru.ru_maxrss - node.maxRSS < 1024, `maxrss ${ru.ru_maxrss} KiB ~ Node's ${node.maxRSS} KiB`);
  t.ok(ru.ru_minflt >= node.minorPageFault && ru.ru_minflt - node.minorPageFault < 200, 'minor faults');
  t.ok(ru.ru_majflt >= node.majorPageFault && ru.ru_majflt - node.majorPageFault < 10, 'major faults');
  t.ok(ru.ru_nvcsw >= node.voluntaryContextSwitches && ru.ru_nvcsw - node.voluntaryContextSwitches < 20, 'voluntary ctx switches');
  t.ok(ru.ru_nivcsw >= node.involuntaryContextSwitches && ru.ru_nivcsw - node.involuntaryContextSwitches < 20, 'involuntary ctx switches');
  if (!isLinux) return;
  const status = procStatus('self');
  const stat = procStat('self');
  const now = getrusage(RUSAGE_SELF);
  // The kernel refreshes VmHWM and the rusage high-water mark at different moments.
  t.ok(Math.abs(now.ru_maxrss - status.VmHWM) <= Math.max(1024, status.VmHWM * 0.01), `ru_maxrss ${now.ru_maxrss} KiB ~ VmHWM ${status.VmHWM} kB`);
  t.ok(now.ru_minflt >= stat(10) && now.ru_minflt - stat(10) < 200, `ru_minflt ${now.ru_minflt} ~ /proc/self/stat minflt ${stat(10)}`);
  t.ok(now.ru_nvcsw >= status.voluntary_ctxt_switches, 'ru_nvcsw covers the main thread');
});

t.test('getrusageInto fills the caller array in StructRusage order', async (t) => {
  const out = new Float64Array(20).fill(-1);
  t.equal(getrusageInto(RUSAGE_SELF, out), out, 'returns the same array');
  const record = getrusage(RUSAGE_SELF);
  t.ok(out[2] > 0 && out[2] <= record.ru_maxrss, 'maxrss filled');
  t.ok(out[0] > 0 && out[0] <= record.ru_utime, 'utime filled');
  t.equal(out[16], -1, 'writes only 16 slots');
  t.same([...new StructRusage(out)].length, 16, 'a StructRusage can be built from it');
});

t.test('StructRusage behaves like a structseq', async (t) => {
  const ru = getrusage(RUSAGE_SELF);
  t.equal(ru.length, 16);
  t.same(StructRusage.fields, ['ru_utime', 'ru_stime', 'ru_maxrss', 'ru_ixrss', 'ru_idrss', 'ru_isrss',
    'ru_minflt', 'ru_majflt', 'ru_nswap', 'ru_inblock', 'ru_oublock', 'ru_msgsnd', 'ru_msgrcv',
    'ru_nsignals', 'ru_nvcsw', 'ru_nivcsw']);
  StructRusage.fields.forEach((name, i) => t.equal(ru[i], ru[name], `ru[${i}] is ${name}`));
  t.equal(ru[16], undefined, 'no index past the end');
  t.same([...ru], StructRusage.fields.map((name) => ru[name]), 'iterates the values in order');
  t.ok(Object.isFrozen(ru), 'frozen');
  t.throws(() => { 'use strict'; ru.ru_maxrss = 1; }, TypeError, 'fields are read-only');
  t.throws(() => { 'use strict'; ru.extra = 1; }, TypeError, 'no new fields');
  for (let i = 2; i < 16; i++) t.ok(Number.isInteger(ru[i]), `${StructRusage.fields[i]} is an integer`);
  t.same(Object.keys(JSON.parse(JSON.stringify(ru))), StructRusage.fields, 'JSON has the named fields');
  t.same(ru.asDict().ru_maxrss, ru.ru_maxrss, 'asDict');
});
