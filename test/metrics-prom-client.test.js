'use strict';
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const client = require('prom-client');
const { registerProcessMetrics, REPLACED_DEFAULT_METRICS } = require('memkit/metrics');
const { CLK_TCK, procStat, procStatus } = require('./helpers.js');
const { holder, killed, samples, sample, bracketed } = require('./metrics-helpers.js');

const linux = process.platform === 'linux';
const PAGE = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());
const MiB = 1 << 20;
const statm = (pid) => fs.readFileSync(`/proc/${pid}/statm`, 'utf8').trim().split(' ').map((n) => Number(n) * PAGE);
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

async function scrape(registry) {
  return samples(await registry.metrics());
}

t.test('beside collectDefaultMetrics(): one family per name, memkit\'s replacing the two it shares', async (t) => {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const defaults = registry.getMetricsAsArray().map((m) => m.name);
  const names = registerProcessMetrics(registry);
  const text = await registry.metrics();
  const types = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
  t.same(types.length, new Set(types).size, 'no name twice');
  for (const name of names) t.ok(types.includes(name), `${name} rendered`);
  for (const name of defaults) t.ok(types.includes(name), `default ${name} still rendered`);
  for (const name of REPLACED_DEFAULT_METRICS) {
    if (defaults.includes(name)) t.match(text, new RegExp(`^# HELP ${name} .*psutil`, 'm'), `${name} is memkit's`);
  }
  t.ok(types.includes('nodejs_heap_size_total_bytes'), 'the V8 metrics stay');
  if (hasPromtool) {
    // promtool lints prom-client's own gauges named *_total; none of its complaints is memkit's.
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const blamed = `${check.stdout}${check.stderr}`.split('\n').filter(Boolean).map((line) => line.split(' ')[0]);
    t.same(blamed.filter((name) => !defaults.includes(name) || names.includes(name)), [], `promtool: ${check.stdout}${check.stderr}`);
  }
});

t.test('promtool check metrics accepts memkit\'s exposition', { skip: !hasPromtool && 'promtool not installed (Debian: apt-get install prometheus)' }, async (t) => {
  const child = await holder(t);
  const registry = new client.Registry();
  registerProcessMetrics(registry, { pids: [child.pid], fullInfo: true });
  const check = spawnSync('promtool', ['check', 'metrics'], { input: await registry.metrics(), encoding: 'utf8' });
  t.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  t.equal(check.stdout + check.stderr, '', 'no lint');
});

t.test('this process: values against /proc and process.resourceUsage()', { skip: !linux && 'reads /proc' }, async (t) => {
  const registry = new client.Registry();
  registerProcessMetrics(registry);
  const before = process.resourceUsage();
  const list = await scrape(registry);
  const after = process.resourceUsage();
  const status = procStatus('self');
  const value = (name, labels) => sample(list, name, labels).value;

  const rss = value('process_resident_memory_bytes');
  t.ok(Math.abs(rss - status.VmRSS * 1024) <= Math.max(4 * MiB, 0.05 * rss), `rss ${rss} vs VmRSS ${status.VmRSS} kB`);
  const vms = value('process_virtual_memory_bytes');
  t.ok(Math.abs(vms - status.VmSize * 1024) <= 0.05 * vms, `vms ${vms} vs VmSize ${status.VmSize} kB`);
  t.equal(value('memkit_process_memory_bytes', { type: 'rss' }), rss, 'type="rss" is the same reading');
  t.equal(value('memkit_process_memory_bytes', { type: 'text' }), statm('self')[3], 'text is statm\'s');
  t.same(list.filter((s) => s.name === 'memkit_process_memory_bytes').map((s) => s.labels.type),
    ['rss', 'vms', 'shared', 'text', 'lib', 'data', 'dirty'], 'every pmem field');

  const between = (name, labels, lo, hi) => {
    const v = value(name, labels);
    t.ok(v >= lo - 1e-6 && v <= hi + 1e-6, `${name}${JSON.stringify(labels)} ${v} within [${lo}, ${hi}]`);
  };
  between('process_max_resident_memory_bytes', {}, before.maxRSS * 1024, after.maxRSS * 1024);
  between('memkit_process_page_faults_total', { type: 'minor' }, before.minorPageFault, after.minorPageFault);
  between('memkit_process_page_faults_total', { type: 'major' }, before.majorPageFault, after.majorPageFault);
  between('memkit_process_context_switches_total', { type: 'voluntary' }, before.voluntaryContextSwitches, after.voluntaryContextSwitches);
  between('memkit_process_context_switches_total', { type: 'involuntary' }, before.involuntaryContextSwitches, after.involuntaryContextSwitches);
  between('memkit_process_cpu_seconds_total', { mode: 'user' }, before.userCPUTime / 1e6, after.userCPUTime / 1e6);
  between('memkit_process_cpu_seconds_total', { mode: 'system' }, before.systemCPUTime / 1e6, after.systemCPUTime / 1e6);
});

