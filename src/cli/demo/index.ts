// memkit demo: the seed guide's MemEater workload, run once in this process, seen by each tool.
import { lineProfileSection } from '../../lineprofiler/demo.js';
import { sizeofSection } from '../../sizeof/demo.js';
import type { Command } from '../args.js';
import { UsageError } from '../errors.js';
import { EAT_N, MemEater } from './mem-eater.js';
import { psutilSection } from './psutil-section.js';
import { resourceSection } from './resource-section.js';
import type { DemoSection } from './section.js';

/** In the order they print. */
function sections(): DemoSection[] {
  return [resourceSection(), psutilSection(), { ...sizeofSection(), heavy: true }, lineProfileSection(MemEater, EAT_N)];
}

/**
 * Outermost first: before() runs in this order and after() in reverse, so the light readings
 * bracket the workload tightly and the heavy sections' snapshots and tracing stay outside them.
 */
function nesting(probes: DemoSection[]): DemoSection[] {
  return [...probes.filter((p) => p.heavy), ...probes.filter((p) => !p.heavy)];
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
    const probes = sections();
    const nested = nesting(probes);
    for (const probe of nested) probe.before();
    const eater = new MemEater();
    eater.eat(EAT_N);
    for (const probe of [...nested].reverse()) probe.after(eater);
    const { entries, characters } = eater.built;
    process.stdout.write(`memkit demo: new MemEater().eat(${EAT_N}) built a Map of ${entries.toLocaleString('en')} strings and joined them into ${characters.toLocaleString('en')} characters\n`);
    for (const probe of probes) process.stdout.write(`\n== ${probe.title}\n${probe.report().join('\n')}\n`);
    return 0;
  },
};
