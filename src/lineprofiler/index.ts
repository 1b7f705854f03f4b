// memory_profiler's line-by-line profiler for JavaScript functions.
export { useSharedProfiler } from './profile.js';
export { profile, type Decorator } from './legacy-decorator.js';
export { LineProfiler, type FunctionResult, type LineResult } from './line-profiler.js';
export { formatResults } from './format.js';
export { showResults, type ShowResultsOptions } from './show-results.js';
export type { ProfileOptions, Writable } from './options.js';
export type { LineBackend } from './memory.js';
export { MPROFILE_ENV } from './timestamper.js';