t.test('waited-for children: their rusage against the child\'s own view and /proc/self/stat', { skip: !linux && 'reads /proc' }, async (t) => {
  const child = spawnSync(process.execPath, ['-e', `
    const keep = Buffer.alloc(64 << 20, 1);
    const start = process.cpuUsage(); while (process.cpuUsage(start).user < 100000);
    console.log(process.resourceUsage().maxRSS * 1024, keep.length);`], { encoding: 'utf8' });
  t.equal(child.status, 0, child.stderr);
  const childMaxrss = Number(child.stdout.split(' ')[0]);
  const registry = new client.Registry();
  registerProcessMetrics(registry);
  const beforeStat = procStat('self');
  const list = await scrape(registry);
  const afterStat = procStat('self');
  const peak = sample(list, 'memkit_process_children_max_resident_memory_bytes').value;
  t.ok(peak >= childMaxrss && peak >= 64 * MiB, `children peak ${peak} >= the child's own maxRSS ${childMaxrss}`);
  const user = sample(list, 'memkit_process_children_cpu_seconds_total', { mode: 'user' }).value;
  // cutime (field 16) is in clock ticks, rusage in microseconds.
  t.ok(user >= beforeStat(16) / CLK_TCK - 2 / CLK_TCK && user <= afterStat(16) / CLK_TCK + 2 / CLK_TCK, `children user ${user} s vs cutime ${beforeStat(16)} ticks`);
  t.ok(user >= 0.09, 'the child spun 0.1 s');
  const minor = sample(list, 'memkit_process_children_page_faults_total', { type: 'minor' }).value;
  t.ok(minor >= beforeStat(11) && minor <= afterStat(11), `children minor faults ${minor} vs cminflt ${beforeStat(11)}`);
  t.ok(minor >= (64 * MiB) / PAGE / 2, 'the child touched 64 MiB');
});

