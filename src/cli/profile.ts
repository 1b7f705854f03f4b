// memkit profile: `python -m memory_profiler script.py` for Node. Runs a script under the
// load-time hook (memkit/profile): its functions wrapped with profile() (imported from
// memkit/profiler, or the global `profile`) and those named by --function print one
// line-by-line table each when it exits.
import path from 'node:path';
import { BACKEND_ENV, FUNCTIONS_ENV, PRECISION_ENV } from '../lineprofiler/preload-env.js';
import type { LineBackend } from '../lineprofiler/memory.js';
import type { Command } from './args.js';
import { UsageError } from './errors.js';
import { spawnCommand } from './spawn.js';

export const profileCommand: Command = {
  name: 'profile',
  summary: "run a script, printing memory_profiler's line-by-line table of its profile()d functions",
  help: `Usage: memkit profile [options] [--] SCRIPT [ARG...]

Runs SCRIPT with node. Every function it wraps with profile() (from memkit/profiler, or the
global \`profile\` this command defines) and every function named by --function is traced line
by line across all its calls, and the tables print on stdout when the script exits, as
\`python -m memory_profiler script.py\` does. The script's modules are instrumented as they
load, so that each line costs about one memory reading (README: the line profiler).

Options:
  -f, --function GLOB      profile the functions and methods named GLOB (\`eat\`, \`MemEater.*\`,
                           \`*\` for any run of characters), without touching their source
      --backend B          rss (default), heap (V8's used heap) or uss (Linux, macOS)
      --precision N        decimals of the MiB figures (default 1)
  -h, --help               this help
`,
  options: {
    function: { type: 'string', short: 'f', multiple: true },
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
    const functions = (values.function ?? []) as string[];
    const badGlob = functions.find((glob) => glob === '' || glob.includes(','));
    if (badGlob !== undefined) throw new UsageError(`--function must be a non-empty name or glob without commas, got '${badGlob}'`);
    process.env[BACKEND_ENV] = backend;
    process.env[PRECISION_ENV] = precision;
    if (functions.length > 0) process.env[FUNCTIONS_ENV] = functions.join(',');
    const hook = path.join(__dirname, '..', 'profile.js');
    const spawned = await spawnCommand([process.execPath, '--require', hook, ...command]);
    return (await spawned.exited).status;
  },
};
