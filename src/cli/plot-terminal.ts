// `memkit plot` with no -o: a compact chart drawn with asciichart, series resampled to the
// terminal's width (the largest sample of each column, so the peak survives).
import * as asciichart from 'asciichart';
import { peakOf } from '../profiler/mprofile.js';
import type { Series } from './plot-spec.js';

const COLORS = [asciichart.default, asciichart.blue, asciichart.red, asciichart.green, asciichart.cyan, asciichart.yellow, asciichart.magenta];

const lastT = (s: Series) => s.points[s.points.length - 1].ts - s.origin;

function resample(series: Series, end: number, columns: number): number[] {
  const out = new Array<number>(columns).fill(Number.NaN);
  const column = (t: number) => Math.min(columns - 1, Math.floor((t / (end || 1)) * columns));
  for (const p of series.points) {
    const c = column(p.ts - series.origin);
    if (!(out[c] >= p.mem)) out[c] = p.mem;
  }
  // Columns between two samples repeat the last value; after the series ends they stay empty.
  for (let i = 1; i <= column(lastT(series)); i++) if (Number.isNaN(out[i])) out[i] = out[i - 1];
  return out;
}

export function terminalChart(series: readonly Series[], title: string, width: number, color: boolean): string {
  const end = Math.max(...series.map(lastT));
  const columns = Math.max(10, Math.min(width - 14, 120));
  const colors = color ? series.map((_, i) => COLORS[i % COLORS.length]) : undefined;
  const chart = asciichart.plot(series.map((s) => resample(s, end, columns)), {
    height: 12,
    colors,
    format: (x: number) => `${x.toFixed(1).padStart(8)} MiB `,
  });
  const paint = (text: string, i: number) => (colors ? `${colors[i]}${text}${asciichart.reset}` : text);
  const legend = series.map((s, i) => {
    const peak = peakOf(s.points)!;
    return `  ${paint('──', i)} ${s.name}: peak ${peak.mem.toFixed(1)} MiB at ${(peak.ts - s.origin).toFixed(2)} s`;
  });
  return `${title}\n${chart}\n${' '.repeat(13)}0 s ${'─'.repeat(Math.max(0, columns - 12))} ${end.toFixed(2)} s\n${legend.join('\n')}\n`;
}
