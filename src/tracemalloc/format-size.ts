// Python's tracemalloc._format_size: 3 to 5 significant characters and a binary unit.

import { percentF, percentPlusF } from '../pyformat.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** '%.1f %s' / '%.0f %s' as Python writes them; '%+.1f %s' / '%+.0f %s' with `sign`. */
export function formatSize(size: number, sign = false): string {
  const fixed = sign ? percentPlusF : percentF;
  for (const unit of UNITS) {
    if (Math.abs(size) < 100 && unit !== 'B') return `${fixed(size, 1)} ${unit}`;
    if (Math.abs(size) < 10 * 1024 || unit === 'TiB') return `${fixed(size, 0)} ${unit}`;
    size /= 1024;
  }
  throw new Error('unreachable');
}
