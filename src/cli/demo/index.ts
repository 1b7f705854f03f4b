// memkit demo: the seed guide's MemEater workload, run once in this process, seen by each tool.
import type { Command } from '../args.js';
import { UsageError } from '../errors.js';
import { EAT_N, MemEater } from './mem-eater.js';

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
    // The sections read the addon: loaded here, so that 'memkit demo --help' needs none.
    const { sections } = await import('./sections.js');
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
