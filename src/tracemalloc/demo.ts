// The `memkit demo` section for memkit/tracemalloc: the Python guide's "[ Top 10 ]" for the
// MemEater workload. Shaped like src/cli/demo/section.ts's DemoSection without importing the CLI.
import { relative, sep } from 'node:path';
import { start, stop, takeSnapshot } from './index.js';
import type { Statistic } from './statistic.js';

export interface TracemallocDemoSection {
  readonly title: string;
  before(): void;
  after(eater: object): void;
  report(): string[];
}

/** Paths under the working directory print relative to it, as Python prints the script's. */
function shortened(stat: Statistic): string {
  const filename = stat.traceback[0].filename;
  const short = relative(process.cwd(), filename);
  return short.startsWith(`..${sep}`) ? String(stat) : String(stat).replace(filename, short);
}

export function tracemallocSection(): TracemallocDemoSection {
  let top: Statistic[] = [];
  return {
    title: "tracemalloc: snapshot.statistics('lineno')",
    before() {
      start();
    },
    after() {
      try {
        top = takeSnapshot().statistics('lineno').slice(0, 10);
      } finally {
        stop();
      }
    },
    report() {
      return [
        '[ Top 10 ]',
        ...top.map(shortened),
        '  V8 attributes each live object to the function that allocated it (file:line of the',
        '  function, then its name), not to a line inside it; sizes and counts are estimates',
        '  from 512-byte sampling. Compiled TypeScript shows its .ts lines where the .js has a source map.',
      ];
    },
  };
}
