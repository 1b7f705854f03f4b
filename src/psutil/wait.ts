// psutil.wait_procs(): wait for processes to end, with psutil's polling back-off.
import { constants } from 'node:os';
import { systemError } from '../syserror.js';
import { invalidArgType, outOfRange } from '../validate.js';
import { native } from './native.js';
import { Process } from './process.js';
import { pidExists } from './system.js';

const { ECHILD } = constants.errno;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(seconds: number): void {
  Atomics.wait(sleeper, 0, 0, seconds * 1000);
}

const now = (): number => performance.now() / 1000;

export interface WaitProcsOptions {
  /** Seconds to wait at most (default: until every process has ended). */
  readonly timeout?: number | null;
  /** Called with each Process as it is found gone. */
  readonly callback?: ((proc: Process) => void) | null;
}

export interface WaitProcsResult {
  readonly gone: Process[];
  readonly alive: Process[];
}

const TIMED_OUT = Symbol('timed out');

/**
 * psutil's wait_pid_posix(): our child's exit code (peeked with WNOWAIT, so libuv still reaps
 * it and its ChildProcess still emits 'exit'), null for a process that is not our child once it
 * is gone, TIMED_OUT after `timeout` seconds. Polls from 0.1 ms, doubling up to 40 ms.
 */
function waitPid(pid: number, timeout: number): number | null | typeof TIMED_OUT {
  const stopAt = now() + timeout;
  let interval = 0.0001;
  const pause = (): boolean => {
    if (timeout === 0 || now() >= stopAt) return false;
    sleep(Math.min(interval, Math.max(0, stopAt - now())));
    interval = Math.min(interval * 2, 0.04);
    return true;
  };
  for (;;) {
    const peek = native.peekExit(pid);
    if (peek === ECHILD) {
      // not our child (or already reaped): gone once the pid is
      while (pidExists(pid)) if (!pause()) return TIMED_OUT;
      return null;
    }
    if (typeof peek === 'number') throw systemError(peek, 'waitid');
    if (peek !== null) return peek.code;
    if (!pause()) return TIMED_OUT;
  }
}

/**
 * psutil's wait_procs(procs, timeout, callback): waits (blocking, as psutil does) until every
 * Process has ended or `timeout` seconds have passed. Each gone Process gets `returncode`: its
 * exit code when it was our child (-N when signal N killed it), else null.
 */
export function waitProcs(procs: Iterable<Process>, { timeout = null, callback = null }: WaitProcsOptions = {}): WaitProcsResult {
  if (procs === null || typeof procs !== 'object' || typeof (procs as Iterable<Process>)[Symbol.iterator] !== 'function') {
    throw invalidArgType('procs', 'an iterable of Process', procs);
  }
  const list = [...new Set(procs)];
  list.forEach((proc, i) => {
    if (!(proc instanceof Process)) throw invalidArgType(`procs[${i}]`, 'a Process', proc);
    if (proc.pid === 0) throw new RangeError("can't wait for PID 0");
  });
  if (timeout !== null && (typeof timeout !== 'number' || Number.isNaN(timeout))) throw invalidArgType('timeout', 'a number or null', timeout);
  if (timeout !== null && timeout < 0) throw outOfRange('timeout', '>= 0', timeout);
  if (callback !== null && typeof callback !== 'function') throw invalidArgType('callback', 'a function or null', callback);

  const gone: Process[] = [];
  const isGone = new Set<Process>();
  const check = (proc: Process, seconds: number): void => {
    const code = waitPid(proc.pid, seconds);
    if (code === TIMED_OUT) return;
    if (code !== null || !proc.isRunning()) {
      proc.returncode = code;
      gone.push(proc);
      isGone.add(proc);
      callback?.(proc);
    }
  };
  const deadline = timeout === null ? Infinity : now() + timeout;
  let alive = list;
  // Each round over the survivors lasts at most a second, so that one late process does not
  // keep the others' pids unwatched (psutil's reason).
  while (alive.length > 0 && timeout !== 0) {
    const slice = 1 / alive.length;
    let expired = false;
    for (const proc of alive) {
      const left = Math.min(deadline - now(), slice);
      if (left <= 0) {
        expired = true;
        break;
      }
      check(proc, left);
    }
    alive = alive.filter((proc) => !isGone.has(proc));
    if (expired) break;
  }
  for (const proc of alive) check(proc, 0);  // a last look, without waiting
  return { gone, alive: alive.filter((proc) => !isGone.has(proc)) };
}
