// Fewer points for drawing, the same picture: per pixel column, the first, lowest, highest and
// last sample (M4 aggregation), so every peak and trough a pixel can show is kept exactly.
// Works on the columns as read, without one object per sample.
import type { Samples } from '../profiler/mprofile-reader.js';

export function downsample(samples: Samples, start: number, end: number, columns: number): Samples {
  const { mem, ts } = samples;
  if (mem.length <= columns * 4) return samples;
  const span = end > start ? end - start : 1;
  // a column comes back when time goes backwards in the file: no fixed bound on what is kept
  const [keptMem, keptTs]: [number[], number[]] = [[], []];
  let lastKept = -1;
  const kept = [0, 0, 0, 0];
  let bucket = -1;
  let [first, low, high, last] = [-1, -1, -1, -1];
  const flush = () => {
    if (first < 0) return;
    [kept[0], kept[1], kept[2], kept[3]] = [first, low, high, last];
    kept.sort((a, b) => ts[a] - ts[b] || a - b);
    for (const i of kept) {
      if (i === lastKept) continue;
      keptMem.push(mem[i]);
      keptTs.push(ts[i]);
      lastKept = i;
    }
  };
  for (let i = 0; i < mem.length; i++) {
    const b = Math.min(columns - 1, Math.max(0, Math.floor(((ts[i] - start) / span) * columns)));
    if (b !== bucket) {
      flush();
      bucket = b;
      first = low = high = last = i;
      continue;
    }
    if (mem[i] < mem[low]) low = i;
    if (mem[i] > mem[high]) high = i;
    last = i;
  }
  flush();
  return { mem: Float64Array.from(keptMem), ts: Float64Array.from(keptTs) };
}
