// Python's `resource` module: getrusage(2), getrlimit/setrlimit(2), prlimit(2), getpagesize.
import { constants as osConstants } from 'node:os';
import { native } from './native.js';
import { StructRusage, RUSAGE_FIELDS } from './rusage.js';
import { systemError } from './syserror.js';
import { checkInt32, checkPid, invalidArgType, outOfRange } from './validate.js';

export { StructRusage, maxrssBytes } from './rusage.js';

const constants = native.resourceConstants;

/** The platform's RUSAGE_* and RLIMIT_* values, from its headers at build time. */
export const resourceConstants: Readonly<Record<string, number>> = Object.freeze({ ...constants });

export const RUSAGE_SELF: number = constants.RUSAGE_SELF;
export const RUSAGE_CHILDREN: number = constants.RUSAGE_CHILDREN;
/** Linux and FreeBSD; undefined on macOS, which has no per-thread getrusage. */
export const RUSAGE_THREAD: number | undefined = constants.RUSAGE_THREAD;
export const RUSAGE_BOTH: number | undefined = constants.RUSAGE_BOTH;

export const RLIMIT_CPU: number = constants.RLIMIT_CPU;
export const RLIMIT_FSIZE: number = constants.RLIMIT_FSIZE;
export const RLIMIT_DATA: number = constants.RLIMIT_DATA;
export const RLIMIT_STACK: number = constants.RLIMIT_STACK;
export const RLIMIT_CORE: number = constants.RLIMIT_CORE;
export const RLIMIT_NOFILE: number = constants.RLIMIT_NOFILE;
// Linux, FreeBSD and macOS all define these four (FreeBSD's RLIMIT_AS is RLIMIT_VMEM, macOS's
// RLIMIT_RSS is RLIMIT_AS).
export const RLIMIT_AS: number = constants.RLIMIT_AS;
export const RLIMIT_RSS: number = constants.RLIMIT_RSS;
export const RLIMIT_NPROC: number = constants.RLIMIT_NPROC;
export const RLIMIT_MEMLOCK: number = constants.RLIMIT_MEMLOCK;
// Each of these exists on some platforms only (see README); undefined elsewhere.
export const RLIMIT_OFILE: number | undefined = constants.RLIMIT_OFILE;
export const RLIMIT_VMEM: number | undefined = constants.RLIMIT_VMEM;
export const RLIMIT_LOCKS: number | undefined = constants.RLIMIT_LOCKS;
export const RLIMIT_SIGPENDING: number | undefined = constants.RLIMIT_SIGPENDING;
export const RLIMIT_MSGQUEUE: number | undefined = constants.RLIMIT_MSGQUEUE;
export const RLIMIT_NICE: number | undefined = constants.RLIMIT_NICE;
export const RLIMIT_RTPRIO: number | undefined = constants.RLIMIT_RTPRIO;
export const RLIMIT_RTTIME: number | undefined = constants.RLIMIT_RTTIME;
export const RLIMIT_SBSIZE: number | undefined = constants.RLIMIT_SBSIZE;
export const RLIMIT_SWAP: number | undefined = constants.RLIMIT_SWAP;
export const RLIMIT_NPTS: number | undefined = constants.RLIMIT_NPTS;
export const RLIMIT_KQUEUES: number | undefined = constants.RLIMIT_KQUEUES;
export const RLIMIT_UMTXP: number | undefined = constants.RLIMIT_UMTXP;
export const RLIMIT_PIPEBUF: number | undefined = constants.RLIMIT_PIPEBUF;

/** Python's RLIM_INFINITY. */
export const RLIM_INFINITY = Infinity;

export type RLimits = [soft: number, hard: number];

// The running OS's errno values (ENOSYS differs between Linux and the BSDs).
const { EINVAL, EPERM, ENOSYS } = osConstants.errno;
const rusageView = native.scratch.subarray(0, RUSAGE_FIELDS.length);
const limitsOut = new Float64Array(2);

// The addon checks `who` (one check on the hot path); the error is made here, where its name is known.
function rusageFailed(status: number, who: unknown): Error {
  if (status === native.status.notInt32) return invalidArgType('who', 'an int32 integer', who);
  if (status === EINVAL) return systemError(EINVAL, 'getrusage', 'invalid who parameter', RangeError);
  return systemError(status, 'getrusage');
}

