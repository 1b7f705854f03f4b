// memkit demo: the seed guide's MemEater workload, run once in this process, seen by each tool.
import { lineProfileSection } from '../../lineprofiler/demo.js';
import { sizeofSection } from '../../sizeof/demo.js';
import { tracemallocSection } from '../../tracemalloc/demo.js';
import type { Command } from '../args.js';
import { UsageError } from '../errors.js';
import { EAT_N, MemEater } from './mem-eater.js';
import { psutilSection } from './psutil-section.js';
import { resourceSection } from './resource-section.js';
import type { DemoSection } from './section.js';

interface Sections {
  /** in the order they print */
  readonly printed: DemoSection[];
  /**
   * Outermost first: before() runs in this order and after() in reverse, so the light readings
   * bracket the workload tightly, tracing runs inside them only, and the heap snapshots and the
   * line profiler's own run stay outside tracing.
   */
  readonly nested: DemoSection[];
}

function sections(): Sections {
  const resource = resourceSection();
  const psutil = psutilSection();
  const tracemalloc = tracemallocSection();
  const sizeof = sizeofSection();
  const lines = lineProfileSection(MemEater, EAT_N);
  return { printed: [resource, psutil, tracemalloc, sizeof, lines], nested: [sizeof, lines, tracemalloc, resource, psutil] };
}

export const demo: Command = {
  name: 'demo',
  summary: "run the Python guide's MemEater workload and show what each tool sees",
  help: `Usage: memkit demo

Runs the seed workload of the Python memory-debugging guide in this process:

  class MemEater { eat(n) { for (i < n) this._dict.set(i, String(i)); this._all = [...values].join(' ') } }
  new MemEater().eat(${EAT_N})

and prints, for each tool, its record before and after and what the differences mean.
`,
  options: {},
  async run(_values, args) {
    if (args.length > 0) throw new UsageError('demo: takes no argument');
    const { printed, nested } = sections();
    for (const probe of nested) probe.before();
    const eater = new MemEater();
    eater.eat(EAT_N);
    for (const probe of [...nested].reverse()) probe.after(eater);
    const { entries, characters } = eater.built;
    process.stdout.write(`memkit demo: new MemEater().eat(${EAT_N}) built a Map of ${entries.toLocaleString('en')} strings and joined them into ${characters.toLocaleString('en')} characters\n`);
    for (const probe of printed) process.stdout.write(`\n== ${probe.title}\n${probe.report().join('\n')}\n`);
    return 0;
  },
};
