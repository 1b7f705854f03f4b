// memkit/metrics: one scrape of this process against prom-client's default process collectors,
// and memkit exporter's scrape of every process against `ps -e -o pid,rss,vsz,comm`.
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const client = require('prom-client');
const { registerProcessMetrics } = require('memkit/metrics');
const { getrusage, RUSAGE_CHILDREN } = require('memkit/resource');
const { printTable, median } = require('./lib/measure.js');

const dist = path.join(__dirname, '..', 'dist');
const { registerWatcher } = require(path.join(dist, 'metrics', 'prometheus.js'));
const { ProcessWatcher } = require(path.join(dist, 'metrics', 'watch.js'));
const { watchPlan } = require(path.join(dist, 'metrics', 'options.js'));

// CPU time, not wall time: on two cores shared with other work, wall time mostly measures the
// neighbours. process.cpuUsage() is this process's; RUSAGE_CHILDREN's delta is a spawned ps's.
const cpuNs = (usage) => (usage.user + usage.system) * 1000;

/** Median CPU ns of one awaited call of each candidate, over interleaved rounds. */
async function nsPerScrape(candidates, { iterations, rounds = 9 }) {
  const samples = new Map(Object.keys(candidates).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(candidates)) {
      const start = process.cpuUsage();
      for (let i = 0; i < iterations; i++) await fn();
      samples.get(name).push(cpuNs(process.cpuUsage(start)) / iterations);
    }
  }
  return Object.fromEntries([...samples].map(([name, values]) => [name, median(values)]));
}

const seriesOf = (text) => text.split('\n').filter((line) => line && !line.startsWith('#')).length;

/** prom-client's collectDefaultMetrics() less its nodejs_* (V8, event loop) metrics: its process_* collectors. */
function defaultProcessCollectors() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray()) {
    if (!metric.name.startsWith('process_')) registry.removeSingleMetric(metric.name);
  }
  return registry;
}

async function selfRows() {
  const memkit = new client.Registry();
  registerProcessMetrics(memkit);
  const defaults = defaultProcessCollectors();
  const counts = { memkit: seriesOf(await memkit.metrics()), defaults: seriesOf(await defaults.metrics()) };
  const ns = await nsPerScrape({
    memkit: () => memkit.metrics(),
    defaults: () => defaults.metrics(),
  }, { iterations: 500 });
  const ratio = ns.defaults / ns.memkit;
  printTable('one scrape of this process (registry.metrics()): CPU ns per scrape, ratio to memkit', [
    [`registerProcessMetrics(): ${counts.memkit} series`, ns.memkit, `${ns.memkit <= ns.defaults ? 'ok' : 'MISSED'}: reports more, target: costs less (${ratio.toFixed(2)}x faster)`],
    [`prom-client's default process_* collectors: ${counts.defaults} series`, ns.defaults],
  ], ns.memkit);
}

function childCpuNs() {
  const usage = getrusage(RUSAGE_CHILDREN);
  return (usage.ru_utime + usage.ru_stime) * 1e9;
}

/** Median CPU ns that a spawned command spends itself (its RUSAGE_CHILDREN share), and its output. */
function spawnedCpuNs(command, args, rounds = 9) {
  const samples = [];
  let stdout = '';
  for (let i = 0; i < rounds; i++) {
    const before = childCpuNs();
    stdout = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
    samples.push(childCpuNs() - before);
  }
  return { ns: median(samples), stdout };
}

async function machineRows() {
  const registry = new client.Registry();
  const watcher = new ProcessWatcher(watchPlan({ self: false }, { self: false }));
  registerWatcher(registry, watcher);
  const text = await registry.metrics();
  const count = new Set(text.match(/pid="\d+"/g)).size;
  const ns = await nsPerScrape({
    exporter: () => registry.metrics(),
    read: () => watcher.read(),
  }, { iterations: 5 });
  const ps = spawnedCpuNs('ps', ['-e', '-o', 'pid,rss,vsz,comm']);
  const spawnOnly = spawnedCpuNs('true', []);
  const psCount = ps.stdout.trim().split('\n').length - 1;
  const us = (value, n) => `${(value / n / 1000).toFixed(1)} us per process`;
  printTable(`every process on the machine (${count} by memkit, ${psCount} by ps): CPU ns per scrape, ratio to ps`, [
    ['memkit exporter scrape (name, pmem, cpu, ctx switches; rendered)', ns.exporter, us(ns.exporter, count)],
    ['  of which the reading (ProcessWatcher.read())', ns.read, us(ns.read, count)],
    ['ps -e -o pid,rss,vsz,comm (its own CPU)', ps.ns, us(ps.ns, psCount)],
    ['  less the CPU of starting `true`', ps.ns - spawnOnly.ns, us(ps.ns - spawnOnly.ns, psCount)],
  ], ps.ns);
}

module.exports = async function benchMetrics() {
  await selfRows();
  await machineRows();
};
