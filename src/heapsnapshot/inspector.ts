// Heap snapshots of this very isolate through node:inspector. A session connected to its own
// thread dispatches synchronously: `post` runs the command, fires its events (the snapshot
// chunks) and calls back before returning, so callers get plain synchronous functions.
import { Session } from 'node:inspector';
import { postNow } from '../inspector-post.js';
import type { HeapSnapshotGraph } from './graph.js';
import { HeapSnapshotParser } from './parser.js';

let session: Session | undefined;

function connected(): Session {
  if (session === undefined) {
    const fresh = new Session();
    fresh.connect();
    session = fresh;
    postSync('HeapProfiler.enable');
  }
  return session;
}

/** Runs an inspector command on this thread's own session and returns its result. */
export function postSync<R = unknown>(method: string, params: object = {}): R {
  return postNow<R>(connected(), method, params, (m) => new Error(`inspector answered ${m} asynchronously; memkit needs a same-thread session`));
}

/**
 * Takes a snapshot, feeding each chunk to the streaming parser as V8 emits it.
 * V8 collects garbage first, so the snapshot shows live objects only.
 */
export function takeHeapSnapshot(options: { keepStrings?: boolean } = {}): HeapSnapshotGraph {
  const s = connected();
  const parser = new HeapSnapshotParser(options);
  let failure: unknown;
  const onChunk = (message: { params: { chunk: string } }) => {
    if (failure !== undefined) return;
    try {
      parser.push(message.params.chunk);
    } catch (error) {
      failure = error;
    }
  };
  s.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    postSync('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    s.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  if (failure !== undefined) throw failure;
  return parser.finish();
}
