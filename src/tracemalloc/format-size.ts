// Python's tracemalloc._format_size: 3 to 5 significant characters and a binary unit.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * printf's %.Nf as Python does it: the exact binary value rounded, ties to even. toFixed rounds
 * exactly too but sends ties away from zero (2.5 -> "3" where Python prints "2").
 */
function fixed(value: number, digits: number, sign: boolean): string {
  let text = value.toFixed(digits);
  const exact = Math.abs(value).toFixed(100);
  const dot = exact.indexOf('.');
  if (/^50*$/.test(exact.slice(dot + 1 + digits))) {
    const kept = exact.slice(0, dot + 1 + digits).replace(/\.$/, '');
    const lastDigit = Number(kept[kept.length - 1]);
    if (lastDigit % 2 === 0) text = `${value < 0 ? '-' : ''}${kept}`;
  }
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