t.test('pids: other processes labelled pid and name, against /proc/<pid>', { skip: !linux && 'reads /proc' }, async (t) => {
  const child = await holder(t, { mib: 32 });
  const registry = new client.Registry();
  registerProcessMetrics(registry, { pids: [child.pid] });
  const before = procStatus(child.pid);
  const statBefore = procStat(child.pid);
  const list = await scrape(registry);
  const statAfter = procStat(child.pid);
  const after = procStatus(child.pid);
  const labels = { pid: String(child.pid) };
  const rss = sample(list, 'process_resident_memory_bytes', labels);
  t.equal(rss.labels.name, 'node');
  t.ok(bracketed(rss.value, before.VmRSS * 1024, after.VmRSS * 1024), `rss ${rss.value} vs VmRSS ${before.VmRSS}..${after.VmRSS} kB`);
  t.ok(rss.value >= 32 * MiB, 'the touched 32 MiB');
  const vms = sample(list, 'process_virtual_memory_bytes', labels).value;
  t.ok(Math.abs(vms - statm(child.pid)[0]) <= 0.01 * vms, `vms ${vms} vs statm's size ${statm(child.pid)[0]}`);
  const voluntary = sample(list, 'memkit_process_context_switches_total', { ...labels, type: 'voluntary' }).value;
  t.ok(voluntary >= before.voluntary_ctxt_switches && voluntary <= after.voluntary_ctxt_switches, `voluntary ${voluntary}`);
  // The child may still be warming up: its utime (ticks) read before and after brackets memkit's.
  const user = sample(list, 'memkit_process_cpu_seconds_total', { ...labels, mode: 'user' }).value;
  t.ok(user >= statBefore(14) / CLK_TCK - 1e-9 && user <= statAfter(14) / CLK_TCK + 1e-9, `user ${user} s vs utime ${statBefore(14)}..${statAfter(14)} ticks`);
  t.ok(list.some((s) => s.name === 'process_resident_memory_bytes' && s.labels.pid === undefined), 'this process, unlabelled');
  t.notOk(list.some((s) => s.name === 'memkit_process_page_faults_total' && s.labels.pid), 'page faults are this process\'s only');

  await killed(child);
  const gone = await scrape(registry);
  t.notOk(gone.some((s) => s.labels.pid === String(child.pid)), 'an exited pid vanishes from the next scrape');
});

t.test('match: by command line, new matches appear, exits vanish', { skip: !linux && 'matches /proc/<pid>/cmdline' }, async (t) => {
  const marker = `memkit-match-${process.pid}-${Date.now()}`;
  const first = await holder(t, { marker });
  const other = await holder(t, { marker: 'memkit-unrelated' });
  const registry = new client.Registry();
  registerProcessMetrics(registry, { match: new RegExp(marker), self: false });
  const pidsIn = async () => [...new Set((await scrape(registry)).filter((s) => s.name === 'process_resident_memory_bytes').map((s) => Number(s.labels.pid)))].sort();
  t.same(await pidsIn(), [first.pid]);
  const second = await holder(t, { marker });
  t.same(await pidsIn(), [first.pid, second.pid].sort(), 'a new match appears');
  await killed(first);
  t.same(await pidsIn(), [second.pid], 'an exit vanishes');
  t.notOk((await pidsIn()).includes(other.pid));
  const byName = new client.Registry();
  registerProcessMetrics(byName, { match: '^sleep$', self: false });
  const sleeper = require('node:child_process').spawn('sleep', ['30'], { stdio: 'ignore' });
  t.teardown(() => sleeper.kill());
  const names = (await scrape(byName)).filter((s) => s.name === 'process_resident_memory_bytes');
  t.ok(names.some((s) => Number(s.labels.pid) === sleeper.pid && s.labels.name === 'sleep'), 'by name');
});

