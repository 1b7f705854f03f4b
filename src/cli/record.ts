// What `memkit run` and `memkit attach` do once their options are checked: sample a process
// into an mprofile .dat until it exits (or a timeout, or Ctrl-C for attach), then report.
// Loaded only when one of them runs: it reads memory through the native addon.
import path from 'node:path';
import { MPROFILE_ENV } from '../lineprofiler/timestamper.js';
import { chldLine, cmdlineLine, formatCmdline, memLine } from '../profiler/mprofile.js';
import { sampleProcess } from '../profiler/sample-process.js';
import type { Reading, SamplerOptions } from '../profiler/sampler.js';
import { pids, Process } from '../psutil/index.js';
import { getrusage, maxrssBytes, RUSAGE_CHILDREN } from '../resource.js';
import { CliError } from './errors.js';
import { liveLine } from './live-line.js';
import type { ProfileOutput } from './output-file.js';
import { rusageReport } from './rusage-report.js';
import { spawnCommand } from './spawn.js';

export interface RecordOptions {
  /** seconds */
  readonly interval: number;
  /** seconds of wall time after which sampling stops (the process runs on) */
  readonly timeout: number | undefined;
  readonly sampler: SamplerOptions;
  /** no live line and no messages: only the .dat file (and errors) */
  readonly quiet: boolean;
}

interface Recorded {
  count: number;
  peak: Reading | undefined;
  /** unix time of the first sample, or when sampling began if none was taken */
  firstTs: number;
}

const MIB = 2 ** 20;

function say(options: RecordOptions, text: string): void {
  if (!options.quiet) process.stderr.write(text);
}

/** Samples `pid` into `output` until `until` settles, it exits, or the timeout. */
async function sampleInto(pid: number, until: Promise<unknown>, output: ProfileOutput, options: RecordOptions): Promise<Recorded> {
  const live = liveLine(process.stderr, !options.quiet);
  const recorded: Recorded = { count: 0, peak: undefined, firstTs: Date.now() / 1000 };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    if (options.timeout !== undefined) timer = setTimeout(resolve, options.timeout * 1000);
  });
  try {
    await sampleProcess(pid, options.sampler, (reading) => {
      let text = memLine(reading.mem, reading.ts);
      for (const [child, mem] of reading.children) text += chldLine(child, mem, reading.ts);
      output.write(text);
      if (recorded.count === 0) recorded.firstTs = reading.ts;
      recorded.count += 1;
      if (recorded.peak === undefined || reading.mem > recorded.peak.mem) recorded.peak = reading;
      live.update(reading.ts - recorded.firstTs, reading.mem, recorded.peak.mem);
    }, { interval: options.interval, exited: Promise.race([until, timedOut]) });
  } finally {
    clearTimeout(timer);
    live.clear();
  }
  return recorded;
}

function summary(recorded: Recorded, file: string): string {
  const { peak, firstTs, count } = recorded;
  const peakText = peak ? `peak ${peak.mem.toFixed(3)} MiB at ${(peak.ts - firstTs).toFixed(2)} s` : 'no sample taken';
  return `memkit: ${peakText}; ${count} sample${count === 1 ? '' : 's'} in ${file}\n`;
}

/** memkit run: spawns `command` and records it; resolves to its exit status. */
export async function runAndRecord(command: readonly string[], output: ProfileOutput, options: RecordOptions): Promise<number> {
  say(options, `memkit: sampling memory every ${options.interval}s into ${output.file}\n`);
  const started = performance.now();
  // profile()d functions in a Node command stamp FUNC lines into the file (mprof --python)
  process.env[MPROFILE_ENV] = path.resolve(output.file);
  let spawned;
  try {
    spawned = await spawnCommand(command);
  } catch (error) {
    output.discard();
    throw error;
  }
  output.write(cmdlineLine(command));
  const recorded = await sampleInto(spawned.pid, spawned.exited, output, options);
  const exit = await spawned.exited;
  const elapsed = (performance.now() - started) / 1000;
  const usage = getrusage(RUSAGE_CHILDREN);
  if (recorded.count === 0) {
    // Ended before its first reading (`true`): its peak resident size, as the kernel kept it,
    // is the one sample, so that every run leaves a file plot and peak can read (mprof writes
    // the 4 KiB a zombie shows).
    const reading = { mem: maxrssBytes(usage) / MIB, ts: Date.now() / 1000, children: [] };
    output.write(memLine(reading.mem, reading.ts));
    Object.assign(recorded, { count: 1, peak: reading, firstTs: reading.ts });
  }
  output.close();
  say(options, summary(recorded, output.file));
  say(options, rusageReport(formatCmdline(command), usage, elapsed, exit));
  return exit.status;
}

/** The pid of `hint`: a pid, or the first process whose name contains it (mprof's rule). */
export function findProcess(hint: string): number {
  if (/^\d+$/.test(hint)) {
    const pid = Number(hint);
    try {
      if (pid >= 1 && pid <= 2 ** 31 - 1 && new Process(pid).isRunning()) return pid;
    } catch {
      // NoSuchProcess: said below
    }
    throw new CliError(`attach: no process with pid ${hint}`);
  }
  for (const pid of pids()) {
    if (pid === process.pid) continue;
    try {
      if (new Process(pid).name().includes(hint)) return pid;
    } catch {
      // gone or not ours to read: not the one
    }
  }
  throw new CliError(`attach: no process whose name contains '${hint}'`);
}

/** memkit attach: records a running process until it exits, the timeout, or Ctrl-C. */
export async function attachAndRecord(hint: string, output: ProfileOutput, options: RecordOptions): Promise<number> {
  const pid = findProcess(hint);
  let stop = () => {};
  const interrupted = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  // Handlers before the announcement: a Ctrl-C sent as soon as it is read must find them.
  for (const signal of signals) process.on(signal, stop);
  try {
    say(options, `memkit: sampling pid ${pid} every ${options.interval}s into ${output.file} (Ctrl-C stops)\n`);
    output.write(cmdlineLine([hint]));
    const recorded = await sampleInto(pid, interrupted, output, options);
    output.close();
    say(options, summary(recorded, output.file));
    return recorded.count > 0 ? 0 : 1;
  } finally {
    for (const signal of signals) process.off(signal, stop);
  }
}
