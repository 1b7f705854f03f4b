// Heap snapshots of this very isolate through node:inspector, on one same-thread session opened
// at the first use: callers get plain synchronous functions.
import { InspectorSession } from '../inspector-session.js';
import type { HeapSnapshotGraph } from './graph.js';
import { HeapSnapshotParser } from './parser.js';

const errors = {
  notAnswered: (method: string) => new Error(`inspector answered ${method} asynchronously; memkit needs a same-thread session`),
  unavailable: (cause: unknown) => new Error('memkit/sizeof needs node:inspector, which this Node.js build lacks', { cause }),
};

let session: InspectorSession | undefined;

function connected(): InspectorSession {
  if (session === undefined) {
    const fresh = new InspectorSession(errors);
    fresh.post('HeapProfiler.enable');
    session = fresh;
  }
  return session;
}

/** Runs an inspector command on this thread's own session and returns its result. */
export function postSync<R = unknown>(method: string, params: object = {}): R {
  return connected().post<R>(method, params);
}

/**
 * Takes a snapshot, feeding each chunk to the streaming parser as V8 emits it.
 * V8 collects garbage first, so the snapshot shows live objects only.
 */
export function takeHeapSnapshot(options: { keepStrings?: boolean } = {}): HeapSnapshotGraph {
  const parser = new HeapSnapshotParser(options);
  connected().postCollecting<{ chunk: string }>(
    'HeapProfiler.takeHeapSnapshot',
    { reportProgress: false },
    'HeapProfiler.addHeapSnapshotChunk',
    ({ chunk }) => parser.push(chunk),
  );
  return parser.finish();
}
