// Exact engine: V8's allocation tracking (every object gets its allocation stack) read back from
// a heap snapshot. Costly: allocation goes through the runtime (about 5x slower), and while it is
// on, the inspector runs a full GC every 50 ms of idle event loop and keeps the loop alive.
import { FrameResolver, OWN, type Resolved } from './locations.js';
import type { Frame } from './frame.js';
import type { Engine, Traceable } from './engine.js';
import { HeapSnapshotParser, type HeapSnapshotTraces, type Wanted } from './heap-snapshot-parser.js';
import type { InspectorSession } from '../inspector-session.js';
import { Trace } from './trace.js';
import { TracebackBuilder } from './traceback-builder.js';
import type { Traceback } from './traceback.js';
import { stoppedElsewhere } from './errors.js';

const WHAT = 'allocation tracker';
const SLOT = Symbol.for('memkit.tracemalloc.object');

export class TrackingEngine implements Engine {
  readonly #session: InspectorSession;

  constructor(session: InspectorSession) {
    this.#session = session;
    this.#start();
  }

  #start(): void {
    this.#session.post('HeapProfiler.enable');
    this.#session.post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
  }

  clear(): void {
    this.stop();
    this.#start();
  }

  /** `disable` stops tracking without the heap snapshot stopTrackingHeapObjects would take. */
  stop(): void {
    this.#session.post('HeapProfiler.disable');
  }

  #snapshot(wanted: Wanted = null): HeapSnapshotTraces {
    const parser = new HeapSnapshotParser(wanted);
    this.#session.postCollecting<{ chunk: string }>(
      'HeapProfiler.takeHeapSnapshot',
      { reportProgress: false },
      'HeapProfiler.addHeapSnapshotChunk',
      ({ chunk }) => parser.write(chunk),
    );
    const traces = parser.end();
    if (traces.functions.length === 0) throw stoppedElsewhere(WHAT);
    return traces;
  }

  collect(nframe: number): Trace[] {
    const snapshot = this.#snapshot();
    const stacks = new TraceStacks(snapshot, nframe);
    const traces = new Map<Traceback, { size: number; count: number }>();
    for (const [traceNode, live] of snapshot.live) {
      const traceback = stacks.traceback(traceNode);
      if (traceback === null) continue;
      const sum = traces.get(traceback);
      if (sum) {
        sum.size += live.size;
        sum.count += live.count;
      } else {
        traces.set(traceback, { ...live });
      }
    }
    return [...traces].map(([traceback, sum]) => new Trace(sum.size, sum.count, traceback));
  }

  #heapObjectId(objectId: string): number {
    return Number(this.#session.post<{ heapSnapshotObjectId: string }>('HeapProfiler.getHeapObjectId', { objectId }).heapSnapshotObjectId);
  }

  /**
   * Costs one or two heap snapshots: V8 can only tell an object's trace node through one. A
   * string (or symbol, bigint) has no inspector object id: it is looked up as element 0 of a
   * holder array, whose id the inspector gives.
   */
  objectTraceback(value: Traceable, nframe: number): Traceback | null {
    const byHolder = typeof value !== 'object' && typeof value !== 'function';
    const holder = globalThis as unknown as Record<symbol, unknown>;
    holder[SLOT] = byHolder ? [value] : value;
    let objectId: string | undefined;
    try {
      objectId = this.#session.post<{ result: { objectId?: string } }>('Runtime.evaluate', {
        expression: `globalThis[Symbol.for('memkit.tracemalloc.object')]`,
      }).result.objectId;
    } finally {
      delete holder[SLOT];
    }
    if (objectId === undefined) return null;
    let heapId: number;
    try {
      heapId = this.#heapObjectId(objectId);
      if (heapId === 0) {
        // V8 numbers objects only when it walks the heap: let one snapshot (unread) do that.
        this.#session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
        heapId = this.#heapObjectId(objectId);
      }
      const snapshot = this.#snapshot(byHolder ? { holderId: heapId } : { objectId: heapId });
      return snapshot.objectTraceNode === 0 ? null : new TraceStacks(snapshot, nframe).traceback(snapshot.objectTraceNode);
    } finally {
      this.#session.post('Runtime.releaseObject', { objectId });
    }
  }
}

/** Trace node id -> traceback of user frames, following parents to the root. */
class TraceStacks {
  readonly #snapshot: HeapSnapshotTraces;
  readonly #nframe: number;
  readonly #resolver = new FrameResolver();
  readonly #builder: TracebackBuilder;
  readonly #frames = new Map<number, Resolved>();

  constructor(snapshot: HeapSnapshotTraces, nframe: number) {
    this.#snapshot = snapshot;
    this.#nframe = nframe;
    this.#builder = new TracebackBuilder(nframe);
  }

  #frame(functionIndex: number): Resolved {
    let frame = this.#frames.get(functionIndex);
    if (frame === undefined) {
      const f = this.#snapshot.functions[functionIndex];
      // The snapshot writes 1-based positions; the resolver takes the protocol's 0-based ones.
      frame = f ? this.#resolver.resolve(f.scriptName, f.line - 1, f.column - 1, f.name) : null;
      this.#frames.set(functionIndex, frame);
    }
    return frame;
  }

  /** Null when no user frame made the object, or memkit/tracemalloc's own code did. */
  traceback(traceNode: number): Traceback | null {
    const frames: Frame[] = [];
    for (let node = this.#snapshot.tree.get(traceNode); node; node = this.#snapshot.tree.get(node[0])) {
      const frame = this.#frame(node[1]);
      if (frame === OWN) return null;
      if (frame && frames.length < this.#nframe) frames.push(frame);
    }
    return this.#builder.build(frames);
  }
}
