// Exact engine: V8's allocation tracking (every object gets its allocation stack) read back from
// a heap snapshot. Costly: allocation goes through the runtime (about 5x slower), and while it is
// on, the inspector runs a full GC every 50 ms of idle event loop and keeps the loop alive.
import { FrameResolver, OWN, type Resolved } from './locations.js';
import type { Frame } from './frame.js';
import type { Engine, Traceable } from './engine.js';
import { SnapshotTraceReader, type HeapSnapshotTraces } from './snapshot-traces.js';
import type { InspectorSession } from '../inspector-session.js';
import type { Trace } from './trace.js';
import { TraceSums } from './trace-sums.js';
import { TracebackBuilder } from './traceback-builder.js';
import type { Traceback } from './traceback.js';
import { stoppedElsewhere } from './errors.js';

const WHAT = 'allocation tracker';
const SLOT = Symbol.for('memkit.tracemalloc.object');

export class TrackingEngine implements Engine {
  readonly #session: InspectorSession;
  /**
   * getObjectTraceback() puts the value in element 0 and reads it through this array in one
   * snapshot. Made before tracking starts, which numbers every object, so its id is known
   * without a snapshot of its own (one would number the value too, see snapshot-traces.ts).
   */
  readonly #anchor: unknown[] = [undefined];
  #anchorId = 0;
  /** The last snapshot read: its `known` traces carry over to the next. */
  #last: HeapSnapshotTraces | null = null;

  constructor(session: InspectorSession) {
    this.#session = session;
    this.#start();
  }

  #start(): void {
    this.#session.post('HeapProfiler.enable');
    this.#session.post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
  }

  /** `disable` also forgets every object id: the anchor gets a new one when tracking restarts. */
  clear(): void {
    this.stop();
    this.#anchorId = 0;
    this.#last = null;
    this.#start();
  }

  /** `disable` stops tracking without the heap snapshot stopTrackingHeapObjects would take. */
  stop(): void {
    this.#session.post('HeapProfiler.disable');
  }

  #snapshot(anchorId = 0): HeapSnapshotTraces {
    const reader = new SnapshotTraceReader({ known: this.#last?.known, anchorId });
    this.#session.postCollecting<{ chunk: string }>(
      'HeapProfiler.takeHeapSnapshot',
      { reportProgress: false },
      'HeapProfiler.addHeapSnapshotChunk',
      ({ chunk }) => reader.push(chunk),
    );
    const traces = reader.finish();
    if (traces.functions.length === 0) throw stoppedElsewhere(WHAT);
    this.#last = traces;
    return traces;
  }

  collect(nframe: number): Trace[] {
    const snapshot = this.#snapshot();
    const stacks = new TraceStacks(snapshot, nframe);
    const sums = new TraceSums();
    for (const [traceNode, live] of snapshot.live) {
      const traceback = stacks.traceback(traceNode);
      if (traceback !== null) sums.add(traceback, live.size, live.count);
    }
    return sums.traces();
  }

  /** The heap snapshot id of an object, 0 when no snapshot has numbered it yet. */
  #heapId(object: object): number {
    const holder = globalThis as unknown as Record<symbol, unknown>;
    holder[SLOT] = object;
    let objectId: string | undefined;
    try {
      objectId = this.#session.post<{ result: { objectId?: string } }>('Runtime.evaluate', {
        expression: `globalThis[Symbol.for('memkit.tracemalloc.object')]`,
      }).result.objectId;
    } finally {
      delete holder[SLOT];
    }
    if (objectId === undefined) return 0;
    try {
      return Number(this.#session.post<{ heapSnapshotObjectId: string }>('HeapProfiler.getHeapObjectId', { objectId }).heapSnapshotObjectId);
    } finally {
      this.#session.post('Runtime.releaseObject', { objectId });
    }
  }

  /** 0 only once every id is forgotten: another session's HeapProfiler.disable, which also stops tracking. */
  #anchorHeapId(): number {
    if (this.#anchorId === 0) this.#anchorId = this.#heapId(this.#anchor);
    if (this.#anchorId === 0) throw stoppedElsewhere(WHAT);
    return this.#anchorId;
  }

  /**
   * An object the last snapshot saw traced costs no snapshot; anything else one, read through
   * the anchor, which also finds strings (they have no inspector object id).
   */
  objectTraceback(value: Traceable, nframe: number): Traceback | null {
    const last = this.#last;
    if (last !== null && (typeof value === 'object' || typeof value === 'function')) {
      const id = this.#heapId(value);
      const traceNode = id === 0 ? 0 : last.known.get(id);
      if (traceNode !== 0) return new TraceStacks(last, nframe).traceback(traceNode);
    }
    const anchorId = this.#anchorHeapId();
    this.#anchor[0] = value;
    let snapshot: HeapSnapshotTraces;
    try {
      snapshot = this.#snapshot(anchorId);
    } finally {
      this.#anchor[0] = undefined;
    }
    const traceNode = snapshot.anchoredTraceNode;
    return traceNode === 0 ? null : new TraceStacks(snapshot, nframe).traceback(traceNode);
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
