'use strict';
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { MeterProvider, PeriodicExportingMetricReader, InMemoryMetricExporter, AggregationTemporality, DataPointType } = require('@opentelemetry/sdk-metrics');
const { observeProcessMetrics } = require('memkit/metrics');
const { CLK_TCK, procStat, procStatus } = require('./helpers.js');
const { holder, bracketed } = require('./metrics-helpers.js');

const linux = process.platform === 'linux';
const MiB = 1 << 20;

/** A MeterProvider whose in-memory exporter holds what one forced collection saw. */
function inMemory(t) {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  t.teardown(() => provider.shutdown());
  return {
    meter: provider.getMeter('memkit-test'),
    async collect() {
      exporter.reset();
      await reader.forceFlush();
      const metrics = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
      return new Map(metrics.map((m) => [m.descriptor.name, m]));
    },
  };
}

const point = (metric, attributes) => metric.dataPoints.find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v) && Object.keys(p.attributes).length === Object.keys(attributes).length);

const EXPECTED = {
  'process.memory.usage': { unit: 'By', type: DataPointType.SUM, monotonic: false },
  'process.memory.virtual': { unit: 'By', type: DataPointType.SUM, monotonic: false },
  'process.cpu.time': { unit: 's', type: DataPointType.SUM, monotonic: true, attribute: ['cpu.mode', ['user', 'system']] },
  'process.context_switches': { unit: '{context_switch}', type: DataPointType.SUM, monotonic: true, attribute: ['process.context_switch.type', ['voluntary', 'involuntary']] },
  'process.paging.faults': { unit: '{fault}', type: DataPointType.SUM, monotonic: true, attribute: ['system.paging.fault.type', ['minor', 'major']] },
  'memkit.process.memory': { unit: 'By', type: DataPointType.SUM, monotonic: false, attribute: ['memkit.memory.type', ['rss', 'vms', 'shared', 'text', 'lib', 'data', 'dirty']] },
  'memkit.process.memory.peak': { unit: 'By', type: DataPointType.GAUGE },
  'memkit.process.children.cpu.time': { unit: 's', type: DataPointType.SUM, monotonic: true, attribute: ['cpu.mode', ['user', 'system']] },
  'memkit.process.children.paging.faults': { unit: '{fault}', type: DataPointType.SUM, monotonic: true, attribute: ['system.paging.fault.type', ['minor', 'major']] },
  'memkit.process.children.memory.peak': { unit: 'By', type: DataPointType.GAUGE },
};

t.test('every instrument: semantic-convention name, unit, kind and attributes', { skip: !linux && 'the attribute lists are Linux\'s pmem' }, async (t) => {
  spawnSync(process.execPath, ['-e', '0']);  // a waited-for child, for the children's instruments
  const { meter, collect } = inMemory(t);
  const observed = observeProcessMetrics(meter);
  t.same([...observed.names].sort(), Object.keys(EXPECTED).sort());
  const metrics = await collect();
  for (const [name, want] of Object.entries(EXPECTED)) {
    const metric = metrics.get(name);
    t.ok(metric, `${name} collected`);
    if (!metric) continue;
    t.equal(metric.descriptor.unit, want.unit, `${name} unit`);
    t.equal(metric.dataPointType, want.type, `${name} kind`);
    if (want.monotonic !== undefined) t.equal(metric.isMonotonic, want.monotonic, `${name} monotonic`);
    const values = want.attribute ? want.attribute[1] : [undefined];
    t.same(metric.dataPoints.map((p) => p.attributes[want.attribute?.[0]]), values, `${name} attributes`);
    t.ok(metric.dataPoints.every((p) => Number.isFinite(p.value) && p.value >= 0), `${name} values`);
  }
});

