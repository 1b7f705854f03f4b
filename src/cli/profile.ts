// memkit profile: `python -m memory_profiler script.py` for Node. Runs a script whose functions
// are wrapped with profile() (imported from memkit/profiler, or the global `profile`) and
// prints one line-by-line table per profiled function when it exits.
import path from 'node:path';
import { BACKEND_ENV, PRECISION_ENV } from '../lineprofiler/preload-env.js';
import type { LineBackend } from '../lineprofiler/memory.js';
import type { Command } from './args.js';
import { UsageError } from './errors.js';
import { spawnCommand } from './spawn.js';

export const profileCommand: Command = {
  name: 'profile',
  summary: "run a script, printing memory_profiler's line-by-line table of its profile()d functions",
  help: `Usage: memkit profile [options] [--] SCRIPT [ARG...]

Runs SCRIPT with node. Every function it wraps with profile() (from memkit/profiler, or the
global \`profile\` this command defines) is traced line by line across all its calls, and the
tables print on stdout when the script exits, as \`python -m memory_profiler script.py\` does.

Options:
      --backend B          rss (default), heap (V8's used heap) or uss (Linux, macOS)
      --precision N        decimals of the MiB figures (default 1)
  -h, --help               this help
`,
  options: {
    backend: { type: 'string' },
    precision: { type: 'string' },
  },
  takesCommand: true,
  async run(values, command) {
    if (command.length === 0) throw new UsageError('profile: a script to run is required (memkit profile script.js ARG...)');
    const { LINE_BACKENDS } = await import('../lineprofiler/memory.js');
    const backend = (values.backend ?? 'rss') as LineBackend;
    if (!LINE_BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${LINE_BACKENDS.join(', ')}, got '${backend}'`);
    const precision = (values.precision ?? '1') as string;
    if (!/^\d+$/.test(precision) || Number(precision) > 20) throw new UsageError(`--precision must be an integer 0..20, got '${precision}'`);
    process.env[BACKEND_ENV] = backend;
    process.env[PRECISION_ENV] = precision;
    const preload = path.join(__dirname, '..', 'lineprofiler', 'preload.js');
    const spawned = await spawnCommand([process.execPath, '--require', preload, ...command]);
    return (await spawned.exited).status;
  },
};
