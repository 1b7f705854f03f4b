// Helpers over the sample columns (Samples) that `memkit plot` and `peak` read .dat files into.
import type { Samples } from '../profiler/mprofile-reader.js';

/** The samples `keep` accepts, in their order: the same columns when it accepts all. */
export function select(samples: Samples, keep: (mem: number, ts: number) => boolean): Samples {
  const { mem, ts } = samples;
  const kept = new Uint32Array(mem.length);
  let count = 0;
  for (let i = 0; i < mem.length; i++) if (keep(mem[i], ts[i])) kept[count++] = i;
  if (count === mem.length) return samples;
  const out = { mem: new Float64Array(count), ts: new Float64Array(count) };
  for (let j = 0; j < count; j++) {
    out.mem[j] = mem[kept[j]];
    out.ts[j] = ts[kept[j]];
  }
  return out;
}

export const finite = (mem: number, ts: number): boolean => Number.isFinite(mem) && Number.isFinite(ts);
