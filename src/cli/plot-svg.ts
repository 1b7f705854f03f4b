// Draws the chart of `memkit plot -o` as SVG: axes with round ticks (d3-array's ticks and
// nice, an optional dependency imported by plot-render.ts), one path per series, each peak
// marked, dashed rules through the highest, trend lines, function brackets or a flame graph
// under the chart, and a legend. The layout follows what Vega-Lite drew here before.
import type { Chart } from './plot-spec.js';

export interface TickMath {
  ticks(start: number, stop: number, count: number): number[];
  nice(start: number, stop: number, count: number): [number, number];
  tickStep(start: number, stop: number, count: number): number;
}

const COLORS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
const PEAK_RED = '#d62728';
const MARGIN = { left: 62, right: 24, top: 36 };
const LEGEND_ROW = 16;
const FLAME_GAP = 46;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (x: number) => (Math.round(x * 100) / 100).toString();

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${num(x)}" y="${num(y)}" ${attributes}>${escape(content)}</text>`;
}

/** Tick labels with as many decimals as the step needs (d3-format's precisionFixed). */
function tickFormat(step: number): (x: number) => string {
  const decimals = Math.max(0, -Math.floor(Math.log10(Math.abs(step) || 1) + 1e-9));
  return (x) => x.toFixed(decimals);
}

