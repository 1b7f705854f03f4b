// The child's resource usage in /usr/bin/time -v's words (GNU time labels, same units).
import { maxrssBytes, type StructRusage } from '../resource.js';
import type { ChildExit } from './spawn.js';

export function elapsedClock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = (seconds % 60).toFixed(2).padStart(5, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function rusageReport(command: string, usage: StructRusage, elapsed: number, exit: ChildExit): string {
  const cpu = elapsed > 0 ? Math.round((100 * (usage.ru_utime + usage.ru_stime)) / elapsed) : 0;
  const rows: Array<[string, string | number]> = [
    ['Command being timed', JSON.stringify(command)],
    ['User time (seconds)', usage.ru_utime.toFixed(2)],
    ['System time (seconds)', usage.ru_stime.toFixed(2)],
    ['Percent of CPU this job got', `${cpu}%`],
    ['Elapsed (wall clock) time (h:mm:ss or m:ss)', elapsedClock(elapsed)],
    ['Maximum resident set size (kbytes)', Math.round(maxrssBytes(usage) / 1024)],
    ['Major (requiring I/O) page faults', usage.ru_majflt],
    ['Minor (reclaiming a frame) page faults', usage.ru_minflt],
    ['Voluntary context switches', usage.ru_nvcsw],
    ['Involuntary context switches', usage.ru_nivcsw],
    ['Swaps', usage.ru_nswap],
    ['File system inputs', usage.ru_inblock],
    ['File system outputs', usage.ru_oublock],
    ['Signals delivered', usage.ru_nsignals],
  ];
  if (exit.signal) rows.push(['Command terminated by signal', exit.signal]);
  rows.push(['Exit status', exit.status]);
  return rows.map(([label, value]) => `\t${label}: ${value}\n`).join('');
}
