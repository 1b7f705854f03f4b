// memory_profiler's show_results(prof, stream, precision).
import { formatResults } from './format.js';
import type { LineProfiler } from './line-profiler.js';
import { checkPrecision, checkStream, type Writable } from './options.js';

export interface ShowResultsOptions {
  /** default process.stdout, as memory_profiler */
  readonly stream?: Writable;
  /** default 1 */
  readonly precision?: number;
}

export function showResults(profiler: LineProfiler, options: ShowResultsOptions = {}): void {
  const stream = checkStream('options.stream', options.stream ?? process.stdout);
  const precision = checkPrecision('options.precision', options.precision ?? 1);
  stream.write(formatResults(profiler.results(), precision));
}
