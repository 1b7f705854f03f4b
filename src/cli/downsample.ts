// Fewer points for drawing, the same picture: per pixel column, the first, lowest, highest and
// last sample (M4 aggregation), so every peak and trough a pixel can show is kept exactly.
import type { MemPoint } from '../profiler/mprofile.js';

export function downsample(points: readonly MemPoint[], start: number, end: number, columns: number): MemPoint[] {
  if (points.length <= columns * 4) return [...points];
  const span = end > start ? end - start : 1;
  const out: MemPoint[] = [];
  let bucket = -1;
  let first: MemPoint | undefined;
  let low: MemPoint | undefined;
  let high: MemPoint | undefined;
  let last: MemPoint | undefined;
  const flush = () => {
    if (first === undefined) return;
    const kept = [first, low!, high!, last!].sort((a, b) => a.ts - b.ts);
    for (const p of kept) if (out[out.length - 1] !== p) out.push(p);
  };
  for (const p of points) {
    const b = Math.min(columns - 1, Math.max(0, Math.floor(((p.ts - start) / span) * columns)));
    if (b !== bucket) {
      flush();
      bucket = b;
      first = low = high = last = p;
      continue;
    }
    if (p.mem < low!.mem) low = p;
    if (p.mem > high!.mem) high = p;
    last = p;
  }
  flush();
  return out;
}
