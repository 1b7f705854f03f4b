// prom-client: process memory as metrics of a Registry, read at scrape time.
import type { Registry as AnyRegistry, Metric, RegistryContentType } from 'prom-client';
import { maxrssBytes } from '../rusage.js';
import { invalidArgType } from '../validate.js';
import { watchPlan, type ProcessMetricsOptions } from './options.js';
import type { ProcessReading, Reading, SelfReading } from './reading.js';
import { ProcessWatcher } from './watch.js';

/** A registry of either content type (the exporter keeps one of each). */
type Registry = AnyRegistry<RegistryContentType>;
type Labels = Record<string, string>;
type Emit = (labels: Labels, value: number) => void;

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  /** Which readings it has series for: this process only, or every watched one too. */
  readonly of: 'self' | 'all';
  fill(emit: Emit, reading: Reading): void;
}

/** The metrics prom-client's collectDefaultMetrics() also registers: memkit's replace them. */
export const REPLACED_DEFAULT_METRICS = ['process_resident_memory_bytes', 'process_virtual_memory_bytes'] as const;

const NO_LABELS: Labels = {};
const labelsOf = (p: ProcessReading): Labels => ({ pid: String(p.pid), name: p.name });

/** Calls each(labels, memory) for this process (unlabelled) and each watched one (pid, name). */
function everyReading(reading: Reading, each: (labels: Labels, memory: ReadonlyMap<string, number>) => void): void {
  if (reading.self) each(NO_LABELS, reading.self.memory);
  for (const p of reading.processes) each(labelsOf(p), p.memory);
}

function selfOnly(reading: Reading, each: (self: SelfReading) => void): void {
  if (reading.self) each(reading.self);
}

const FAMILIES: readonly Family[] = [
  {
    name: 'process_resident_memory_bytes', help: 'Resident memory size in bytes (psutil rss).', type: 'gauge', of: 'all',
    fill: (emit, r) => everyReading(r, (labels, memory) => emit(labels, memory.get('rss') as number)),
  },
  {
    name: 'process_virtual_memory_bytes', help: 'Virtual memory size in bytes (psutil vms).', type: 'gauge', of: 'all',
    fill: (emit, r) => everyReading(r, (labels, memory) => emit(labels, memory.get('vms') as number)),
  },
  {
    name: 'process_max_resident_memory_bytes', help: 'Peak resident memory size in bytes (getrusage ru_maxrss).', type: 'gauge', of: 'self',
    fill: (emit, r) => selfOnly(r, (self) => emit(NO_LABELS, maxrssBytes(self.rusage))),
  },
  {
    name: 'memkit_process_memory_bytes', help: "psutil's memory_info (memory_full_info with fullInfo) fields in bytes, by field.", type: 'gauge', of: 'all',
    fill: (emit, r) => everyReading(r, (labels, memory) => {
      for (const [type, bytes] of memory) emit({ ...labels, type }, bytes);
    }),
  },
  {
    name: 'memkit_process_cpu_seconds_total', help: 'CPU time in seconds, by mode (user, system).', type: 'counter', of: 'all',
    fill: (emit, r) => {
      selfOnly(r, ({ rusage }) => {
        emit({ mode: 'user' }, rusage.ru_utime);
        emit({ mode: 'system' }, rusage.ru_stime);
      });
      for (const p of r.processes) {
        if (p.cpu === null) continue;
        emit({ ...labelsOf(p), mode: 'user' }, p.cpu.user);
        emit({ ...labelsOf(p), mode: 'system' }, p.cpu.system);
      }
    },
  },
  {
    name: 'memkit_process_context_switches_total', help: 'Context switches, by type (voluntary, involuntary).', type: 'counter', of: 'all',
    fill: (emit, r) => {
      selfOnly(r, ({ rusage }) => {
        emit({ type: 'voluntary' }, rusage.ru_nvcsw);
        emit({ type: 'involuntary' }, rusage.ru_nivcsw);
      });
      for (const p of r.processes) {
        if (p.ctxSwitches === null) continue;
        emit({ ...labelsOf(p), type: 'voluntary' }, p.ctxSwitches.voluntary);
        emit({ ...labelsOf(p), type: 'involuntary' }, p.ctxSwitches.involuntary);
      }
    },
  },
  {
    name: 'memkit_process_page_faults_total', help: 'Page faults, by type (minor: no I/O, major: read from disk) (getrusage).', type: 'counter', of: 'self',
    fill: (emit, r) => selfOnly(r, ({ rusage }) => {
      emit({ type: 'minor' }, rusage.ru_minflt);
      emit({ type: 'major' }, rusage.ru_majflt);
    }),
  },
  {
    name: 'memkit_process_children_cpu_seconds_total', help: 'CPU time of waited-for children in seconds, by mode (getrusage RUSAGE_CHILDREN).', type: 'counter', of: 'self',
    fill: (emit, r) => selfOnly(r, ({ children }) => {
      emit({ mode: 'user' }, children.ru_utime);
      emit({ mode: 'system' }, children.ru_stime);
    }),
  },
  {
    name: 'memkit_process_children_max_resident_memory_bytes', help: 'Largest peak resident size of the waited-for children in bytes (RUSAGE_CHILDREN ru_maxrss).', type: 'gauge', of: 'self',
    fill: (emit, r) => selfOnly(r, ({ children }) => emit(NO_LABELS, maxrssBytes(children))),
  },
  {
    name: 'memkit_process_children_page_faults_total', help: 'Page faults of waited-for children, by type (minor, major).', type: 'counter', of: 'self',
    fill: (emit, r) => selfOnly(r, ({ children }) => {
      emit({ type: 'minor' }, children.ru_minflt);
      emit({ type: 'major' }, children.ru_majflt);
    }),
  },
];

