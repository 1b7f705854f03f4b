// Unbiased estimates from V8's sampling heap profiler. V8 reports each live sample as
// size * round(1 / (1 - exp(-size / interval))); the rounding biases objects near the interval
// (an 8 KiB object at a 32 KiB interval counts 5 instead of 4.58), so undo it and rescale.

const cache = new Map<string, { size: number; count: number }>();

const scale = (size: number, interval: number): number => 1 / -Math.expm1(-size / interval);

/** The estimated (size, count) a reported sample stands for. */
export function unscaleSample(reported: number, interval: number): { size: number; count: number } {
  const key = `${reported}/${interval}`;
  let estimate = cache.get(key);
  if (estimate === undefined) {
    estimate = { size: reported, count: 1 };
    for (let count = 1; count <= reported; count++) {
      if (reported % count !== 0) continue;
      const size = reported / count;
      if (Math.round(scale(size, interval)) === count) {
        const factor = scale(size, interval);
        estimate = { size: size * factor, count: factor };
        break;
      }
    }
    cache.set(key, estimate);
  }
  return estimate;
}
