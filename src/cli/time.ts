// memkit time: /usr/bin/time -v on the native core. The child's struct_rusage as Python prints
// it, then the same numbers in GNU time's table; both on stderr, as time(1) does.
import { formatCmdline } from '../profiler/mprofile.js';
import type { Command } from './args.js';
import { UsageError } from './errors.js';
import { spawnCommand } from './spawn.js';

export const time: Command = {
  name: 'time',
  summary: "run a command and print its resource usage (resource.struct_rusage and time -v's table)",
  help: `Usage: memkit time [--] CMD [ARG...]

Runs CMD, then prints on stderr its resource.struct_rusage(...) from getrusage(RUSAGE_CHILDREN)
and the same numbers in /usr/bin/time -v's table. Exits with CMD's exit status.
`,
  options: {},
  takesCommand: true,
  async run(_values, command) {
    if (command.length === 0) throw new UsageError('time: a command to run is required (memkit time -- CMD ARG...)');
    const { getrusage, RUSAGE_CHILDREN } = await import('../resource.js');
    const { rusageReport } = await import('./rusage-report.js');
    const started = performance.now();
    const spawned = await spawnCommand(command);
    const exit = await spawned.exited;
    const elapsed = (performance.now() - started) / 1000;
    // memkit has no other child, so RUSAGE_CHILDREN is exactly this command (and what it waited for).
    const usage = getrusage(RUSAGE_CHILDREN);
    process.stderr.write(`${usage}\n${rusageReport(formatCmdline(command), usage, elapsed, exit)}`);
    return exit.status;
  },
};