function checkRegistry(registry: unknown): Registry {
  const r = registry as Registry | null;
  if (r === null || typeof r !== 'object' || typeof r.registerMetric !== 'function' || typeof r.getSingleMetric !== 'function') {
    throw invalidArgType('registry', "a prom-client Registry (e.g. require('prom-client').register)", registry);
  }
  return r;
}

/**
 * A metric as prom-client's Registry reads it (name, help, type, aggregator, get(), reset()),
 * filled from the watcher's reading at get(): it skips a Gauge's label hashing, which cost more
 * than the reading itself (bench/metrics.bench.js).
 */
class ReadingMetric {
  name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly aggregator = 'sum';
  readonly #family: Family;
  readonly #watcher: ProcessWatcher;

  constructor(family: Family, watcher: ProcessWatcher) {
    this.name = family.name;
    this.help = family.help;
    this.type = family.type;
    this.#family = family;
    this.#watcher = watcher;
  }

  // Synchronous up to its return, so every family of one registry.metrics() shares a reading.
  async get() {
    const values: { labels: Labels; value: number }[] = [];
    this.#family.fill((labels, value) => values.push({ labels, value }), this.#watcher.current());
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** Read from the kernel at each scrape: nothing to reset. */
  reset(): void {}
}

/** Registers the families of watcher's readings in registry; returns their names. */
export function registerWatcher(registry: Registry, watcher: ProcessWatcher): string[] {
  const families = FAMILIES.filter((f) => (f.of === 'self' ? watcher.plan.self : true));
  const replaced: readonly string[] = REPLACED_DEFAULT_METRICS;
  const taken = families.filter((f) => !replaced.includes(f.name) && registry.getSingleMetric(f.name) !== undefined);
  if (taken.length > 0) {
    // Checked before any change, so that a second call leaves the registry as it was.
    throw new Error(`the registry already has ${taken.map((f) => f.name).join(', ')}: memkit's process metrics are registered once per registry`);
  }
  for (const name of REPLACED_DEFAULT_METRICS) {
    if (registry.getSingleMetric(name) !== undefined) registry.removeSingleMetric(name);
  }
  for (const family of families) registry.registerMetric(new ReadingMetric(family, watcher) as unknown as Metric);
  return families.map((f) => f.name);
}

/**
 * Adds memkit's process metrics to a prom-client Registry, read from the kernel at each
 * scrape: this process's memory, page faults, context switches and children's rusage, and
 * with `pids` / `match` / `children` other processes' memory, labelled `pid` and `name`.
 * Replaces collectDefaultMetrics()' process_resident_memory_bytes and
 * process_virtual_memory_bytes when the registry has them. Returns the metric names added.
 */
export function registerProcessMetrics(registry: Registry, options?: ProcessMetricsOptions): string[] {
  const checked = checkRegistry(registry);
  const plan = watchPlan(options, { self: true });
  return registerWatcher(checked, new ProcessWatcher(plan));
}
