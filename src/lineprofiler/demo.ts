// The `memkit demo` section for the line profiler: memory_profiler's tables for the seed's
// MemEater, from a run of its own made when the report is asked for, after every other section
// has measured the plain run. It profiles an instrumented copy of MemEater's module (the
// instrumenting path, as under memkit profile --function 'MemEater.*'), or MemEater itself
// through breakpoints where no copy can be made. Shaped like src/cli/demo/section.ts's
// DemoSection without importing the CLI.
import { formatResults } from './format.js';
import { LineProfiler } from './line-profiler.js';

export interface LineProfileDemoSection {
  readonly title: string;
  before(): void;
  after(eater: object): void;
  report(): string[];
}

type Eater = new () => { eat(n: number): void };

export function lineProfileSection(MemEater: Eater, n: number): LineProfileDemoSection {
  return {
    title: 'memory_profiler @profile on the constructor and eat() (a run of their own, backend rss)',
    before() {},
    after() {},
    report() {
      // loaded here: the parser is for this section and memkit/profile only
      const { instrumentedCopy } = require('./instrument/module-copy.js') as typeof import('./instrument/module-copy.js');
      const Profiled = (instrumentedCopy(MemEater, ['MemEater.*'])?.MemEater as Eater | undefined) ?? MemEater;
      const profiler = new LineProfiler('rss');
      const eater = new (profiler.wrap(Profiled))();
      profiler.wrap(Profiled.prototype.eat).call(eater, n);
      const table = formatResults(profiler.results(), 3);
      return [
        ...table.trimEnd().split('\n'),
        '      Each row: the memory after the line ran (the largest reading), what the line itself added',
        '      (the profiler\'s own allocations left out), and how often it ran: the loop line once more',
        '      than its body, as in the guide.',
      ];
    },
  };
}
