// memkit clean: mprof clean. Removes every mprofile_*.dat of the current folder.
import type { Command } from './args.js';
import { UsageError } from './errors.js';
import { profileFiles } from './profiles.js';
import { removeProfiles } from './remove.js';

export const clean: Command = {
  name: 'clean',
  summary: 'remove the mprofile files of the current folder',
  help: `Usage: memkit clean [--dry-run]

Removes every mprofile_*.dat file of the current folder, as mprof clean does (a folder so
named is not a profile and stays).

Options:
  -n, --dry-run   print the files that would be removed, remove nothing
  -h, --help      this help
`,
  options: { 'dry-run': { type: 'boolean', short: 'n' } },
  async run(values, args) {
    if (args.length > 0) throw new UsageError('clean: takes no argument');
    return removeProfiles(profileFiles(), Boolean(values['dry-run']));
  },
};
