// memkit plot: mprof plot. SVG or PNG with -o, a chart in the terminal without.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './args.js';
import { CliError, UsageError } from './errors.js';
import { chartOf, seriesLabel, seriesOf, trend, type Spans } from './plot-spec.js';
import { terminalChart } from './plot-terminal.js';
import { readProfile, resolveProfiles } from './profiles.js';
import { percentF } from '../pyformat.js';

function parseWindow(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0] < parts[1])) {
    throw new UsageError(`plot: --window must be two numbers of seconds START,END with START < END, got '${value}'`);
  }
  return [parts[0], parts[1]];
}

function writeOutput(file: string, data: string | Uint8Array): void {
  try {
    fs.writeFileSync(file, data);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code === 'ENOENT' ? 'no such directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : message;
    throw new CliError(`cannot write ${file}: ${reason}`);
  }
}

/** The terminal's list of function spans (what the SVG draws as brackets). */
function spanLines(spans: Spans | undefined): string {
  return (spans?.funcs ?? []).map((f) => {
    const [t0, t1] = [f.start.ts - spans!.origin, f.end.ts - spans!.origin];
    return `  [${'  '.repeat(f.level ?? 0)}${f.name} ${t0.toFixed(2)} s .. ${t1.toFixed(2)} s (${percentF(t1 - t0, 3)}s): ${f.start.mem.toFixed(1)} -> ${f.end.mem.toFixed(1)} MiB]\n`;
  }).join('');
}

export const plot: Command = {
  name: 'plot',
  summary: 'plot mprofile files: SVG or PNG with -o, a chart in the terminal without',
  help: `Usage: memkit plot [options] [FILE|INDEX...]

Plots memory over time, one line per file and per child recorded with --multiprocess, each
series' peak marked. With one file, the functions it timed (FUNC lines) are drawn as brackets
at their start and end. With no FILE, the newest mprofile_*.dat in the current folder; an
integer is an index into those files (0 the oldest, -1 the newest).

Options:
  -o, --output FILE        write FILE.svg or FILE.png (800x450) instead of drawing in the
                           terminal (needs the optional package d3-array; PNG also
                           @resvg/resvg-wasm)
  -t, --title T            chart title (default: the command line, for one file)
  -w, --window START,END   only the seconds from START to END
  -s, --slope              fit a line to each series: drawn, and its MiB/s in the legend
  -f, --flame              the functions as a flame graph under the chart, not brackets
  -n, --no-function-ts     do not draw the functions
  -h, --help               this help
`,
  options: {
    output: { type: 'string', short: 'o' },
    title: { type: 'string', short: 't' },
    window: { type: 'string', short: 'w' },
    slope: { type: 'boolean', short: 's' },
    flame: { type: 'boolean', short: 'f' },
    'no-function-ts': { type: 'boolean', short: 'n' },
  },
  async run(values, args) {
    const output = values.output as string | undefined;
    const format = output === undefined ? 'terminal' : path.extname(output).toLowerCase();
    if (format !== 'terminal' && format !== '.svg' && format !== '.png') {
      throw new UsageError(`plot: --output must end in .svg or .png, got '${output}'`);
    }
    const window = parseWindow(values.window as string | undefined);
    const profiles = resolveProfiles(args).map(readProfile);
    const title = (values.title as string | undefined) ?? (profiles.length === 1 ? profiles[0].cmdline ?? profiles[0].file : 'memkit plot');
    const series = seriesOf(profiles);
    const slope = Boolean(values.slope);
    // As mprof: functions are drawn for a single file only.
    const spans = profiles.length === 1 && !values['no-function-ts'] && profiles[0].funcs.length > 0
      ? { funcs: profiles[0].funcs, origin: profiles[0].mem.ts[0] }
      : undefined;
    if (format === 'terminal') {
      const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      const labelled = series.map((s) => ({ ...s, name: seriesLabel(s, slope) }));
      process.stdout.write(terminalChart(labelled, title, { width: process.stdout.columns ?? 100, color, window }) + spanLines(spans));
      return 0;
    }
    const chart = chartOf(series, { title, window, slope, spans, flame: Boolean(values.flame) });
    if (!chart) throw new CliError(`plot: no finite sample${window ? ` between ${window[0]} s and ${window[1]} s` : ''} to draw`);
    const { renderPng, renderSvg } = await import('./plot-render.js');
    const svg = await renderSvg(chart);
    writeOutput(output!, format === '.svg' ? svg : await renderPng(svg));
    if (slope) {
      for (const s of series) {
        const fit = trend(s.points);
        if (fit) process.stdout.write(`${s.name}: slope ${percentF(fit[0], 5)} MiB/s\n`);
      }
    }
    process.stderr.write(`memkit: wrote ${output}\n`);
    return 0;
  },
};
