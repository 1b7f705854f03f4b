// `memkit plot` with no -o: a compact chart drawn with box-drawing characters, each series
// resampled to the terminal's width (the largest sample of each column, so peaks survive).
// Drawn here rather than with asciichart, which cannot leave a gap: a child that starts late, a
// shorter second file, or a `MEM nan` line made it throw.
import { peakIndex } from '../profiler/mprofile.js';
import type { Series } from './plot-spec.js';
import { finite, select } from './samples.js';

const ROWS = 12;
const COLORS = [39, 34, 31, 32, 36, 33, 35]; // default, blue, red, green, cyan, yellow, magenta

/** The largest value per column from the series' first to its last (finite) sample; undefined elsewhere. */
function resample(series: Series, start: number, span: number, columns: number): Array<number | undefined> {
  const out = new Array<number | undefined>(columns).fill(undefined);
  const column = (t: number) => Math.max(0, Math.min(columns - 1, Math.floor(((t - start) / span) * columns)));
  const { mem, ts } = series.points;
  for (let i = 0; i < mem.length; i++) {
    const c = column(ts[i] - series.origin);
    if (!(out[c]! >= mem[i])) out[c] = mem[i];
  }
  if (mem.length === 0) return out;
  // Columns between two samples repeat the last value; before the first and after the last they stay empty.
  const first = column(ts[0] - series.origin);
  const last = column(ts[ts.length - 1] - series.origin);
  for (let i = first + 1; i <= last; i++) out[i] ??= out[i - 1];
  return out;
}

export interface TerminalChartOptions {
  readonly width: number;
  readonly color: boolean;
  /** [start, end] seconds to show; default all */
  readonly window?: readonly [number, number];
}

export function terminalChart(series: readonly Series[], title: string, { width, color, window }: TerminalChartOptions): string {
  const drawn = series.map((s) => ({ ...s, points: select(s.points, finite) })).filter((s) => s.points.ts.length > 0);
  if (drawn.length === 0) return `${title}\n(no finite sample to draw)\n`;
  let [first, last] = [0, -Infinity];
  for (const { points: { ts }, origin } of drawn) {
    for (let i = 0; i < ts.length; i++) {
      first = Math.min(first, ts[i] - origin);
      last = Math.max(last, ts[i] - origin);
    }
  }
  const [start, end] = window ?? [first, last];
  const span = end > start ? end - start : 1;
  const columns = Math.max(10, Math.min(width - 15, 120));
  const lines = drawn.map((s) => resample(s, start, span, columns));
  const values = lines.flat().filter((v): v is number => v !== undefined);
  if (values.length === 0) return `${title}\n(no sample between ${start} s and ${end} s)\n`;
  let [low, high] = [Math.min(...values), Math.max(...values)];
  if (high - low < 1e-9) [low, high] = [low - 0.5, high + 0.5];
  const rowOf = (v: number) => Math.round(((v - low) / (high - low)) * (ROWS - 1));
  const grid = Array.from({ length: ROWS }, () => new Array<string>(columns).fill(' '));
  const paint = (text: string, i: number) => (color ? `\x1b[${COLORS[i % COLORS.length]}m${text}\x1b[0m` : text);
  lines.forEach((line, i) => {
    const put = (row: number, x: number, ch: string) => {
      grid[row][x] = paint(ch, i);
    };
    line.forEach((v, x) => {
      if (v === undefined) return;
      const y1 = rowOf(v);
      const prev = x > 0 ? line[x - 1] : undefined;
      const y0 = prev === undefined ? y1 : rowOf(prev);
      if (y0 === y1) return put(y1, x, '─');
      const [from, to] = y1 > y0 ? [y0, y1] : [y1, y0];
      for (let y = from + 1; y < to; y++) put(y, x, '│');
      put(y0, x, y1 > y0 ? '╯' : '╮');
      put(y1, x, y1 > y0 ? '╭' : '╰');
    });
  });
  const rows = grid.map((cells, r) => `${(low + (r / (ROWS - 1)) * (high - low)).toFixed(1).padStart(9)} MiB ┤${cells.join('')}`).reverse();
  const axis = `${' '.repeat(14)}${start.toFixed(2)} s ${'─'.repeat(Math.max(0, columns - 14))} ${end.toFixed(2)} s`;
  const legend = drawn.map((s, i) => {
    const peak = peakIndex(s.points.mem);
    return `  ${paint('──', i)} ${s.name}: peak ${s.points.mem[peak].toFixed(1)} MiB at ${(s.points.ts[peak] - s.origin).toFixed(2)} s`;
  });
  return `${title}\n${rows.join('\n')}\n${axis}\n${legend.join('\n')}\n`;
}
