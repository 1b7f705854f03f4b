// The Vega-Lite spec of `memkit plot`: one line per file and per child, MiB over seconds since
// the file's first sample (as mprof plot draws it), each series' peak marked, the highest one
// with dashed rules; optionally each function's span (FUNC lines) as brackets or as a flame
// graph under the chart, and a fitted trend line per series.
import type { TopLevelSpec } from 'vega-lite';
import { peakOf, type FuncSpan, type MemPoint } from '../profiler/mprofile.js';
import { percentF } from '../pyformat.js';
import { downsample } from './downsample.js';
import type { LoadedProfile } from './profiles.js';

export interface Series {
  readonly name: string;
  readonly points: readonly MemPoint[];
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
const FLAME_HEIGHT = 120;

export function seriesOf(profiles: readonly LoadedProfile[]): Series[] {
  return profiles.flatMap((profile) => {
    const origin = profile.mem[0].ts;
    const label = profiles.length > 1 ? profile.file : 'memory';
    return [
      { name: label, points: profile.mem, origin },
      ...[...profile.children].map(([pid, points]) => ({ name: `${profiles.length > 1 ? `${profile.file} ` : ''}child ${pid}`, points, origin })),
    ];
  });
}

/** Least squares fit of MiB over seconds: [slope in MiB/s, intercept]; undefined under two distinct times. */
export function trend(points: readonly MemPoint[]): [slope: number, intercept: number] | undefined {
  const good = points.filter((p) => Number.isFinite(p.mem) && Number.isFinite(p.ts));
  if (good.length < 2) return undefined;
  const t0 = good[0].ts;
  let [st, sm, stt, stm] = [0, 0, 0, 0];
  for (const p of good) {
    const t = p.ts - t0;
    st += t;
    sm += p.mem;
    stt += t * t;
    stm += t * p.mem;
  }
  const n = good.length;
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

/** The finite samples of a series inside the window (seconds since its origin): references, no copies. */
function visible(series: Series, window: readonly [number, number] | undefined): MemPoint[] {
  const [from, to] = window ? [window[0] + series.origin, window[1] + series.origin] : [-Infinity, Infinity];
  return series.points.filter((p) => Number.isFinite(p.mem) && Number.isFinite(p.ts) && p.ts >= from && p.ts <= to);
}

export function plotSpec(series: readonly Series[], options: PlotOptions): TopLevelSpec {
  const { window, slope, spans, flame } = options;
  const shown = series
    .map((s) => ({ label: seriesLabel(s, slope), points: visible(s, window), origin: s.origin, fit: slope ? trend(s.points) : undefined }))
    .filter((s) => s.points.length > 0);
  const times = shown.flatMap((s) => [s.points[0].ts - s.origin, s.points[s.points.length - 1].ts - s.origin]);
  const [start, end] = window ?? [Math.min(0, ...times), Math.max(...times)];
  const rows = shown.flatMap((s) => downsample(s.points, start + s.origin, end + s.origin, PLOT_WIDTH)
    .map((p) => ({ series: s.label, t: p.ts - s.origin, mem: p.mem })));
  const peaks = shown.map((s) => {
    const peak = peakOf(s.points)!;
    return { series: s.label, t: peak.ts - s.origin, mem: peak.mem, label: `peak ${peak.mem.toFixed(1)} MiB` };
  });
  const top = peaks.reduce((a, b) => (b.mem > a.mem ? b : a));
  const fits = shown.flatMap(({ fit, points, label, origin }) => {
    if (!fit) return [];
    return [points[0].ts, points[points.length - 1].ts].map((ts) => ({ series: label, t: ts - origin, mem: fit[1] + fit[0] * ts }));
  });
  const funcs = (spans?.funcs ?? [])
    .map((f) => ({ name: f.name, level: f.level ?? 0, t0: f.start.ts - spans!.origin, t1: f.end.ts - spans!.origin, m0: f.start.mem, m1: f.end.mem }))
    .filter((f) => !window || (f.t1 >= window[0] && f.t0 <= window[1]));
  // Marks are clipped to the plot only when a window cuts them.
  const clip = window !== undefined;
  const x = { field: 't', type: 'quantitative' as const, title: 'time (in seconds)', scale: { domain: [start, end], nice: !window } };
  const y = { field: 'mem', type: 'quantitative' as const, title: 'memory used (in MiB)' };
  const color = {
    field: 'series', type: 'nominal' as const, title: null, sort: null,
    legend: { orient: 'bottom' as const, labelLimit: 0, columns: 3 },
  };
  const dashed = { type: 'rule' as const, color: '#d62728', strokeDash: [6, 4] };
  const brackets = !flame && funcs.length > 0
    ? [
      { data: { values: funcs.map((f) => ({ series: f.name, t: f.t0, mem: f.m0, text: '[' })) } },
      { data: { values: funcs.map((f) => ({ series: f.name, t: f.t1, mem: f.m1, text: ']' })) } },
    ].map((layer) => ({
      ...layer,
      mark: { type: 'text' as const, fontSize: 18, fontWeight: 'bold' as const, clip },
      encoding: { x, y, color, text: { field: 'text' } },
    }))
    : [];
  const memory = {
    width: PLOT_WIDTH,
    height: flame ? PLOT_HEIGHT - FLAME_HEIGHT : PLOT_HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line' as const, strokeWidth: 1.5, clip },
        encoding: { x, y, color, order: { field: 't', type: 'quantitative' as const } },
      },
      ...(fits.length > 0 ? [{
        data: { values: fits },
        mark: { type: 'line' as const, strokeDash: [4, 3], strokeWidth: 1, clip },
        encoding: { x, y, color, detail: { field: 'series' } },
      }] : []),
      ...brackets,
      { data: { values: [top] }, mark: dashed, encoding: { y: { field: 'mem', type: 'quantitative' as const } } },
      { data: { values: [top] }, mark: dashed, encoding: { x: { field: 't', type: 'quantitative' as const } } },
      { data: { values: peaks }, mark: { type: 'point' as const, filled: true, size: 50, clip }, encoding: { x, y, color } },
      {
        data: { values: peaks },
        mark: { type: 'text' as const, align: 'left' as const, dx: 6, dy: -8, clip },
        encoding: { x, y, color, text: { field: 'label' } },
      },
    ],
  };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    background: 'white',
    config: { font: 'DejaVu Sans, sans-serif' },
  };
  if (!flame || funcs.length === 0) return { ...base, autosize: { type: 'fit', contains: 'padding' }, ...memory } as TopLevelSpec;
  // mprof's flame view: each call a bar on its nesting level, under the memory line, same time axis.
  const flameView = {
    width: PLOT_WIDTH,
    height: FLAME_HEIGHT,
    data: { values: funcs },
    layer: [
      {
        mark: { type: 'bar' as const, stroke: 'white', clip },
        encoding: {
          x: { ...x, field: 't0', title: 'time (in seconds)' },
          x2: { field: 't1' },
          y: { field: 'level', type: 'ordinal' as const, title: 'call level', sort: 'descending' as const },
          color: { field: 'name', type: 'nominal' as const, legend: null },
        },
      },
      {
        mark: { type: 'text' as const, align: 'left' as const, dx: 3, color: 'black', clip, fontSize: 10 },
        encoding: { x: { ...x, field: 't0' }, y: { field: 'level', type: 'ordinal' as const, sort: 'descending' as const }, text: { field: 'name' } },
      },
    ],
  };
  return { ...base, vconcat: [memory, flameView], resolve: { scale: { x: 'shared', color: 'independent' } } } as TopLevelSpec;
}
