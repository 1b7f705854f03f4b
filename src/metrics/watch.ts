// Reads the watched processes through memkit's psutil and resource, once per scrape.
import { memoryFullInfo, memoryInfo, memoryInfoMany, NoSuchProcess, pids as allPids, Process, PsutilError } from '../psutil/index.js';
import { getrusage, RUSAGE_CHILDREN, RUSAGE_SELF } from '../resource.js';
import { cmdline } from './cmdline.js';
import type { WatchPlan } from './options.js';
import { memoryBytes, type MemoryBytes, type ProcessReading, type Reading, type SelfReading } from './reading.js';

/** A process seen before: its Process keeps its identity (create time) across readings. */
interface Known {
  readonly process: Process;
  /** The parent at first sight, for `children` (a pid's parent changes only when it dies). */
  readonly ppid: number | null;
  name: string;
}

function readSelf(fullInfo: boolean): SelfReading {
  return {
    memory: memoryBytes(fullInfo ? memoryFullInfo() : memoryInfo()),
    rusage: getrusage(RUSAGE_SELF),
    children: getrusage(RUSAGE_CHILDREN),
  };
}

/** null when psutil says the process is gone, its pid is another's now, or it refuses; bugs throw. */
function unlessRefused<T>(read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (error instanceof PsutilError) return null;
    throw error;
  }
}

export class ProcessWatcher {
  readonly plan: WatchPlan;
  readonly #known = new Map<number, Known>();
  #current: Reading | null = null;

  constructor(plan: WatchPlan) {
    this.plan = plan;
  }

  /**
   * The reading of this scrape: the first metric collected reads, the others collected in the
   * same synchronous pass (prom-client's registry.metrics(), an OpenTelemetry batch callback)
   * share it. It is dropped at the next microtask, so the next scrape reads anew.
   */
  current(): Reading {
    if (this.#current === null) {
      this.#current = this.read();
      queueMicrotask(() => {
        this.#current = null;
      });
    }
    return this.#current;
  }

  read(): Reading {
    return { self: this.plan.self ? readSelf(this.plan.fullInfo) : null, processes: this.#readWatched() };
  }

  /** The Known for pid with its name read now; null once it is gone or refuses; a reused pid starts afresh. */
  #visit(pid: number): Known | null {
    let known = this.#known.get(pid);
    if (known !== undefined) {
      const entry = known;
      const name = unlessRefused(() => entry.process.name());
      if (name !== null) {
        entry.name = name;
        return entry;
      }
      this.#known.delete(pid);
    }
    known = unlessRefused(() => {
      const proc = new Process(pid);
      return { process: proc, name: proc.name(), ppid: unlessRefused(() => proc.ppid()) };
    }) ?? undefined;
    if (known === undefined) return null;
    this.#known.set(pid, known);
    return known;
  }

  #matches(pid: number, name: string): boolean {
    const match = this.plan.match as RegExp;
    if (match.test(name)) return true;
    const line = cmdline(pid);
    return line !== null && match.test(line);
  }

  /** Who to read this time; one enumeration of the machine's pids when a selector needs it. */
  #select(): Known[] {
    const { plan } = this;
    if (!plan.everyProcess && plan.match === null && !plan.children) {
      this.#forgetAllBut(new Set(plan.pids));
      return this.#visitAll(plan.pids);
    }
    const every = allPids();
    this.#forgetAllBut(new Set(every));
    const visited = this.#visitAll(every);
    if (plan.everyProcess) return visited;
    const watched = new Set(plan.pids);
    if (plan.match !== null) {
      // As pgrep, never itself: the pattern is on its own command line.
      for (const { process: { pid }, name } of visited) if (pid !== process.pid && this.#matches(pid, name)) watched.add(pid);
    }
    if (plan.children) this.#addDescendants(watched, visited);
    if (plan.self) watched.delete(process.pid);
    return visited.filter((known) => watched.has(known.process.pid));
  }

  #visitAll(pids: readonly number[]): Known[] {
    const visited: Known[] = [];
    for (const pid of pids) {
      if (this.plan.self && pid === process.pid) continue;
      const known = this.#visit(pid);
      if (known !== null) visited.push(known);
    }
    return visited;
  }

  #addDescendants(watched: Set<number>, visited: readonly Known[]): void {
    const byParent = new Map<number, number[]>();
    for (const { process: proc, ppid } of visited) {
      if (ppid === null) continue;
      const siblings = byParent.get(ppid);
      if (siblings) siblings.push(proc.pid); else byParent.set(ppid, [proc.pid]);
    }
    const stack = [...watched, ...(this.plan.self ? [process.pid] : [])];
    while (stack.length > 0) {
      for (const child of byParent.get(stack.pop() as number) ?? []) {
        if (!watched.has(child)) {
          watched.add(child);
          stack.push(child);
        }
      }
    }
  }

  #forgetAllBut(alive: ReadonlySet<number>): void {
    for (const pid of this.#known.keys()) if (!alive.has(pid)) this.#known.delete(pid);
  }

  #readWatched(): ProcessReading[] {
    const selected = this.#select();
    const batch = memoryInfoMany(selected.map((known) => known.process.pid));
    const readings: ProcessReading[] = [];
    for (let i = 0; i < selected.length; i++) {
      const { memory: pmem } = batch[i];
      if (pmem === undefined) continue;  // gone or refused since its name was read
      const known = selected[i];
      const proc = known.process;
      let memory: MemoryBytes = memoryBytes(pmem);
      if (this.plan.fullInfo) {
        const full = unlessRefused(() => memoryFullInfo(proc.pid));
        if (full !== null) memory = memoryBytes(full);
      }
      // Read after the memory: these check the pid still belongs to the process named above.
      let gone = false;
      const counters = <T>(read: () => T): T | null => {
        try {
          return read();
        } catch (error) {
          if (!(error instanceof PsutilError)) throw error;
          gone ||= error instanceof NoSuchProcess;
          return null;
        }
      };
      // One kernel read serves both (psutil's oneshot()).
      const [times, switches] = proc.oneshot(() => [counters(() => proc.cpuTimes()), counters(() => proc.numCtxSwitches())] as const);
      if (gone) {
        this.#known.delete(proc.pid);
        continue;
      }
      readings.push({
        pid: proc.pid,
        name: known.name,
        memory,
        cpu: times && { user: times.user, system: times.system },
        ctxSwitches: switches && { voluntary: switches.voluntary, involuntary: switches.involuntary },
      });
    }
    return readings;
  }
}
