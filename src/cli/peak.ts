// memkit peak: mprof peak. The largest sample of each file (and of each child).
import { peakOf } from '../profiler/mprofile.js';
import type { Command } from './args.js';
import { readProfile, resolveProfiles } from './profiles.js';

export const peak: Command = {
  name: 'peak',
  summary: 'print the peak memory of mprofile files',
  help: `Usage: memkit peak [FILE|INDEX...]

Prints the largest sample of each file in MiB, and of each child recorded with --multiprocess,
in mprof peak's format. With no FILE, the newest mprofile_*.dat in the current folder; an
integer is an index into those files (0 the oldest, -1 the newest).
`,
  options: {},
  async run(_values, args) {
    for (const file of resolveProfiles(args)) {
      const profile = readProfile(file);
      process.stdout.write(`${file}\t${peakOf(profile.mem)!.mem.toFixed(3)} MiB\n`);
      for (const [pid, points] of profile.children) {
        process.stdout.write(`  Child ${pid}\t\t\t${peakOf(points)!.mem.toFixed(3)} MiB\n`);
      }
    }
    return 0;
  },
};
