// memkit list: mprof list. The profiles of the current folder with their indices and times.
import type { Command } from './args.js';
import { UsageError } from './errors.js';
import { profileFiles } from './profiles.js';

export const list: Command = {
  name: 'list',
  summary: 'list the mprofile files of the current folder, with indices',
  help: `Usage: memkit list

Lists the mprofile_*.dat files of the current folder, oldest first, as mprof list does:
INDEX FILE hh:mm:ss dd/mm/yyyy. Other commands take the index in place of a file name.
`,
  options: {},
  async run(_values, args) {
    if (args.length > 0) throw new UsageError('list: takes no argument');
    profileFiles().forEach((file, index) => {
      const s = file.slice('mprofile_'.length, -'.dat'.length);
      process.stdout.write(`${index} ${file} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)} ${s.slice(6, 8)}/${s.slice(4, 6)}/${s.slice(0, 4)}\n`);
    });
    return 0;
  },
};
