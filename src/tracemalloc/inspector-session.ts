// A node:inspector Session on this thread's isolate, used synchronously: the in-process session
// answers on the calling thread before `post` returns, so a missing answer means the thread is
// paused or the session is wedged, and we fail instead of waiting forever.
import type * as Inspector from 'node:inspector';
import { inspectorUnavailable, notSynchronous } from './errors.js';

type Post = (method: string, params: object | undefined, callback: (error: Error | null, result: unknown) => void) => void;

function loadInspector(): typeof Inspector {
  try {
    return require('node:inspector') as typeof Inspector;
  } catch (error) {
    throw inspectorUnavailable(error);
  }
}

export class InspectorSession {
  readonly #session: Inspector.Session;

  constructor() {
    this.#session = new (loadInspector().Session)();
    this.#session.connect();
  }

  post<T = unknown>(method: string, params?: object): T {
    let answered = false;
    let failure: Error | null = null;
    let value: unknown;
    (this.#session.post as Post).call(this.#session, method, params, (error, result) => {
      answered = true;
      failure = error;
      value = result;
    });
    if (!answered) throw notSynchronous(method);
    if (failure) throw failure;
    return value as T;
  }

  /** Like `post`, with `listener` receiving the named event's params while the call runs. */
  postCollecting<T>(method: string, params: object, event: string, listener: (params: T) => void): void {
    const onEvent = (message: { params: T }): void => listener(message.params);
    this.#session.on(event, onEvent);
    try {
      this.post(method, params);
    } finally {
      this.#session.off(event, onEvent);
    }
  }

  disconnect(): void {
    this.#session.disconnect();
  }
}
