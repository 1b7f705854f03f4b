// psutil's exceptions: the message reads like psutil's str(), e.g.
// `process no longer exists (pid=123, name='node')`.
import { constants } from 'node:os';
import { stringRepr } from '../pyrepr.js';
import { systemError } from '../syserror.js';
import { native } from './native.js';

const { ESRCH, EPERM, EACCES } = constants.errno;

function details(pid: number | null, ppid: number | null, name: string | null): string {
  const parts: string[] = [];
  if (pid !== null) parts.push(`pid=${pid}`);
  if (ppid) parts.push(`ppid=${ppid}`);
  if (name) parts.push(`name=${stringRepr(name)}`);
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/**
 * psutil.Error, the base of memkit's psutil errors. psutil's `e.name` (the process's name, null
 * when unknown) is `processName` here: in JavaScript `name` is the error class's name, which
 * loggers and test frameworks rely on.
 */
export class PsutilError extends Error {
  readonly pid: number | null;
  readonly processName: string | null;
  /** psutil's `msg`: the message without the details. */
  readonly msg: string;

  constructor(msg: string, pid: number | null, processName: string | null, ppid: number | null = null) {
    super([msg, details(pid, ppid, processName)].filter(Boolean).join(' '));
    this.pid = pid;
    this.processName = processName;
    this.msg = msg;
  }
}

/** The process does not exist, or no longer does (or its pid now belongs to another process). */
export class NoSuchProcess extends PsutilError {
  readonly code: string = 'ESRCH';

  constructor(pid: number, processName: string | null = null, msg = 'process no longer exists', ppid: number | null = null) {
    super(msg, pid, processName, ppid);
  }
}

/** The process exists but is a zombie and the OS refuses the query. */
export class ZombieProcess extends NoSuchProcess {
  readonly ppid: number | null;

  constructor(pid: number, processName: string | null = null, ppid: number | null = null, msg = "PID still exists but it's a zombie") {
    super(pid, processName, msg, ppid);
    this.ppid = ppid;
  }
}

/** EPERM / EACCES from the OS. */
export class AccessDenied extends PsutilError {
  readonly code: string;

  constructor(pid: number | null = null, processName: string | null = null, msg = '', code = 'EACCES') {
    super(msg, pid, processName);
    this.code = code;
  }
}

for (const cls of [PsutilError, NoSuchProcess, ZombieProcess, AccessDenied]) {
  Object.defineProperty(cls.prototype, 'name', { value: cls.name, configurable: true, writable: true });
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
