// A node:inspector Session on this thread's isolate, used synchronously: the in-process session
// answers on the calling thread before `post` returns, so a missing answer means the thread is
// paused or the session is wedged, and we fail instead of waiting forever.
import type * as Inspector from 'node:inspector';
import { postNow } from '../inspector-post.js';
import { inspectorUnavailable, notSynchronous } from './errors.js';

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
    return postNow<T>(this.#session, method, params, notSynchronous);
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
