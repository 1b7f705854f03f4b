// memkit demo: the seed guide's MemEater workload, run once in this process, seen by each tool.
import type { Command } from '../args.js';
import { UsageError } from '../errors.js';
import { EAT_N, MemEater } from './mem-eater.js';
import { psutilSection } from './psutil-section.js';
import { resourceSection } from './resource-section.js';
import type { DemoSection } from './section.js';

function sections(): DemoSection[] {
  return [resourceSection(), psutilSection()];
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
    for (const probe of probes) probe.before();
    const eater = new MemEater();
    eater.eat(EAT_N);
    for (const probe of [...probes].reverse()) probe.after(eater);
    process.stdout.write(`memkit demo: new MemEater().eat(${EAT_N}) built ${eater.size.toLocaleString('en')} map entries and characters\n`);
    for (const probe of probes) process.stdout.write(`\n== ${probe.title}\n${probe.report().join('\n')}\n`);
    return 0;
  },
};
