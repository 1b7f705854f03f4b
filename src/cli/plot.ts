// memkit plot: mprof plot. SVG or PNG with -o, a terminal chart without.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './args.js';
import { UsageError } from './errors.js';
import { plotSpec, seriesOf } from './plot-spec.js';
import { renderPng, renderSvg } from './plot-render.js';
import { terminalChart } from './plot-terminal.js';
import { readProfile, resolveProfiles } from './profiles.js';

export const plot: Command = {
  name: 'plot',
  summary: 'plot mprofile files: SVG or PNG with -o, a chart in the terminal without',
  help: `Usage: memkit plot [options] [FILE|INDEX...]

Plots memory over time, one line per file and per child recorded with --multiprocess, the peak
marked. With no FILE, the newest mprofile_*.dat in the current folder; an integer is an index
into those files (0 the oldest, -1 the newest).

Options:
  -o, --output FILE   write FILE.svg or FILE.png (800x450) instead of drawing in the terminal
  -t, --title T       chart title (default: the command line, for one file)
  -h, --help          this help
`,
  options: { output: { type: 'string', short: 'o' }, title: { type: 'string', short: 't' } },
  async run(values, args) {
    const output = values.output as string | undefined;
    const format = output === undefined ? 'terminal' : path.extname(output).toLowerCase();
    if (format !== 'terminal' && format !== '.svg' && format !== '.png') {
      throw new UsageError(`plot: --output must end in .svg or .png, got '${output}'`);
    }
    const profiles = resolveProfiles(args).map(readProfile);
    const title = (values.title as string | undefined) ?? (profiles.length === 1 ? profiles[0].cmdline ?? profiles[0].file : 'memkit plot');
    const series = seriesOf(profiles);
    if (format === 'terminal') {
      process.stdout.write(terminalChart(series, title, process.stdout.columns ?? 100, Boolean(process.stdout.isTTY)));
      return 0;
    }
    const svg = await renderSvg(plotSpec(series, title));
    fs.writeFileSync(output!, format === '.svg' ? svg : await renderPng(svg));
    process.stderr.write(`memkit: wrote ${output}\n`);
    return 0;
  },
};
