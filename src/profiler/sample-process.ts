// Samples one process until it exits, `maxSamples` are taken, or `exited` settles.
import { sampleLoop, type LoopOptions } from './sample-loop.js';
import { createSampler, type Reading, type SamplerOptions } from './sampler.js';
import { threadSampleLoop } from './thread-sampler.js';

/**
 * The process alone is sampled on a native thread; with its descendants, on the event loop,
 * which lists them at every tick.
 */
export function sampleProcess(pid: number, options: SamplerOptions, onReading: (reading: Reading) => void, loop: LoopOptions): Promise<void> {
  if (!options.includeChildren && !options.multiprocess) return threadSampleLoop(pid, options.backend, onReading, loop);
  return sampleLoop(createSampler(pid, options), onReading, loop);
}
