// memkit/tracemalloc: Python's tracemalloc for the JavaScript heap of this thread's isolate.
import type { Engine, Traceable } from './engine.js';
import { inspectorUnavailable, notSynchronous, notTracing } from './errors.js';
import { fullGC } from './full-gc.js';
import { checkNframe } from './checks.js';
import { InspectorSession } from '../inspector-session.js';
import { checkOptions, type StartOptions } from './options.js';
import { SamplingEngine } from './sampling-engine.js';
import { Snapshot } from './snapshot.js';
import { TracedMemory } from './traced-memory.js';
import { TrackingEngine } from './tracking-engine.js';
import type { Traceback } from './traceback.js';

export { Filter } from './filter.js';
export { Frame } from './frame.js';
export { Snapshot } from './snapshot.js';
export { Statistic, StatisticDiff } from './statistic.js';
export { Trace } from './trace.js';
export { Traceback } from './traceback.js';
export type { KeyType } from './checks.js';
export type { StartOptions } from './options.js';

interface Tracing {
  session: InspectorSession;
  engine: Engine;
  memory: TracedMemory;
  nframe: number;
}

let tracing: Tracing | null = null;
let tracebackLimit = 1;

/** Starts tracing JavaScript heap allocations of this thread, keeping `nframe` frames of each. */
export function start(nframe = 1, options: StartOptions = {}): void {
  const limit = checkNframe(nframe);
  const { samplingInterval, exact } = checkOptions(options);
  if (tracing !== null) return;
  const session = new InspectorSession({ notAnswered: notSynchronous, unavailable: inspectorUnavailable });
  try {
    const engine = exact ? new TrackingEngine(session) : new SamplingEngine(session, samplingInterval);
    fullGC();
    tracing = { session, engine, memory: new TracedMemory(), nframe: limit };
    tracebackLimit = limit;
  } catch (error) {
    session.disconnect();
    throw error;
  }
}

export function stop(): void {
  if (tracing === null) return;
  const { session, engine, memory } = tracing;
  tracing = null;
  memory.stop();
  try {
    engine.stop();
  } finally {
    session.disconnect();
  }
}

export function isTracing(): boolean {
  return tracing !== null;
}

/** Forgets the traces so far (and the peak); tracing goes on. */
export function clearTraces(): void {
  if (tracing === null) return;
  tracing.engine.clear();
  fullGC();
  tracing.memory.stop();
  tracing.memory = new TracedMemory();
}

/** A snapshot of the live traced objects, after a full garbage collection. */
export function takeSnapshot(): Snapshot {
  if (tracing === null) throw notTracing();
  const { engine, nframe } = tracing;
  return stoppingIfTakenAway(() => new Snapshot(engine.collect(nframe), nframe));
}

/** Runs `read`; when another inspector session took V8's profiler away, stops tracing too. */
function stoppingIfTakenAway<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_TRACEMALLOC_INSPECTOR_BUSY') stop();
    throw error;
  }
}

/** [current, peak] bytes of JavaScript heap grown since start(); see README for what V8 can tell. */
export function getTracedMemory(): [number, number] {
  return tracing === null ? [0, 0] : tracing.memory.get();
}

/** Bytes V8 spends on tracing (an estimate; README says what it covers). */
export function getTracemallocMemory(): number {
  return tracing === null ? 0 : tracing.memory.tracerMemory();
}

export function resetPeak(): void {
  tracing?.memory.resetPeak();
}

/** The number of frames kept per traceback (Python keeps it after stop() too). */
export function getTracebackLimit(): number {
  return tracebackLimit;
}

const traceable = (value: unknown): value is Traceable =>
  (typeof value === 'object' && value !== null) || ['function', 'string', 'symbol', 'bigint'].includes(typeof value);

/**
 * Where `object` (an object, function, string, symbol or bigint) was allocated; null unless
 * tracing with `{ exact: true }` saw it allocated.
 */
export function getObjectTraceback(object: unknown): Traceback | null {
  if (tracing === null || !traceable(object)) return null;
  const { engine, nframe } = tracing;
  return stoppingIfTakenAway(() => engine.objectTraceback(object, nframe));
}
