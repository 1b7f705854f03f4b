// memkit peak: mprof peak. The largest sample of each file (and of each child), or of the
// samples taken while one function ran (--func).
import { duringCalls, peakIndex } from '../profiler/mprofile.js';
import type { Samples } from '../profiler/mprofile-reader.js';
import { percentF } from '../pyformat.js';
import type { Command } from './args.js';
import { readProfile, resolveProfiles } from './profiles.js';
import { select } from './samples.js';

/** mprof's '{:.3f}' of the largest value, or NaN when there is none. */
const peakText = (samples: Samples | undefined) => {
  const peak = samples ? peakIndex(samples.mem) : -1;
  return peak >= 0 ? percentF(samples!.mem[peak], 3) : 'NaN';
};

export const peak: Command = {
  name: 'peak',
  summary: 'print the peak memory of mprofile files',
  help: `Usage: memkit peak [--func NAME] [FILE|INDEX...]

Prints the largest sample of each file in MiB, and of each child recorded with --multiprocess,
in mprof peak's format (Python's rounding). With no FILE, the newest mprofile_*.dat in the
current folder; an integer is an index into those files (0 the oldest, -1 the newest).

Options:
      --func NAME   only the samples taken while function NAME ran (its FUNC lines, e.g.
                    app.build); NaN when the file has no such function
  -h, --help        this help
`,
  options: { func: { type: 'string' } },
  async run(values, args) {
    const func = values.func as string | undefined;
    for (const file of resolveProfiles(args)) {
      const profile = readProfile(file);
      const during = func === undefined ? undefined : duringCalls(profile.funcs, func);
      const points = func === undefined ? profile.mem : during && select(profile.mem, (_, ts) => during(ts));
      process.stdout.write(`${file}\t${peakText(points)} MiB\n`);
      if (func !== undefined && points === undefined) continue;
      for (const [pid, series] of profile.children) {
        process.stdout.write(`  Child ${pid}\t\t\t${peakText(series)} MiB\n`);
      }
    }
    return 0;
  },
};
