// Loaded by `memkit profile script.js` (through memkit/profile, with --require or --import):
// one LineProfiler records every function the script wraps with profile() (also available as a
// global, like memory_profiler's builtin `profile`) and every function named by --function,
// and its tables print on stdout when the script exits. The load-time hook instruments the
// functions it can see are profiled.
import { checkBackend, checkPrecision } from './options.js';
import { BACKEND_ENV, PRECISION_ENV } from './preload-env.js';
import { LineProfiler } from './line-profiler.js';
import { profile } from './legacy-decorator.js';
import { useSharedProfiler } from './profile.js';
import { showResults } from './show-results.js';
import { recordNamedCalls } from './instrument/code.js';
import { installHooks } from './instrument/hooks.js';

const backend = checkBackend(BACKEND_ENV, process.env[BACKEND_ENV] || 'rss');
const precision = checkPrecision(PRECISION_ENV, Number(process.env[PRECISION_ENV] || 1));
const profiler = new LineProfiler(backend);
useSharedProfiler(profiler);
recordNamedCalls((code) => profiler.recorderFor(code));
installHooks();
const globals = globalThis as { profile?: unknown };
if (globals.profile === undefined) globals.profile = profile;
process.on('exit', () => showResults(profiler, { stream: process.stdout, precision }));
