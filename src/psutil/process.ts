// psutil.Process: one process, identified by pid and create time.
import { constants } from 'node:os';
import { inspect } from 'node:util';
import { stringRepr } from '../pyrepr.js';
import { systemError } from '../syserror.js';
import { selfPid } from '../self-pid.js';
import { checkPid, invalidArgType } from '../validate.js';
import { attrMethod, AS_DICT_ATTRS, checkAttrs, type AsDictAttr } from './attrs.js';
import { PROC_STATES, type ProcessStatus } from './constants.js';
import { AccessDenied, NoSuchProcess, processError, ZombieProcess } from './errors.js';
import { extRegions, groupRegions, readRegions, type PmmapExt, type PmmapGrouped, type Regions } from './maps.js';
import { native } from './native.js';
import {
  PcputimesRecord, PctxswRecord, PfullmemRecord, pfullmemFields, PmemRecord, pmemFields, PuidsRecord,
  type Pcputimes, type Pctxsw, type Pfullmem, type Pmem, type Puids,
} from './records.js';
import { totalPhysical } from './system.js';

const { ESRCH } = constants.errno;
const scratch = native.scratch;

interface Snapshot {
  readonly name: string;
  readonly ppid: number;
  readonly status: ProcessStatus;
  readonly createTime: number;
  readonly cpuTimes: Float64Array;
  readonly ctxSwitches: Float64Array;
  readonly uids: Float64Array;
  /** Why cpuTimes and ctxSwitches are NaN (macOS: proc_pidinfo refused), else 0. */
  readonly countersStatus: number;
}

// readProcess's scratch slots.
const IDENTITY = 13;
const COUNTERS_STATUS = 14;

function snapshot(name: string): Snapshot {
  return {
    name,
    ppid: scratch[0],
    status: PROC_STATES[scratch[1]],
    createTime: scratch[2],
    cpuTimes: scratch.slice(3, 8),
    ctxSwitches: scratch.slice(8, 10),
    uids: scratch.slice(10, 13),
    countersStatus: scratch[COUNTERS_STATUS],
  };
}

export interface ChildrenOptions {
  /** All descendants, not only direct children. */
  readonly recursive?: boolean;
}