/** resource.getrusage(who): a StructRusage for RUSAGE_SELF, RUSAGE_CHILDREN or RUSAGE_THREAD. */
export function getrusage(who: number): StructRusage {
  const status = native.getrusage(who);
  if (status !== undefined) throw rusageFailed(status, who);
  return new StructRusage(rusageView);
}

/**
 * getrusage into the caller's Float64Array (length >= 16), fields in StructRusage order.
 * Allocates nothing: for samplers calling it in a loop.
 */
export function getrusageInto(who: number, out: Float64Array): Float64Array {
  if (!(out instanceof Float64Array) || out.length < RUSAGE_FIELDS.length) {
    throw invalidArgType('out', 'a Float64Array of length >= 16', out);
  }
  const status = native.getrusage(who);
  if (status !== undefined) throw rusageFailed(status, who);
  // A loop the JIT compiles inline, not `out.set()`: a builtin call right after the system call
  // costs 50-80 ns more (`npm run bench resource`).
  for (let i = 0; i < rusageView.length; i++) out[i] = rusageView[i];
  return out;
}

function limitsFailed(status: number, syscall: string): Error {
  if (status === native.status.outOfRange) return outOfRange('limits', `<= ${native.rlimMax} or RLIM_INFINITY`, 'a limit rlim_t cannot hold');
  if (status === native.status.invalidResource) {
    return systemError(EINVAL, syscall, 'invalid resource specified', RangeError);
  }
  if (status === native.status.unsupported) {
    return systemError(ENOSYS, syscall, `${syscall} is not available on ${process.platform}`);
  }
  if (syscall === 'setrlimit' && status === EINVAL) {
    return systemError(EINVAL, syscall, 'current limit exceeds maximum limit', RangeError);
  }
  if (syscall === 'setrlimit' && status === EPERM) {
    return systemError(EPERM, syscall, 'not allowed to raise maximum limit');
  }
  return systemError(status, syscall);
}

function checkLimits(value: unknown): RLimits {
  if (value === null || typeof value !== 'object' || !('length' in value) || (value as ArrayLike<unknown>).length !== 2) {
    throw invalidArgType('limits', 'an array of 2 integers [soft, hard]', value);
  }
  const [soft, hard] = Array.from(value as ArrayLike<unknown>);
  for (const [name, limit] of [['limits[0]', soft], ['limits[1]', hard]] as const) {
    if (typeof limit !== 'number' || !(Number.isInteger(limit) || limit === Infinity)) {
      throw invalidArgType(name, 'an integer or RLIM_INFINITY', limit);
    }
    if (limit < 0) throw outOfRange(name, '>= 0 or RLIM_INFINITY', limit);
    // CPython raises OverflowError; a cast would make it undefined behaviour (1e300 became 0).
    if (limit > native.rlimMax && limit !== Infinity) {
      throw outOfRange(name, `<= ${native.rlimMax} (what rlim_t holds) or RLIM_INFINITY`, limit);
    }
  }
  return [soft as number, hard as number];
}

function readLimits(): RLimits {
  return [limitsOut[0], limitsOut[1]];
}

/** resource.getrlimit(resource) -> [soft, hard]; RLIM_INFINITY is Infinity. */
export function getrlimit(resource: number): RLimits {
  checkInt32('resource', resource);
  const status = native.getrlimit(resource, limitsOut);
  if (status !== 0) throw limitsFailed(status, 'getrlimit');
  return readLimits();
}

/** resource.setrlimit(resource, [soft, hard]). */
export function setrlimit(resource: number, limits: RLimits): void {
  checkInt32('resource', resource);
  const [soft, hard] = checkLimits(limits);
  const status = native.setrlimit(resource, soft, hard);
  if (status !== 0) throw limitsFailed(status, 'setrlimit');
}

/**
 * resource.prlimit(pid, resource, limits?) -> the previous [soft, hard] (Linux only).
 * pid 0 is the calling process; with `limits`, sets them on that process.
 */
export function prlimit(pid: number, resource: number, limits?: RLimits): RLimits {
  checkPid('pid', pid);
  checkInt32('resource', resource);
  if (!native.hasPrlimit) throw limitsFailed(native.status.unsupported, 'prlimit');
  const status = limits === undefined
    ? native.prlimit(pid, resource, limitsOut)
    : native.prlimit(pid, resource, limitsOut, ...checkLimits(limits));
  if (status !== 0) throw limitsFailed(status, 'prlimit');
  return readLimits();
}

/** resource.getpagesize(): bytes in a system page. */
export function getpagesize(): number {
  return native.pageSize;
}