export function chartSvg(chart: Chart, math: TickMath): string {
  const names = [...new Set([...chart.series.map((s) => s.label), ...chart.funcs.map((f) => f.name)])];
  const color = (name: string) => COLORS[names.indexOf(name) % COLORS.length];
  const legendRows = Math.ceil(names.length / 3);
  const levels = [...new Set(chart.funcs.map((f) => f.level))].sort((a, b) => a - b);
  const flameHeight = chart.flame ? Math.max(1, levels.length) * 24 : 0;
  const plotBottom = chart.height - 58 - legendRows * LEGEND_ROW - (chart.flame ? flameHeight + FLAME_GAP : 0);
  const [left, right, top] = [MARGIN.left, chart.width - MARGIN.right, MARGIN.top];
  const xDomain = chart.niceX ? math.nice(chart.x[0], chart.x[1] > chart.x[0] ? chart.x[1] : chart.x[0] + 1, 10) : chart.x;
  const yValues = chart.series.flatMap((s) => s.rows.map((r) => r.mem)).concat(chart.fits.map((f) => f.mem), chart.funcs.flatMap((f) => [f.m0, f.m1]));
  let [yLow, yHigh] = [Math.min(0, ...yValues), Math.max(...yValues)];
  if (!(yHigh > yLow)) yHigh = yLow + 1;
  [yLow, yHigh] = math.nice(yLow, yHigh, 8);
  const x = (t: number) => left + ((t - xDomain[0]) / (xDomain[1] - xDomain[0] || 1)) * (right - left);
  const y = (mem: number) => plotBottom - ((mem - yLow) / (yHigh - yLow)) * (plotBottom - top);
  const xTicks = math.ticks(xDomain[0], xDomain[1], 10);
  const yTicks = math.ticks(yLow, yHigh, 8);
  const xLabel = tickFormat(math.tickStep(xDomain[0], xDomain[1], 10));
  const yLabel = tickFormat(math.tickStep(yLow, yHigh, 8));
  const out: string[] = [];
  const clip = chart.niceX ? '' : ' clip-path="url(#plot)"';
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}">`);
  out.push(`<defs><clipPath id="plot"><rect x="${left}" y="${top}" width="${right - left}" height="${num(plotBottom - top)}"/></clipPath></defs>`);
  out.push(`<rect width="${chart.width}" height="${chart.height}" fill="white"/>`);
  out.push('<g font-family="DejaVu Sans, sans-serif" font-size="10" fill="#000">');
  out.push(text(chart.width / 2, 20, chart.title, 'text-anchor="middle" font-size="13" font-weight="bold"'));
  // grid, axes, tick labels
  const xAxis = (bottom: number, upTo: number) => {
    for (const t of xTicks) {
      out.push(`<line class="grid" x1="${num(x(t))}" x2="${num(x(t))}" y1="${num(upTo)}" y2="${num(bottom)}" stroke="#ddd"/>`);
      out.push(text(x(t), bottom + 14, xLabel(t), 'text-anchor="middle"'));
    }
    out.push(`<line x1="${left}" x2="${right}" y1="${num(bottom)}" y2="${num(bottom)}" stroke="#888"/>`);
    out.push(text((left + right) / 2, bottom + 30, 'time (in seconds)', 'text-anchor="middle" font-size="11" font-weight="bold"'));
  };
  for (const m of yTicks) {
    out.push(`<line class="grid" x1="${left}" x2="${right}" y1="${num(y(m))}" y2="${num(y(m))}" stroke="#ddd"/>`);
    out.push(text(left - 6, y(m) + 3, yLabel(m), 'text-anchor="end"'));
  }
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${num(plotBottom)}" stroke="#888"/>`);
  out.push(text(16, (top + plotBottom) / 2, 'memory used (in MiB)', `text-anchor="middle" font-size="11" font-weight="bold" transform="rotate(-90 16 ${num((top + plotBottom) / 2)})"`));
  xAxis(plotBottom, top);
  // series, trend lines
  for (const s of chart.series) {
    const d = s.rows.map((r, i) => `${i === 0 ? 'M' : 'L'}${num(x(r.t))},${num(y(r.mem))}`).join('');
    out.push(`<path class="series" d="${d}" fill="none" stroke="${color(s.label)}" stroke-width="1.5"${clip}/>`);
  }
  for (const label of new Set(chart.fits.map((f) => f.series))) {
    const [a, b] = chart.fits.filter((f) => f.series === label);
    out.push(`<path class="trend" d="M${num(x(a.t))},${num(y(a.mem))}L${num(x(b.t))},${num(y(b.mem))}" stroke="${color(label)}" stroke-dasharray="4,3"${clip}/>`);
  }
  if (!chart.flame) {
    for (const f of chart.funcs) {
      const attributes = `fill="${color(f.name)}" font-size="18" font-weight="bold" text-anchor="middle"${clip}`;
      out.push(text(x(f.t0), y(f.m0) + 6, '[', attributes), text(x(f.t1), y(f.m1) + 6, ']', attributes));
    }
  }
  // the highest peak's dashed rules, then a dot and a label per series
  const topPeak = chart.peaks.reduce((a, b) => (b.mem > a.mem ? b : a));
  out.push(`<line class="peak-rule" x1="${left}" x2="${right}" y1="${num(y(topPeak.mem))}" y2="${num(y(topPeak.mem))}" stroke="${PEAK_RED}" stroke-dasharray="6,4"/>`);
  out.push(`<line class="peak-rule" x1="${num(x(topPeak.t))}" x2="${num(x(topPeak.t))}" y1="${top}" y2="${num(plotBottom)}" stroke="${PEAK_RED}" stroke-dasharray="6,4"/>`);
  for (const p of chart.peaks) {
    out.push(`<circle cx="${num(x(p.t))}" cy="${num(y(p.mem))}" r="3.5" fill="${color(p.series)}"/>`);
    // labels of peaks near the right edge go to the left of their dot
    const flip = x(p.t) > right - 90;
    out.push(text(x(p.t) + (flip ? -6 : 6), y(p.mem) - 8, p.label, `fill="${color(p.series)}"${flip ? ' text-anchor="end"' : ''}`));
  }
  // mprof's flame view: one bar per call on its nesting level, on the same time axis
  let legendTop = plotBottom + 44;
  if (chart.flame) {
    const flameTop = plotBottom + FLAME_GAP;
    const flameBottom = flameTop + flameHeight;
    const row = (level: number) => flameBottom - (levels.indexOf(level) + 1) * 24;
    levels.forEach((level) => out.push(text(left - 6, row(level) + 15, String(level), 'text-anchor="end"')));
    out.push(text(16, (flameTop + flameBottom) / 2, 'call level', `text-anchor="middle" font-size="11" font-weight="bold" transform="rotate(-90 16 ${num((flameTop + flameBottom) / 2)})"`));
    for (const f of chart.funcs) {
      const [x0, x1] = [Math.max(left, x(f.t0)), Math.min(right, x(f.t1))];
      if (x1 < x0) continue;
      out.push(`<rect class="flame" x="${num(x0)}" y="${num(row(f.level) + 1)}" width="${num(Math.max(1, x1 - x0))}" height="22" fill="${color(f.name)}" stroke="white"/>`);
      out.push(text(x0 + 3, row(f.level) + 15, f.name));
    }
    xAxis(flameBottom, flameTop);
    legendTop = flameBottom + 44;
  }
  names.forEach((name, i) => {
    const [cx, cy] = [left + (i % 3) * ((right - left) / 3), legendTop + Math.floor(i / 3) * LEGEND_ROW];
    out.push(`<circle cx="${num(cx + 5)}" cy="${num(cy - 3)}" r="5" fill="${color(name)}"/>`);
    out.push(text(cx + 14, cy, name));
  });
  out.push('</g></svg>');
  return out.join('\n');
}
