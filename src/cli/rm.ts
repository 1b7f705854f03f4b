// memkit rm: mprof rm. Removes the profiles named by file or index.
import type { Command } from './args.js';
import { UsageError } from './errors.js';
import { resolveProfiles } from './profiles.js';
import { removeProfiles } from './remove.js';

export const rm: Command = {
  name: 'rm',
  summary: 'remove mprofile files by name or index',
  help: `Usage: memkit rm [--dry-run] FILE|INDEX...

Removes the named profile files; an integer is an index into the mprofile_*.dat files of the
current folder (0 the oldest, -1 the newest), as mprof rm takes them.

Options:
  -n, --dry-run   print the files that would be removed, remove nothing
  -h, --help      this help
`,
  options: { 'dry-run': { type: 'boolean', short: 'n' } },
  async run(values, args) {
    if (args.length === 0) throw new UsageError('rm: a profile to remove is required (number or file name)');
    return removeProfiles(resolveProfiles(args), Boolean(values['dry-run']));
  },
};
