// What `memkit plot` draws: one line per file and per child, MiB over seconds since the file's
// first sample (as mprof plot draws it), each series' peak, optionally each function's span
// (FUNC lines) and a fitted trend line per series; downsampled to the chart's width.
import { peakIndex, type FuncSpan } from '../profiler/mprofile.js';
import type { Samples } from '../profiler/mprofile-reader.js';
import { percentF } from '../pyformat.js';
import { downsample } from './downsample.js';
import type { LoadedProfile } from './profiles.js';
import { finite, select } from './samples.js';

export interface Series {
  readonly name: string;
  readonly points: Samples;
  /** seconds subtracted from each timestamp: the first MEM sample of its file */
  readonly origin: number;
}

export interface Spans {
  readonly funcs: readonly FuncSpan[];
  readonly origin: number;
}

export interface PlotOptions {
  readonly title: string;
  /** [start, end] in seconds since the origin; default all */
  readonly window?: readonly [number, number];
  /** draw and name a least-squares trend line per series */
  readonly slope: boolean;
  /** FUNC spans to draw (brackets, or a flame graph with `flame`); none when undefined */
  readonly spans?: Spans;
  readonly flame: boolean;
}

export const PLOT_WIDTH = 800;
export const PLOT_HEIGHT = 450;
const FLAME_HEIGHT = 150;

export function seriesOf(profiles: readonly LoadedProfile[]): Series[] {
  return profiles.flatMap((profile) => {
    const origin = profile.mem.ts[0];
    const label = profiles.length > 1 ? profile.file : 'memory';
    return [
      { name: label, points: profile.mem, origin },
      ...[...profile.children].map(([pid, points]) => ({ name: `${profiles.length > 1 ? `${profile.file} ` : ''}child ${pid}`, points, origin })),
    ];
  });
}

/** Least squares fit of MiB over seconds: [slope in MiB/s, intercept]; undefined under two distinct times. */
export function trend({ mem, ts }: Samples): [slope: number, intercept: number] | undefined {
  let [n, t0, st, sm, stt, stm] = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < mem.length; i++) {
    if (!finite(mem[i], ts[i])) continue;
    if (n++ === 0) t0 = ts[i];
    const t = ts[i] - t0;
    st += t;
    sm += mem[i];
    stt += t * t;
    stm += t * mem[i];
  }
  if (n < 2) return undefined;
  const denominator = n * stt - st * st;
  if (!(Math.abs(denominator) > 0)) return undefined;
  const slope = (n * stm - st * sm) / denominator;
  return [slope, (sm - slope * st) / n - slope * t0];
}

/** The name a series carries in the legend: mprof appends " slope %.5f" with --slope. */
export function seriesLabel(series: Series, slope: boolean): string {
  const fit = slope ? trend(series.points) : undefined;
  return fit ? `${series.name} slope ${percentF(fit[0], 5)}` : series.name;
}

/** The finite samples of a series inside the window (seconds since its origin). */
function visible(series: Series, window: readonly [number, number] | undefined): Samples {
  const [from, to] = window ? [window[0] + series.origin, window[1] + series.origin] : [-Infinity, Infinity];
  return select(series.points, (mem, ts) => finite(mem, ts) && ts >= from && ts <= to);
}

function rowsOf({ mem, ts }: Samples, origin: number): Array<{ t: number; mem: number }> {
  return Array.from(mem, (value, i) => ({ t: ts[i] - origin, mem: value }));
}

export interface Chart {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** seconds: the window, or the data's extent */
  readonly x: readonly [number, number];
  /** round the time axis to nice ticks (no window given) */
  readonly niceX: boolean;
  readonly series: ReadonlyArray<{ readonly label: string; readonly rows: ReadonlyArray<{ readonly t: number; readonly mem: number }> }>;
  readonly peaks: ReadonlyArray<{ readonly series: string; readonly t: number; readonly mem: number; readonly label: string }>;
  /** two points per series with --slope */
  readonly fits: ReadonlyArray<{ readonly series: string; readonly t: number; readonly mem: number }>;
  readonly funcs: ReadonlyArray<{ readonly name: string; readonly level: number; readonly t0: number; readonly t1: number; readonly m0: number; readonly m1: number }>;
  readonly flame: boolean;
}

/** What the chart shows, in seconds since each file's first sample; undefined when nothing is in view. */
export function chartOf(series: readonly Series[], options: PlotOptions): Chart | undefined {
  const { window, slope, spans } = options;
  const shown = series
    .map((s) => ({ label: seriesLabel(s, slope), points: visible(s, window), origin: s.origin, fit: slope ? trend(s.points) : undefined }))
    .filter((s) => s.points.ts.length > 0);
  if (shown.length === 0) return undefined;
  const times = shown.flatMap(({ points: { ts }, origin }) => [ts[0] - origin, ts[ts.length - 1] - origin]);
  const [start, end] = window ?? [Math.min(0, ...times), Math.max(...times)];
  const funcs = (spans?.funcs ?? [])
    .map((f) => ({ name: f.name, level: f.level ?? 0, t0: f.start.ts - spans!.origin, t1: f.end.ts - spans!.origin, m0: f.start.mem, m1: f.end.mem }))
    .filter((f) => !window || (f.t1 >= window[0] && f.t0 <= window[1]));
  const flame = options.flame && funcs.length > 0;
  return {
    title: options.title,
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT + (flame ? FLAME_HEIGHT : 0),
    x: [start, end],
    niceX: window === undefined,
    series: shown.map((s) => ({
      label: s.label,
      rows: rowsOf(downsample(s.points, start + s.origin, end + s.origin, PLOT_WIDTH), s.origin),
    })),
    peaks: shown.map(({ label, points, origin }) => {
      const peak = peakIndex(points.mem);
      const mem = points.mem[peak];
      return { series: label, t: points.ts[peak] - origin, mem, label: `peak ${mem.toFixed(1)} MiB` };
    }),
    fits: shown.flatMap(({ fit, points: { ts }, label, origin }) => {
      if (!fit) return [];
      return [ts[0], ts[ts.length - 1]].map((t) => ({ series: label, t: t - origin, mem: fit[1] + fit[0] * t }));
    }),
    funcs,
    flame,
  };
}
