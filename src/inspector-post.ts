// A node:inspector Session connected to its own thread answers before `post` returns. memkit's
// inspector users (line profiler, heap snapshots, tracemalloc) rely on that to offer plain
// synchronous functions; a missing answer means the thread is paused or the session is wedged.
import type { Session } from 'node:inspector';

type Post = (method: string, params: object | undefined, callback: (error: Error | null, result: unknown) => void) => void;

/** Runs `method` and returns its result; `notAnswered(method)` is thrown when it did not answer at once. */
export function postNow<R = unknown>(session: Session, method: string, params: object | undefined, notAnswered: (method: string) => Error): R {
  let answered = false;
  let failure: Error | null = null;
  let value: unknown;
  (session.post as Post).call(session, method, params, (error, result) => {
    answered = true;
    failure = error;
    value = result;
  });
  if (!answered) throw notAnswered(method);
  if (failure !== null) throw failure;
  return value as R;
}
