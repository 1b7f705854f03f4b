// A node:inspector Session connected to this thread's own isolate, used synchronously: such a
// session runs the command, fires its events and answers before `post` returns, so memkit's
// inspector users (line profiler, heap snapshots, tracemalloc) offer plain synchronous
// functions. A missing answer means the thread is paused or the session is wedged: `post` throws
// rather than wait forever.
import type * as Inspector from 'node:inspector';

type Post = (method: string, params: object | undefined, callback: (error: Error | null, result: unknown) => void) => void;

/** How a user of the session words its two failures. */
export interface SessionErrors {
  /** `method` did not answer before `post` returned */
  readonly notAnswered: (method: string) => Error;
  /** this Node.js build has no node:inspector */
  readonly unavailable: (cause: unknown) => Error;
}

function loadInspector(errors: SessionErrors): typeof Inspector {
  try {
    return require('node:inspector') as typeof Inspector;
  } catch (error) {
    throw errors.unavailable(error);
  }
}

export class InspectorSession {
  readonly #session: Inspector.Session;
  readonly #errors: SessionErrors;

  /** Connects a new session to this thread. */
  constructor(errors: SessionErrors) {
    this.#errors = errors;
    this.#session = new (loadInspector(errors).Session)();
    this.#session.connect();
  }

  /** Runs `method` and returns its result. */
  post<T = unknown>(method: string, params?: object): T {
    let answered = false;
    let failure: Error | null = null;
    let value: unknown;
    (this.#session.post as Post).call(this.#session, method, params, (error, result) => {
      answered = true;
      failure = error;
      value = result;
    });
    if (!answered) throw this.#errors.notAnswered(method);
    if (failure !== null) throw failure;
    return value as T;
  }

  /** `listener` receives the params of every `event` from now on. */
  on<T>(event: string, listener: (params: T) => void): void {
    this.#session.on(event, (message: { params: T }) => listener(message.params));
  }

  /**
   * Like `post`, with `listener` receiving the named event's params while the call runs; the
   * first error `listener` throws stops it being called and is thrown once the call is over.
   */
  postCollecting<T>(method: string, params: object, event: string, listener: (params: T) => void): void {
    let failed = false;
    let failure: unknown;
    const onEvent = (message: { params: T }): void => {
      if (failed) return;
      try {
        listener(message.params);
      } catch (error) {
        failed = true;
        failure = error;
      }
    };
    this.#session.on(event, onEvent);
    try {
      this.post(method, params);
    } finally {
      this.#session.off(event, onEvent);
    }
    if (failed) throw failure;
  }

  disconnect(): void {
    this.#session.disconnect();
  }
}
