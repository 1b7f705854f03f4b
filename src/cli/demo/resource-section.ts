// resource.getrusage(RUSAGE_SELF) around the workload, as resource_test.py prints it.
import { getrusage, maxrssBytes, RUSAGE_SELF, type StructRusage } from '../../resource.js';
import { change, type DemoSection } from './section.js';

export function resourceSection(): DemoSection {
  let before: StructRusage;
  let after: StructRusage;
  const unit = process.platform === 'darwin' ? 'bytes' : 'KiB';
  return {
    title: 'resource.getrusage(RUSAGE_SELF)',
    before() {
      before = getrusage(RUSAGE_SELF);
    },
    after() {
      after = getrusage(RUSAGE_SELF);
    },
    report: () => [
      `before: ${before}`,
      `after:  ${after}`,
      'differences:',
      change('ru_maxrss', after.ru_maxrss - before.ru_maxrss, unit,
        `The high-water mark of resident memory rose by ${((maxrssBytes(after) - maxrssBytes(before)) / 2 ** 20).toFixed(2)} MiB; it only ever grows, so 0 means the work fit below an earlier peak.`),
      change('ru_minflt', after.ru_minflt - before.ru_minflt, 'faults',
        'Minor page faults: pages the kernel handed the process for the first time as V8 grew its heap for the strings and the Map.'),
      change('ru_majflt', after.ru_majflt - before.ru_majflt, 'faults',
        'Major page faults needed disk I/O; 0 means everything was already in memory.'),
      change('ru_utime', after.ru_utime - before.ru_utime, 's',
        'CPU seconds spent running JavaScript and V8 itself (allocation, garbage collection) in user mode.'),
      change('ru_stime', after.ru_stime - before.ru_stime, 's',
        'CPU seconds the kernel spent on the process, mostly mapping the new pages.'),
      change('ru_nvcsw + ru_nivcsw', after.ru_nvcsw + after.ru_nivcsw - before.ru_nvcsw - before.ru_nivcsw, 'switches',
        'Context switches: how often the process gave up the CPU or was moved off it.'),
    ],
  };
}
