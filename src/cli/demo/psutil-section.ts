// psutil.Process().memory_info() around the workload, as psutil_test.py prints it.
import { memoryInfo } from '../../psutil/index.js';
import { change, type DemoSection } from './section.js';

type Pmem = ReturnType<typeof memoryInfo>;

export function psutilSection(): DemoSection {
  let before: Pmem;
  let after: Pmem;
  return {
    title: 'psutil memoryInfo()',
    before() {
      before = memoryInfo();
    },
    after() {
      after = memoryInfo();
    },
    report: () => [
      `before: ${before}`,
      `after:  ${after}`,
      `after.rss: ${after.rss}  (bytes)`,
      'differences:',
      change('rss', after.rss - before.rss, 'bytes',
        `Resident memory now (${((after.rss - before.rss) / 2 ** 20).toFixed(2)} MiB more): unlike ru_maxrss it can fall again when V8 returns pages after a garbage collection.`),
      change('vms', after.vms - before.vms, 'bytes',
        'Address space reserved, touched or not: V8 reserves heap space ahead, so this moves in large steps.'),
    ],
  };
}
