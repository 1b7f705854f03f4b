// memkit run: mprof run. Spawns a command (a .js/.mjs/.cjs/.ts file with this node), samples
// its memory into an mprofile .dat file, and ends with its peak and /usr/bin/time -v style
// resource usage. The sampling itself lives in record.ts, loaded once the options are good.
import { BACKENDS, type Backend } from '../profiler/backends.js';
import { seconds, type Command, type OptionSpec } from './args.js';
import { UsageError } from './errors.js';
import { openOutput } from './output-file.js';
import type { RecordOptions } from './record.js';

/** Scripts run with the node running memkit, as mprof runs a .py with its python. */
const NODE_SCRIPT = /\.[cm]?[jt]s$/;

export const SAMPLING_OPTIONS: OptionSpec = {
  interval: { type: 'string', short: 'T' },
  'include-children': { type: 'boolean', short: 'C' },
  multiprocess: { type: 'boolean', short: 'M' },
  timeout: { type: 'string', short: 't' },
  output: { type: 'string', short: 'o' },
  backend: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
};

export const SAMPLING_HELP = `  -T, --interval S         seconds between samples (default 0.1)
  -C, --include-children   add the memory of all descendants to each sample
  -M, --multiprocess       also record each descendant as its own series (CHLD lines)
  -t, --timeout S          stop sampling after S seconds of wall time (the process runs on)
  -o, --output FILE        output file, appended to (default: a new
                           mprofile_<YYYYMMDDhhmmss>.dat, the next free second if taken)
      --backend B          rss (default), uss (Linux, macOS) or pss (Linux)
  -q, --quiet              no live line, no messages: only the file (and errors)
  -h, --help               this help
`;

/** Checks the sampling options; loads the addon to check the backend exists here. */
export async function recordOptions(values: Record<string, string | boolean | undefined>): Promise<RecordOptions> {
  const interval = seconds('interval', values.interval, 0.1)!;
  const timeout = seconds('timeout', values.timeout);
  const backend = (values.backend ?? 'rss') as Backend;
  if (!BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
  const { checkBackend } = await import('../profiler/sampler.js');
  try {
    checkBackend(backend);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const sampler = { backend, includeChildren: Boolean(values['include-children']), multiprocess: Boolean(values.multiprocess) };
  return { interval, timeout, sampler, quiet: Boolean(values.quiet) };
}

export const run: Command = {
  name: 'run',
  summary: 'run a command, sampling its memory into mprofile_<YYYYMMDDhhmmss>.dat',
  help: `Usage: memkit run [options] [--] CMD [ARG...]
       memkit run [options] SCRIPT.js [ARG...]     (.js .mjs .cjs .ts: run with this node)
       memkit run --attach [options] PID|NAME      (same as memkit attach)

Runs CMD and samples its memory every interval into a file in memory_profiler's mprofile
format (mprof plot and mprof peak read it too); the first reading is taken as CMD starts.
Forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT to CMD, exits with its exit status (128+N when
signal N killed it) and prints its resource usage at the end. On a terminal, a status line
holds the last row while CMD's output scrolls above it.

Options:
  -a, --attach             sample a running process (by pid or name) instead: see memkit attach
${SAMPLING_HELP}`,
  options: { ...SAMPLING_OPTIONS, attach: { type: 'boolean', short: 'a' } },
  takesCommand: true,
  async run(values, command) {
    if (command.length === 0) throw new UsageError('run: a command to run is required (memkit run -- CMD ARG...)');
    if (values.attach && command.length !== 1) throw new UsageError('run --attach: takes one PID or process name');
    const options = await recordOptions(values);
    // The file first: a bad path is an error before anything runs.
    const output = openOutput(values.output as string | undefined);
    const { attachAndRecord, runAndRecord } = await import('./record.js');
    if (values.attach) return attachAndRecord(command[0], output, options);
    const full = NODE_SCRIPT.test(command[0]) ? [process.execPath, ...command] : command;
    return runAndRecord(full, output, options);
  },
};
