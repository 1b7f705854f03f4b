// Python's tracemalloc._format_size: 3 to 5 significant characters and a binary unit.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** printf's %.Nf with Python's rounding (round-half-even on the binary value, as toFixed does). */
function fixed(value: number, digits: number, sign: boolean): string {
  const text = value.toFixed(digits);
  return sign && !text.startsWith('-') ? `+${text}` : text;
}

export function formatSize(size: number, sign = false): string {
  for (const unit of UNITS) {
    if (Math.abs(size) < 100 && unit !== 'B') return `${fixed(size, 1, sign)} ${unit}`;
    if (Math.abs(size) < 10 * 1024 || unit === 'TiB') return `${fixed(size, 0, sign)} ${unit}`;
    size /= 1024;
  }
  throw new Error('unreachable');
}
