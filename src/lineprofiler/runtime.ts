// The line profiler's runtime: the one object that holds what profiling needs while it goes on
// (the meters and the mark of the profiler's own work, the profiled calls, the inspector path's
// session with its breakpoints and the Array hook they call). Importing memkit creates none of
// it: the runtime starts when a function is first profiled, the session opens when the inspector
// path first needs it and closes, with its hook, once no profiled call is going on.
import { ProfiledCalls } from './calls.js';
import { DebuggerSession } from './inspector/session.js';
import { Meters } from './memory.js';

export class Runtime {
  readonly meters = new Meters();
  readonly calls = new ProfiledCalls(this.meters, () => this.#session?.closeWhenIdle());
  #session: DebuggerSession | undefined;

  /** The inspector path's session, opened now if it is not open. */
  session(): DebuggerSession {
    if (this.#session === undefined || !this.#session.open) {
      this.#session = new DebuggerSession(this.meters, this.calls);
      // a session opened to find a function's source closes too if no call follows it
      this.#session.closeWhenIdle();
    }
    return this.#session;
  }
}

let started: Runtime | undefined;

/** The runtime, started by the first call. */
export function runtime(): Runtime {
  return (started ??= new Runtime());
}
