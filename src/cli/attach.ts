// memkit attach: mprof attach. Samples a process that is already running, until it exits,
// the timeout, or Ctrl-C.
import type { Command } from './args.js';
import { UsageError } from './errors.js';
import { openOutput } from './output-file.js';
import { recordOptions, SAMPLING_HELP, SAMPLING_OPTIONS } from './run.js';

export const attach: Command = {
  name: 'attach',
  summary: 'sample a running process (PID or name) into an mprofile file until it exits or Ctrl-C',
  help: `Usage: memkit attach [options] PID|NAME

Samples the memory of a running process, given by pid or by (part of) its name (the first
process whose name contains NAME, as mprof attach picks it), into an mprofile file until it
exits, the timeout, or Ctrl-C (SIGINT, SIGTERM, SIGHUP), which stop sampling and keep the file.

Options:
${SAMPLING_HELP}`,
  options: SAMPLING_OPTIONS,
  async run(values, args) {
    if (args.length !== 1) throw new UsageError('attach: takes one PID or process name');
    const options = await recordOptions(values);
    const output = openOutput(values.output as string | undefined);
    const { attachAndRecord } = await import('./record.js');
    return attachAndRecord(args[0], output, options);
  },
};
