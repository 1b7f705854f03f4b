// memory_profiler's show_results() layout, format strings included.
import { percentF } from '../pyformat.js';
import type { FunctionResult } from './line-profiler.js';

// '{0:>6} {1:>12} {2:>12}  {3:>10}   {4:<}'
function row(lineno: string, mem: string, inc: string, occurrences: string, contents: string): string {
  return `${lineno.padStart(6)} ${mem.padStart(12)} ${inc.padStart(12)}  ${occurrences.padStart(10)}   ${contents}`;
}

export function formatResults(results: readonly FunctionResult[], precision = 1): string {
  const mib = (value: number) => `${percentF(value, precision).padStart(precision + 4)} MiB`;
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
