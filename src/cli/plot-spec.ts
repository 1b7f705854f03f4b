// The Vega-Lite spec of `memkit plot`: one line per file and per child, MiB over seconds since
// the file's first sample (as mprof plot draws it), the peak marked with dashed rules and a label.
import type { TopLevelSpec } from 'vega-lite';
import { peakOf, type MemPoint } from '../profiler/mprofile.js';
import type { LoadedProfile } from './profiles.js';

export interface Series {
  readonly name: string;
  readonly points: readonly MemPoint[];
  /** seconds subtracted from each timestamp: the first MEM sample of its file */
  readonly origin: number;
}

export const PLOT_WIDTH = 800;
export const PLOT_HEIGHT = 450;

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

export function plotSpec(series: readonly Series[], title: string): TopLevelSpec {
  const rows = series.flatMap((s) => s.points.map((p) => ({ series: s.name, t: p.ts - s.origin, mem: p.mem })));
  const top = series
    .map((s) => ({ series: s.name, origin: s.origin, point: peakOf(s.points)! }))
    .reduce((a, b) => (b.point.mem > a.point.mem ? b : a));
  const peak = { t: top.point.ts - top.origin, mem: top.point.mem, label: `peak ${top.point.mem.toFixed(1)} MiB (${top.series})` };
  const dashed = { type: 'rule' as const, color: '#d62728', strokeDash: [6, 4] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    config: { font: 'DejaVu Sans, sans-serif' },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time (in seconds)' },
          y: { field: 'mem', type: 'quantitative', title: 'memory used (in MiB)' },
          color: { field: 'series', type: 'nominal', title: null, sort: null, legend: { orient: 'bottom', labelLimit: 0 } },
          order: { field: 't', type: 'quantitative' },
        },
      },
      { data: { values: [peak] }, mark: dashed, encoding: { y: { field: 'mem', type: 'quantitative' } } },
      { data: { values: [peak] }, mark: dashed, encoding: { x: { field: 't', type: 'quantitative' } } },
      {
        data: { values: [peak] },
        mark: { type: 'text', align: 'left', dx: 6, dy: -8, color: '#d62728' },
        encoding: {
          x: { field: 't', type: 'quantitative' },
          y: { field: 'mem', type: 'quantitative' },
          text: { field: 'label' },
        },
      },
    ],
  };
}
