// start()'s options: which engine and how finely the sampler samples.
import { invalidArgType, outOfRange } from '../validate.js';

export interface StartOptions {
  /**
   * Mean bytes between samples of the sampling profiler (default 512). Smaller is more precise
   * and slower; objects of a few KiB and more are all sampled at the default.
   */
  samplingInterval?: number;
  /** Track every allocation exactly (V8 allocation tracking): about 5x slower; see README. */
  exact?: boolean;
}

export const DEFAULT_SAMPLING_INTERVAL = 512;

export function checkOptions(options: unknown): Required<StartOptions> {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const { samplingInterval = DEFAULT_SAMPLING_INTERVAL, exact = false } = options as StartOptions;
  if (typeof exact !== 'boolean') throw invalidArgType('options.exact', 'of type boolean', exact);
  if (typeof samplingInterval !== 'number' || !Number.isInteger(samplingInterval)) {
    throw invalidArgType('options.samplingInterval', 'an integer', samplingInterval);
  }
  if (samplingInterval < 1 || samplingInterval > 2 ** 31 - 1) {
    throw outOfRange('options.samplingInterval', '>= 1 and <= 2147483647', samplingInterval);
  }
  return { samplingInterval, exact };
}
