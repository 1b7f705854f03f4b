// memory_profiler's show_results() layout, format strings included.
import type { FunctionResult } from './line-profiler.js';

/** Python's '{:.Nf}': correctly rounded, ties to even (toFixed rounds ties away from zero). */
export function pyFixed(x: number, digits: number): string {
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const magnitude = Math.abs(x);
  let text = magnitude.toFixed(digits);
  // MiB figures are multiples of 2^-20 at most: 25 more digits hold them exactly
  const exact = magnitude.toFixed(Math.min(100, digits + 25));
  const cut = exact.length - 25;
  if (/^50*$/.test(exact.slice(cut))) {
    const truncated = exact.slice(0, cut).replace(/\.$/, '');
    const lastDigit = Number(truncated[truncated.length - 1]);
    if (lastDigit % 2 === 0) text = truncated;
  }
  return sign + text;
}

// '{0:>6} {1:>12} {2:>12}  {3:>10}   {4:<}'
function row(lineno: string, mem: string, inc: string, occurrences: string, contents: string): string {
  return `${lineno.padStart(6)} ${mem.padStart(12)} ${inc.padStart(12)}  ${occurrences.padStart(10)}   ${contents}`;
}

export function formatResults(results: readonly FunctionResult[], precision = 1): string {
  const mib = (value: number) => `${pyFixed(value, precision).padStart(precision + 4)} MiB`;
  let out = '';
  for (const { filename, lines } of results) {
    const header = row('Line #', 'Mem usage', 'Increment', 'Occurrences', 'Line Contents');
    out += `Filename: ${filename}\n\n${header}\n${'='.repeat(header.length)}\n`;
    for (const line of lines) {
      const ran = line.memUsage !== null;
      out += `${row(
        String(line.lineno),
        ran ? mib(line.memUsage!) : '',
        ran ? mib(line.increment!) : '',
        ran ? String(line.occurrences) : '',
        line.contents,
      )}\n`;
    }
    out += '\n\n';
  }
  return out;
}
