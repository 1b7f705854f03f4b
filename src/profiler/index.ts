// memory_profiler for Node: memoryUsage() and mprof's .dat format.
export { memoryUsage } from './memory-usage.js';
export type { FunctionTarget, MemoryUsage, MemoryUsageOptions, MemoryUsageResult, MemoryUsageTarget } from './memory-usage.js';
export type { Backend, Reading } from './sampler.js';
export {
  parseMprofile, formatCmdline, cmdlineLine, memLine, chldLine, defaultProfileName, peakOf, samplesDuring, MprofileSyntaxError,
} from './mprofile.js';
export type { Mprofile, MemPoint, FuncSpan } from './mprofile.js';
export { profile, LineProfiler, showResults, formatResults, useSharedProfiler } from '../lineprofiler/index.js';
export type { Decorator, FunctionResult, LineResult, LineBackend, ProfileOptions, ShowResultsOptions } from '../lineprofiler/index.js';
