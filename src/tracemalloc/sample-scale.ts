// Estimates from V8's sampling heap profiler. V8 reports each live sample as
// size * round(1 / (1 - exp(-size / interval))). For objects of at least about the interval that
// is size * 1 and says everything. Below it, several object sizes give the same report (528 at
// a 512-byte interval is 33 x 16, 22 x 24, ... 2 x 264): the bytes agree within ~25%, the counts
// do not, and memkit assumes the smallest object size that fits (JavaScript heaps are full of
// small objects), so small-object counts are upper estimates. The rounding itself is undone.

const cache = new Map<string, { size: number; count: number }>();

const MIN_OBJECT = 16;
const ALIGN = 8;

const scale = (size: number, interval: number): number => 1 / -Math.expm1(-size / interval);

/** The estimated (bytes, objects) one reported sample stands for. */
export function unscaleSample(reported: number, interval: number): { size: number; count: number } {
  const key = `${reported}/${interval}`;
  let estimate = cache.get(key);
  if (estimate === undefined) {
    estimate = { size: reported, count: 1 };
    if (Math.round(scale(reported, interval)) === 1) {
      estimate = { size: reported * scale(reported, interval), count: scale(reported, interval) };
    } else {
      for (let size = MIN_OBJECT; size < reported; size += ALIGN) {
        const count = reported / size;
        if (Number.isInteger(count) && Math.round(scale(size, interval)) === count) {
          estimate = { size: size * scale(size, interval), count: scale(size, interval) };
          break;
        }
      }
    }
    cache.set(key, estimate);
  }
  return estimate;
}