t.test('children: this process\'s descendants, grandchildren included', { skip: !linux && 'uses pgrep -P' }, async (t) => {
  const shell = require('node:child_process').spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
  t.teardown(() => shell.kill());
  let grandchild;
  for (let i = 0; i < 100 && !grandchild; i++) {
    const found = spawnSync('pgrep', ['-P', String(shell.pid)], { encoding: 'utf8' }).stdout.trim();
    if (found) grandchild = Number(found); else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.ok(grandchild, 'sh started sleep');
  t.teardown(() => { try { process.kill(grandchild); } catch {} });
  const registry = new client.Registry();
  registerProcessMetrics(registry, { children: true });
  const list = (await scrape(registry)).filter((s) => s.name === 'process_resident_memory_bytes' && s.labels.pid);
  t.ok(list.some((s) => Number(s.labels.pid) === shell.pid && s.labels.name === 'sh'), 'the child');
  t.ok(list.some((s) => Number(s.labels.pid) === grandchild && s.labels.name === 'sleep'), 'the grandchild');
  t.notOk(list.some((s) => Number(s.labels.pid) === process.ppid), 'not the parent');
});

t.test('fullInfo: uss, pss and swap against /proc/<pid>/smaps_rollup', { skip: !linux && 'reads smaps_rollup' }, async (t) => {
  const child = await holder(t, { mib: 32 });
  const registry = new client.Registry();
  registerProcessMetrics(registry, { pids: [child.pid], fullInfo: true });
  const list = await scrape(registry);
  const rollup = {};
  for (const m of fs.readFileSync(`/proc/${child.pid}/smaps_rollup`, 'utf8').matchAll(/^(\w+):\s+(\d+) kB/gm)) rollup[m[1]] = Number(m[2]) * 1024;
  const field = (type) => sample(list, 'memkit_process_memory_bytes', { pid: String(child.pid), type }).value;
  const uss = rollup.Private_Clean + rollup.Private_Dirty;
  t.ok(Math.abs(field('uss') - uss) <= 0.01 * uss, `uss ${field('uss')} vs ${uss}`);
  t.ok(Math.abs(field('pss') - rollup.Pss) <= 0.01 * rollup.Pss, `pss ${field('pss')} vs ${rollup.Pss}`);
  t.equal(field('swap'), rollup.Swap);
  t.ok(field('uss') >= 32 * MiB);
});

t.test('one enumeration of the machine\'s pids per scrape', async (t) => {
  const system = require(path.join(__dirname, '..', 'dist', 'psutil', 'system.js'));
  const original = system.pids;
  let calls = 0;
  system.pids = () => {
    calls += 1;
    return original();
  };
  t.teardown(() => { system.pids = original; });
  const registry = new client.Registry();
  registerProcessMetrics(registry, { match: 'node', children: true });
  await registry.metrics();
  t.equal(calls, 1, 'every family of one scrape shares one reading');
  await registry.metrics();
  t.equal(calls, 2, 'the next scrape reads anew');
});

t.test('bad arguments: errors naming them, and nothing registered', async (t) => {
  const registry = new client.Registry();
  t.throws(() => registerProcessMetrics({}), { name: 'TypeError', message: /"registry" argument/ });
  t.throws(() => registerProcessMetrics(registry, null), { name: 'TypeError', message: /"options"/ });
  t.throws(() => registerProcessMetrics(registry, { pids: 5 }), { name: 'TypeError', message: /options\.pids/ });
  t.throws(() => registerProcessMetrics(registry, { pids: [-1] }), { name: 'RangeError', message: /options\.pids\[0\]/ });
  t.throws(() => registerProcessMetrics(registry, { pids: [1.5] }), { name: 'TypeError', message: /options\.pids\[0\]/ });
  t.throws(() => registerProcessMetrics(registry, { match: '(' }), { name: 'SyntaxError', message: /options\.match/ });
  t.throws(() => registerProcessMetrics(registry, { match: 5 }), { name: 'TypeError', message: /options\.match/ });
  t.throws(() => registerProcessMetrics(registry, { children: 'yes' }), { name: 'TypeError', message: /options\.children/ });
  t.throws(() => registerProcessMetrics(registry, { fullInfo: 1 }), { name: 'TypeError', message: /options\.fullInfo/ });
  t.same(registry.getMetricsAsArray(), [], 'nothing half-registered');
  const twice = new client.Registry();
  const names = registerProcessMetrics(twice);
  t.throws(() => registerProcessMetrics(twice, { pids: [1] }), { message: /already has process_max_resident_memory_bytes, .*registered once per registry/ });
  t.same(twice.getMetricsAsArray().map((m) => m.name), names, 'a second call changes nothing');
  const gone = new client.Registry();
  registerProcessMetrics(gone, { pids: [2147483646] });
  t.notOk((await scrape(gone)).some((s) => s.labels.pid), 'a pid that does not exist has no series');
});

t.test('neither client library is loaded by memkit or memkit/metrics', async (t) => {
  const probe = `
    require('memkit'); require('memkit/psutil'); require('memkit/metrics');
    const loaded = Object.keys(require.cache).filter((k) => /prom-client|@opentelemetry/.test(k));
    console.log(JSON.stringify(loaded));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.same(JSON.parse(r.stdout), [], 'neither library is loaded by memkit or memkit/metrics');
});