// psutil's _pprint_secs: the time of day, or the date too when it is a day or more ago.
function startedRepr(seconds: number): string {
  const date = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  if (Date.now() / 1000 - seconds < 86400) return time;
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${time}`;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}

export class Process {
  readonly pid: number;
  #name: string | null = null;
  /** Identity: a pid with another start is another process (pid reuse). Unlike createTime() it does not move when the clock is stepped. */
  #identity: number | null = null;
  #createTime: number | null = null;
  #pidReused = false;
  /** Inside oneshot(): what each read returned, by kind of read. */
  #cache: Map<string, unknown> | null = null;
  /** processIter(attrs): asDict(attrs) of this process, as psutil's `proc.info`. */
  info?: Record<string, unknown>;
  /** waitProcs(): the exit code when it ended as our child (-N when signal N killed it), else null. */
  returncode?: number | null;

  /** psutil.Process(pid): NoSuchProcess when no process has that pid. */
  constructor(pid: number = process.pid) {
    this.pid = checkPid('pid', pid);
    const result = native.readProcess(this.pid);
    if (typeof result === 'string') {
      this.#name = result;
      this.#identity = scratch[IDENTITY];
      this.#createTime = scratch[2];
    } else if (result === ESRCH) {
      throw new NoSuchProcess(this.pid, null, 'process PID not found');
    } else {
      const error = processError(result, this.pid, null, 'readProcess');
      if (!(error instanceof AccessDenied)) throw error;  // as psutil: identity unknown, still usable
    }
  }

  #fail(status: number, syscall: string): Error {
    let ppid: number | null = null;
    if (status === native.status.zombieProcess && typeof native.readProcess(this.pid) === 'string') {
      ppid = scratch[0];
    }
    return processError(status, this.pid, this.#name, syscall, ppid);
  }

  /** Outside oneshot(), read(); inside, read() once per kind of read. Errors are not kept. */
  #once<T>(kind: string, read: () => T): T {
    const cache = this.#cache;
    if (cache === null) return read();
    if (cache.has(kind)) return cache.get(kind) as T;
    const value = read();
    cache.set(kind, value);
    return value;
  }

  /** stat/status (kinfo_proc, proc_pidinfo) of this process, after checking it still is this one. */
  #read(): Snapshot {
    return this.#cache === null ? this.#readNow() : this.#once('process', () => this.#readNow());
  }

  #readNow(): Snapshot {
    const result = native.readProcess(this.pid);
    if (typeof result !== 'string') throw this.#fail(result, 'readProcess');
    if (this.#identity === null) {
      this.#identity = scratch[IDENTITY];
      this.#createTime = scratch[2];
    } else if (scratch[IDENTITY] !== this.#identity) {
      this.#pidReused = true;
      throw new NoSuchProcess(this.pid, this.#name, 'process no longer exists and its PID has been reused');
    }
    // name() may have found the longer name this kernel name is cut from.
    if (this.#name === null || !this.#name.startsWith(result)) this.#name = result;
    return snapshot(result);
  }

  // A pid is only reused once its process is gone: checking identity after reading memory
  // proves the numbers were this process's. Our own pid cannot be reused while we run.
  #checkIdentity(): void {
    if (this.pid !== selfPid) this.#read();
  }

  memoryInfo(): Pmem {
    return this.#cache === null ? this.#memoryInfo() : this.#once('memoryInfo', () => this.#memoryInfo());
  }

  #memoryInfo(): Pmem {
    const status = native.memoryInfo(this.pid);
    if (status !== undefined) throw this.#fail(status, 'memoryInfo');
    const memory = new PmemRecord(scratch);
    this.#checkIdentity();
    return memory;
  }

  memoryFullInfo(): Pfullmem {
    return this.#cache === null ? this.#memoryFullInfo() : this.#once('memoryFullInfo', () => this.#memoryFullInfo());
  }

  #memoryFullInfo(): Pfullmem {
    const status = native.memoryFullInfo(this.pid);
    if (status !== undefined) throw this.#fail(status, 'memoryFullInfo');
    const memory = new PfullmemRecord(scratch);
    this.#checkIdentity();
    return memory;
  }

  /**
   * psutil's memory_maps(): with `grouped` (the default) one pmmap_grouped per path, its
   * counters summed over the path's mappings; else one pmmap_ext per mapping, with addr and perms.
   */
  memoryMaps(grouped?: true): PmmapGrouped[];
  memoryMaps(grouped: false): PmmapExt[];
  memoryMaps(grouped?: boolean): PmmapGrouped[] | PmmapExt[];
  memoryMaps(grouped = true): PmmapGrouped[] | PmmapExt[] {
    if (typeof grouped !== 'boolean') throw invalidArgType('grouped', 'a boolean', grouped);
    const regions = this.#once('memoryMaps', (): Regions => {
      const result = readRegions(this.pid);
      if (typeof result === 'number') throw this.#fail(result, 'memoryMaps');
      this.#checkIdentity();
      return result;
    });
    return grouped ? groupRegions(regions) : extRegions(regions);
  }

  /**
   * psutil's oneshot(): while `fn` runs (until its promise settles, for an async `fn`), each
   * kind of read (the process record, memoryInfo, memoryFullInfo, memoryMaps) asks the kernel
   * once and every method is served from that snapshot. Nested calls share the outer snapshot.
   * Returns what `fn` returns.
   */
  oneshot<T>(fn: () => T): T {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'a function', fn);
    if (this.#cache !== null) return fn();
    this.#cache = new Map();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.#cache = null;
      throw error;
    }
    if (!isThenable(result)) {
      this.#cache = null;
      return result;
    }
    return Promise.resolve(result).finally(() => {
      this.#cache = null;
    }) as T;
  }

  /**
   * psutil's as_dict(): `attrs` (default: all of AS_DICT_ATTRS) read in one oneshot();
   * AccessDenied and ZombieProcess give `adValue` instead. NoSuchProcess is thrown.
   */
  asDict(attrs?: Iterable<string> | null, adValue: unknown = null): Record<string, unknown> {
    const names = attrs === undefined || attrs === null ? [] : checkAttrs(attrs);
    const wanted: readonly string[] = names.length > 0 ? names : AS_DICT_ATTRS;
    return this.oneshot(() => {
      const out: Record<string, unknown> = {};
      for (const name of wanted) {
        const method = attrMethod(name) as AsDictAttr;
        try {
          out[name] = method === 'pid' ? this.pid : this[method]();
        } catch (error) {
          if (!(error instanceof AccessDenied || error instanceof ZombieProcess)) throw error;
          out[name] = adValue;
        }
      }
      return out;
    });
  }

  /** The `memtype` field of memoryFullInfo() as a percentage of total physical memory. */
  memoryPercent(memtype = 'rss'): number {
    if (typeof memtype !== 'string') throw invalidArgType('memtype', 'a string', memtype);
    if (!pfullmemFields.includes(memtype)) {
      const valid = pfullmemFields.map(stringRepr).join(', ');
      throw new RangeError(`invalid memtype ${stringRepr(memtype)}; valid types are (${valid})`);
    }
    const memory = pmemFields.includes(memtype) ? this.memoryInfo() : this.memoryFullInfo();
    return ((memory as unknown as Record<string, number>)[memtype] / totalPhysical()) * 100;
  }

  // macOS reads times and switches with proc_pidinfo, which other users' processes, zombies
  // and rarely others refuse: the addon leaves NaN there with the status, and psutil raises.
  #counters(pick: (snap: Snapshot) => Float64Array): Float64Array {
    const snap = this.#read();
    const values = pick(snap);
    if (snap.countersStatus === 0) return values;
    throw processError(snap.countersStatus, this.pid, this.#name, 'proc_pidinfo', snap.ppid);
  }

  cpuTimes(): Pcputimes {
    return new PcputimesRecord(this.#counters((snap) => snap.cpuTimes));
  }

  numCtxSwitches(): Pctxsw {
    return new PctxswRecord(this.#counters((snap) => snap.ctxSwitches));
  }

  /** Real, effective and saved user ids. */
  uids(): Puids {
    return new PuidsRecord(this.#read().uids);
  }

  ppid(): number {
    return this.#read().ppid;
  }

  /** The command name; psutil's: argv[0]'s basename when the kernel's 15-character name cuts it. */
  name(): string {
    const short = this.#read().name;
    if (short.length < 15) return short;
    const result = native.extendName(this.pid, short);
    if (typeof result !== 'string') throw this.#fail(result, 'extendName');
    this.#name = result;
    return result;
  }

  status(): ProcessStatus {
    return this.#read().status;
  }

  /** Seconds since the epoch. */
  createTime(): number {
    return this.#createTime ?? this.#read().createTime;
  }

  /** False once the process is gone or its pid belongs to a newer process; true for zombies. */
  isRunning(): boolean {
    if (this.#pidReused) return false;
    try {
      this.#readNow();  // never from a oneshot() snapshot
      return true;
    } catch (error) {
      if (error instanceof AccessDenied) return true;
      if (error instanceof NoSuchProcess) return false;
      throw error;
    }
  }

  /** The parent, or null when there is none (or it was replaced by a newer process). */
  parent(): Process | null {
    const { ppid, createTime } = this.#read();
    try {
      const parent = new Process(ppid);
      return parent.createTime() <= createTime ? parent : null;
    } catch (error) {
      if (error instanceof NoSuchProcess) return null;
      throw error;
    }
  }

  /** parent(), its parent, and so on up to the first process; [] when there is none. */
  parents(): Process[] {
    const found: Process[] = [];
    for (let parent = this.parent(); parent !== null; parent = parent.parent()) found.push(parent);
    return found;
  }

  /** Direct children, or with `recursive` every descendant; none younger-than-us impostors. */
  children({ recursive = false }: ChildrenOptions = {}): Process[] {
    const { createTime } = this.#read();
    const pairs = native.parents();
    if (typeof pairs === 'number') throw systemError(pairs, 'parents');
    const byParent = new Map<number, number[]>();
    for (let i = 0; i < pairs.length; i += 2) {
      const siblings = byParent.get(pairs[i + 1]);
      if (siblings) siblings.push(pairs[i]); else byParent.set(pairs[i + 1], [pairs[i]]);
    }
    const found: Process[] = [];
    const seen = new Set<number>();
    const stack = [this.pid];
    while (stack.length > 0) {
      const pid = stack.pop() as number;
      if (seen.has(pid)) continue;
      seen.add(pid);
      for (const childPid of byParent.get(pid) ?? []) {
        try {
          const child = new Process(childPid);
          if (createTime <= child.createTime()) {
            found.push(child);
            if (recursive) stack.push(childPid);
          }
        } catch (error) {
          if (!(error instanceof NoSuchProcess)) throw error;
        }
      }
    }
    return found;
  }

  /**
   * psutil's repr: `psutil.Process(pid=1, name='systemd', status='sleeping', started='09:15:02')`;
   * status 'terminated' (or 'terminated + PID reused') once it ended, `exitcode` once
   * waitProcs() has it, `started` with the date when that was a day or more ago.
   */
  toString(): string {
    let name = this.#name;
    let status: string | null = null;
    if (this.#pidReused) {
      status = 'terminated + PID reused';
    } else {
      try {
        [status, name] = this.oneshot(() => [this.status(), this.name()]);
      } catch (error) {
        if (error instanceof ZombieProcess) status = 'zombie';
        else if (error instanceof NoSuchProcess) status = this.#pidReused ? 'terminated + PID reused' : 'terminated';
        else if (!(error instanceof AccessDenied)) throw error;
      }
    }
    const parts = [`pid=${this.pid}`];
    if (name !== null) parts.push(`name=${stringRepr(name)}`);
    if (status !== null) parts.push(`status=${stringRepr(status)}`);
    if (typeof this.returncode === 'number') parts.push(`exitcode=${this.returncode}`);
    if (this.#createTime !== null) parts.push(`started=${stringRepr(startedRepr(this.#createTime))}`);
    return `psutil.Process(${parts.join(', ')})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