t.test('values against /proc and process.resourceUsage()', { skip: !linux && 'reads /proc' }, async (t) => {
  const { meter, collect } = inMemory(t);
  observeProcessMetrics(meter);
  const before = process.resourceUsage();
  const statBefore = procStat('self');
  const metrics = await collect();
  const after = process.resourceUsage();
  const statAfter = procStat('self');
  const status = procStatus('self');
  const rss = point(metrics.get('process.memory.usage'), {}).value;
  t.ok(Math.abs(rss - status.VmRSS * 1024) <= Math.max(4 * MiB, 0.05 * rss), `rss ${rss} vs VmRSS ${status.VmRSS} kB`);
  const vms = point(metrics.get('process.memory.virtual'), {}).value;
  t.ok(Math.abs(vms - status.VmSize * 1024) <= 0.05 * vms, `vms ${vms} vs VmSize ${status.VmSize} kB`);
  const within = (name, attributes, lo, hi) => {
    const v = point(metrics.get(name), attributes).value;
    t.ok(v >= lo - 1e-6 && v <= hi + 1e-6, `${name} ${JSON.stringify(attributes)} ${v} within [${lo}, ${hi}]`);
  };
  within('process.cpu.time', { 'cpu.mode': 'user' }, before.userCPUTime / 1e6, after.userCPUTime / 1e6);
  within('process.cpu.time', { 'cpu.mode': 'system' }, before.systemCPUTime / 1e6, after.systemCPUTime / 1e6);
  within('process.paging.faults', { 'system.paging.fault.type': 'minor' }, before.minorPageFault, after.minorPageFault);
  within('process.paging.faults', { 'system.paging.fault.type': 'major' }, before.majorPageFault, after.majorPageFault);
  within('process.context_switches', { 'process.context_switch.type': 'voluntary' }, before.voluntaryContextSwitches, after.voluntaryContextSwitches);
  within('process.context_switches', { 'process.context_switch.type': 'involuntary' }, before.involuntaryContextSwitches, after.involuntaryContextSwitches);
  within('memkit.process.memory.peak', {}, before.maxRSS * 1024, after.maxRSS * 1024);
  within('memkit.process.children.paging.faults', { 'system.paging.fault.type': 'minor' }, statBefore(11), statAfter(11));
  within('memkit.process.children.cpu.time', { 'cpu.mode': 'user' }, statBefore(16) / CLK_TCK - 2 / CLK_TCK, statAfter(16) / CLK_TCK + 2 / CLK_TCK);
  t.equal(point(metrics.get('memkit.process.memory'), { 'memkit.memory.type': 'rss' }).value, rss, 'one reading for every instrument');
});

t.test('pids: other processes carry process.pid and process.executable.name', { skip: !linux && 'reads /proc' }, async (t) => {
  const child = await holder(t, { mib: 32 });
  const { meter, collect } = inMemory(t);
  const observed = observeProcessMetrics(meter, { pids: [child.pid], self: false, fullInfo: true });
  t.notOk(observed.names.includes('process.paging.faults'), 'rusage-only instruments need self');
  const statBefore = procStat(child.pid);
  const statusBefore = procStatus(child.pid);
  const metrics = await collect();
  const statAfter = procStat(child.pid);
  const attributes = { 'process.pid': child.pid, 'process.executable.name': 'node' };
  const rss = point(metrics.get('process.memory.usage'), attributes).value;
  const status = procStatus(child.pid);
  t.ok(bracketed(rss, statusBefore.VmRSS * 1024, status.VmRSS * 1024), `rss ${rss} vs VmRSS ${statusBefore.VmRSS}..${status.VmRSS} kB`);
  t.ok(rss >= 32 * MiB);
  const rollup = fs.readFileSync(`/proc/${child.pid}/smaps_rollup`, 'utf8');
  const pss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)[1]) * 1024;
  const memkitPss = point(metrics.get('memkit.process.memory'), { ...attributes, 'memkit.memory.type': 'pss' }).value;
  t.ok(Math.abs(memkitPss - pss) <= 0.01 * pss, `pss ${memkitPss} vs ${pss}`);
  const user = point(metrics.get('process.cpu.time'), { ...attributes, 'cpu.mode': 'user' }).value;
  t.ok(user >= statBefore(14) / CLK_TCK - 1e-9 && user <= statAfter(14) / CLK_TCK + 1e-9, `user ${user} s vs utime ${statBefore(14)}..${statAfter(14)} ticks`);
  t.equal(metrics.get('process.memory.usage').dataPoints.length, 1, 'only the watched pid');
});

t.test('close() stops observing; bad arguments are named', async (t) => {
  const memory = require(path.join(__dirname, '..', 'dist', 'psutil', 'memory.js'));
  const original = memory.memoryInfo;
  let reads = 0;
  memory.memoryInfo = (...args) => {
    reads += 1;
    return original(...args);
  };
  t.teardown(() => { memory.memoryInfo = original; });
  const { meter, collect } = inMemory(t);
  const observed = observeProcessMetrics(meter);
  await collect();
  t.equal(reads, 1, 'one reading per collection, shared by every instrument');
  observed.close();
  await collect();
  t.equal(reads, 1, 'no reading after close()');
  t.throws(() => observeProcessMetrics({}), { name: 'TypeError', message: /"meter" argument/ });
  t.throws(() => observeProcessMetrics(meter, { pids: ['1'] }), { name: 'TypeError', message: /options\.pids\[0\]/ });
  t.throws(() => observeProcessMetrics(meter, { match: '[' }), { name: 'SyntaxError', message: /options\.match/ });
});
