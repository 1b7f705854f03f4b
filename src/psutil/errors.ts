// psutil's exceptions: the message reads like psutil's str(), e.g.
// `process no longer exists (pid=123, name='node')`.
import { stringRepr } from '../pyrepr.js';
import { systemError } from '../syserror.js';
import { native } from './native.js';

const ESRCH = 3;
const EPERM = 1;
const EACCES = 13;

function details(pid: number | null, ppid: number | null, name: string | null): string {
  const parts: string[] = [];
  if (pid !== null) parts.push(`pid=${pid}`);
  if (ppid) parts.push(`ppid=${ppid}`);
  if (name) parts.push(`name=${stringRepr(name)}`);
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/**
 * psutil.Error: the base of memkit's psutil errors. As in psutil, `name` is the process's name
 * ('' when unknown, psutil's None); the class name is `constructor.name`.
 */
export class PsutilError extends Error {
  readonly pid: number | null;
  declare readonly name: string;
  /** psutil's `msg`: the message without the details. */
  readonly msg: string;

  constructor(msg: string, pid: number | null, name: string | null) {
    super([msg, details(pid, null, name)].filter(Boolean).join(' '));
    this.pid = pid;
    // V8 formats `stack` on first read, from `name`: format it while `name` is still the class's.
    void this.stack;
    Object.defineProperty(this, 'name', { value: name ?? '', enumerable: true, writable: true, configurable: true });
    this.msg = msg;
  }

  // `name` is the process's name here, as in psutil, so the class name comes from the constructor.
  override toString(): string {
    return `${this.constructor.name}: ${this.message}`;
  }
}

/** The process does not exist, or no longer does (or its pid now belongs to another process). */
export class NoSuchProcess extends PsutilError {
  readonly code: string = 'ESRCH';

  constructor(pid: number, name: string | null = null, msg = 'process no longer exists') {
    super(msg, pid, name);
  }
}

/** The process exists but is a zombie and the OS refuses the query. */
export class ZombieProcess extends NoSuchProcess {
  readonly ppid: number | null;

  constructor(pid: number, name: string | null = null, ppid: number | null = null, msg = "PID still exists but it's a zombie") {
    super(pid, name, msg);
    this.ppid = ppid;
    this.message = [msg, details(pid, ppid, name)].join(' ');
    const stack = this.stack ?? '';
    this.stack = `ZombieProcess: ${this.message}${stack.slice(stack.indexOf('\n'))}`;
  }
}

/** EPERM / EACCES from the OS. */
export class AccessDenied extends PsutilError {
  readonly code: string;

  constructor(pid: number | null = null, name: string | null = null, msg = '', code = 'EACCES') {
    super(msg, pid, name);
    this.code = code;
  }
}

for (const cls of [PsutilError, NoSuchProcess, ZombieProcess, AccessDenied]) {
  Object.defineProperty(cls.prototype, 'name', { value: cls.name, configurable: true });
}

export type ProcessError = NoSuchProcess | ZombieProcess | AccessDenied;

/** The error for a failed per-process call's status; `syscall` names the call in others. */
export function processError(status: number, pid: number, name: string | null, syscall: string, ppid: number | null = null): Error {
  if (status === ESRCH) return new NoSuchProcess(pid, name);
  if (status === native.status.zombieProcess) return new ZombieProcess(pid, name, ppid);
  if (status === EPERM) return new AccessDenied(pid, name, '', 'EPERM');
  if (status === EACCES) return new AccessDenied(pid, name);
  return systemError(status, syscall);
}
