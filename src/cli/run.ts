// memkit run: mprof run. Spawns a command, samples its memory into an mprofile .dat file,
// and ends with its peak and /usr/bin/time -v style resource usage.
import fs from 'node:fs';
import path from 'node:path';
import { MPROFILE_ENV } from '../lineprofiler/timestamper.js';
import { getrusage, RUSAGE_CHILDREN } from '../resource.js';
import { chldLine, cmdlineLine, defaultProfileName, formatCmdline, memLine } from '../profiler/mprofile.js';
import { sampleProcess } from '../profiler/sample-process.js';
import { BACKENDS, checkBackend, type Backend } from '../profiler/sampler.js';
import { seconds, type Command } from './args.js';
import { UsageError } from './errors.js';
import { liveLine } from './live-line.js';
import { rusageReport } from './rusage-report.js';
import { spawnCommand } from './spawn.js';

export const run: Command = {
  name: 'run',
  summary: 'run a command, sampling its memory into mprofile_<YYYYMMDDhhmmss>.dat',
  help: `Usage: memkit run [options] [--] CMD [ARG...]

Runs CMD and samples its memory every interval into a file in memory_profiler's mprofile
format (mprof plot and mprof peak read it too). Forwards SIGINT and SIGTERM to CMD, exits with
its exit status (128+N when signal N killed it) and prints its resource usage at the end.

Options:
  -T, --interval S         seconds between samples (default 0.1)
  -C, --include-children   add the memory of all descendants to each sample
  -M, --multiprocess       also record each descendant as its own series (CHLD lines)
  -t, --timeout S          stop sampling after S seconds (CMD runs on)
  -o, --output FILE        output file (default mprofile_<YYYYMMDDhhmmss>.dat, appended to)
      --backend B          rss (default), uss (Linux, macOS) or pss (Linux)
  -h, --help               this help
`,
  options: {
    interval: { type: 'string', short: 'T' },
    'include-children': { type: 'boolean', short: 'C' },
    multiprocess: { type: 'boolean', short: 'M' },
    timeout: { type: 'string', short: 't' },
    output: { type: 'string', short: 'o' },
    backend: { type: 'string' },
  },
  takesCommand: true,
  async run(values, command) {
    if (command.length === 0) throw new UsageError('run: a command to run is required (memkit run -- CMD ARG...)');
    const interval = seconds('interval', values.interval, 0.1)!;
    const timeout = seconds('timeout', values.timeout);
    const backend = (values.backend ?? 'rss') as Backend;
    if (!BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
    try {
      checkBackend(backend);
    } catch (error) {
      throw new UsageError(`run: ${(error as Error).message}`);
    }
    const file = (values.output as string | undefined) ?? defaultProfileName();
    process.stderr.write(`memkit: sampling memory every ${interval}s into ${file}\n`);
    const started = performance.now();
    // profile()d functions in a Node command stamp FUNC lines into the file (mprof --python)
    process.env[MPROFILE_ENV] = path.resolve(file);
    const spawned = await spawnCommand(command);
    const out = fs.openSync(file, 'a');
    fs.writeSync(out, cmdlineLine(command));
    const sampler = {
      backend,
      includeChildren: Boolean(values['include-children']),
      multiprocess: Boolean(values.multiprocess),
    };
    const live = liveLine();
    let peak = { mem: -1, ts: 0 };
    let count = 0;
    const firstTs = Date.now() / 1000;
    const maxSamples = timeout === undefined ? Infinity : Math.max(1, Math.round(timeout / interval));
    await sampleProcess(spawned.pid, sampler, (reading) => {
      let text = memLine(reading.mem, reading.ts);
      for (const [pid, mem] of reading.children) text += chldLine(pid, mem, reading.ts);
      fs.writeSync(out, text);
      count += 1;
      if (reading.mem > peak.mem) peak = reading;
      live.update(reading.ts - firstTs, reading.mem, peak.mem);
    }, { interval, maxSamples, exited: spawned.exited });
    fs.closeSync(out);
    const exit = await spawned.exited;
    const elapsed = (performance.now() - started) / 1000;
    live.clear();
    const peakText = count > 0 ? `peak ${peak.mem.toFixed(3)} MiB at ${(peak.ts - firstTs).toFixed(2)} s` : 'no sample taken';
    process.stderr.write(`memkit: ${peakText}; ${count} samples in ${file}\n`);
    process.stderr.write(rusageReport(formatCmdline(command), getrusage(RUSAGE_CHILDREN), elapsed, exit));
    return exit.status;
  },
};
