// OpenTelemetry: the same readings as observable instruments on a Meter, with the semantic
// conventions' process.* names and units; memkit-only readings under `memkit.`.
import type { Attributes, BatchObservableCallback, Meter, Observable } from '@opentelemetry/api';
import { maxrssBytes } from '../rusage.js';
import { invalidArgType } from '../validate.js';
import { watchPlan, type ProcessMetricsOptions } from './options.js';
import type { ProcessReading, Reading } from './reading.js';
import { ProcessWatcher } from './watch.js';

type Kind = 'counter' | 'upDownCounter' | 'gauge';
type Observe = (value: number, attributes: Attributes) => void;

interface Instrument {
  readonly name: string;
  readonly kind: Kind;
  readonly unit: string;
  readonly description: string;
  /** Whether it reads this process only (rusage), so it is left out with `self: false`. */
  readonly selfOnly?: boolean;
  observe(observe: Observe, reading: Reading): void;
}

const NONE: Attributes = {};
const attributesOf = (p: ProcessReading): Attributes => ({ 'process.pid': p.pid, 'process.executable.name': p.name });

function eachMemory(reading: Reading, each: (attributes: Attributes, memory: ReadonlyMap<string, number>) => void): void {
  if (reading.self) each(NONE, reading.self.memory);
  for (const p of reading.processes) each(attributesOf(p), p.memory);
}

function twoWay(observe: Observe, attributes: Attributes, key: string, pairs: readonly [string, number][]): void {
  for (const [value, number] of pairs) observe(number, { ...attributes, [key]: value });
}

const INSTRUMENTS: readonly Instrument[] = [
  {
    name: 'process.memory.usage', kind: 'upDownCounter', unit: 'By', description: 'The amount of physical memory in use (psutil rss).',
    observe: (observe, r) => eachMemory(r, (attributes, memory) => observe(memory.get('rss') as number, attributes)),
  },
  {
    name: 'process.memory.virtual', kind: 'upDownCounter', unit: 'By', description: 'The amount of committed virtual memory (psutil vms).',
    observe: (observe, r) => eachMemory(r, (attributes, memory) => observe(memory.get('vms') as number, attributes)),
  },
  {
    name: 'process.cpu.time', kind: 'counter', unit: 's', description: 'Total CPU seconds broken down by different CPU modes.',
    observe: (observe, r) => {
      if (r.self) twoWay(observe, NONE, 'cpu.mode', [['user', r.self.rusage.ru_utime], ['system', r.self.rusage.ru_stime]]);
      for (const p of r.processes) {
        if (p.cpu) twoWay(observe, attributesOf(p), 'cpu.mode', [['user', p.cpu.user], ['system', p.cpu.system]]);
      }
    },
  },
  {
    name: 'process.context_switches', kind: 'counter', unit: '{context_switch}', description: 'Number of times the process has been context switched.',
    observe: (observe, r) => {
      const key = 'process.context_switch.type';
      if (r.self) twoWay(observe, NONE, key, [['voluntary', r.self.rusage.ru_nvcsw], ['involuntary', r.self.rusage.ru_nivcsw]]);
      for (const p of r.processes) {
        if (p.ctxSwitches) twoWay(observe, attributesOf(p), key, [['voluntary', p.ctxSwitches.voluntary], ['involuntary', p.ctxSwitches.involuntary]]);
      }
    },
  },
  {
    name: 'process.paging.faults', kind: 'counter', unit: '{fault}', description: 'Number of page faults the process has made.', selfOnly: true,
    observe: (observe, { self }) => {
      if (self) twoWay(observe, NONE, 'system.paging.fault.type', [['minor', self.rusage.ru_minflt], ['major', self.rusage.ru_majflt]]);
    },
  },
  {
    name: 'memkit.process.memory', kind: 'upDownCounter', unit: 'By', description: "psutil's memory_info (memory_full_info with fullInfo) fields, by memkit.memory.type.",
    observe: (observe, r) => eachMemory(r, (attributes, memory) => {
      for (const [type, bytes] of memory) observe(bytes, { ...attributes, 'memkit.memory.type': type });
    }),
  },
  {
    name: 'memkit.process.memory.peak', kind: 'gauge', unit: 'By', description: 'Peak resident set size (getrusage ru_maxrss).', selfOnly: true,
    observe: (observe, { self }) => {
      if (self) observe(maxrssBytes(self.rusage), NONE);
    },
  },
  {
    name: 'memkit.process.children.cpu.time', kind: 'counter', unit: 's', description: 'CPU seconds of the waited-for children (RUSAGE_CHILDREN).', selfOnly: true,
    observe: (observe, { self }) => {
      if (self) twoWay(observe, NONE, 'cpu.mode', [['user', self.children.ru_utime], ['system', self.children.ru_stime]]);
    },
  },
  {
    name: 'memkit.process.children.paging.faults', kind: 'counter', unit: '{fault}', description: 'Page faults of the waited-for children (RUSAGE_CHILDREN).', selfOnly: true,
    observe: (observe, { self }) => {
      if (self) twoWay(observe, NONE, 'system.paging.fault.type', [['minor', self.children.ru_minflt], ['major', self.children.ru_majflt]]);
    },
  },
  {
    name: 'memkit.process.children.memory.peak', kind: 'gauge', unit: 'By', description: 'Largest peak resident set size of the waited-for children (RUSAGE_CHILDREN ru_maxrss).', selfOnly: true,
    observe: (observe, { self }) => {
      if (self) observe(maxrssBytes(self.children), NONE);
    },
  },
];

export interface ObservedProcessMetrics {
  /** The instrument names created. */
  readonly names: readonly string[];
  /** Stops observing: the meter's next collection reports none of these readings. */
  close(): void;
}

function checkMeter(meter: unknown): Meter {
  const m = meter as Meter | null;
  if (m === null || typeof m !== 'object' || typeof m.addBatchObservableCallback !== 'function' || typeof m.createObservableCounter !== 'function') {
    throw invalidArgType('meter', "an OpenTelemetry Meter (metrics.getMeter('name') from @opentelemetry/api)", meter);
  }
  return m;
}

function create(meter: Meter, { name, kind, unit, description }: Instrument): Observable {
  const options = { unit, description };
  if (kind === 'counter') return meter.createObservableCounter(name, options);
  if (kind === 'upDownCounter') return meter.createObservableUpDownCounter(name, options);
  return meter.createObservableGauge(name, options);
}

/**
 * Observable instruments on `meter` for this process (and with `pids` / `match` / `children`
 * others, with process.pid and process.executable.name attributes), read once per collection.
 */
export function observeProcessMetrics(meter: Meter, options?: ProcessMetricsOptions): ObservedProcessMetrics {
  const checked = checkMeter(meter);
  const watcher = new ProcessWatcher(watchPlan(options, { self: true }));
  const chosen = INSTRUMENTS.filter((i) => !i.selfOnly || watcher.plan.self);
  const observables = chosen.map((instrument) => create(checked, instrument));
  const callback: BatchObservableCallback = (result) => {
    const reading = watcher.current();
    chosen.forEach((instrument, i) => instrument.observe((value, attributes) => result.observe(observables[i], value, attributes), reading));
  };
  checked.addBatchObservableCallback(callback, observables);
  return {
    names: chosen.map((i) => i.name),
    close: () => checked.removeBatchObservableCallback(callback, observables),
  };
}
