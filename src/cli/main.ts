#!/usr/bin/env node
// memkit: the command. mprof's run/attach/plot/peak/list/rm/clean, /usr/bin/time -v, ps and the
// demo. Commands load the native addon only when they run, so that --help, plot, peak, list,
// rm and clean work where it is not built.
import fs from 'node:fs';
import path from 'node:path';
import { parseCommandArgs, type Command } from './args.js';
import { attach } from './attach.js';
import { clean } from './clean.js';
import { demo } from './demo/index.js';
import { CliError, UsageError } from './errors.js';
import { exporter } from './exporter.js';
import { list } from './list.js';
import { peak } from './peak.js';
import { plot } from './plot.js';
import { profileCommand } from './profile.js';
import { ps } from './ps.js';
import { rm } from './rm.js';
import { run } from './run.js';
import { time } from './time.js';

const COMMANDS: readonly Command[] = [run, attach, plot, peak, list, rm, clean, time, ps, profileCommand, exporter, demo];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: memkit <command> [options] [arguments]

Python's memory-debugging toolbox for Node.js: memory_profiler's mprof, /usr/bin/time -v,
psutil's memory_info.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

'memkit <command> --help' shows a command's options; 'memkit --version' the version.
Start with: memkit demo
`;
}

function version(): string {
  const manifest = path.join(__dirname, '..', '..', 'package.json');
  return `memkit ${(JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(version());
    return 0;
  }
  if (name === undefined) throw new UsageError("a command is required (see 'memkit --help')");
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new UsageError(`${name.startsWith('-') ? 'unknown option' : 'unknown command'} '${name}' (see 'memkit --help')`);
  }
  const { values, positionals } = parseCommandArgs(command, rest);
  if (values.help) {
    process.stdout.write(command.help);
    return 0;
  }
  return command.run(values, positionals);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`memkit: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof CliError) {
      process.stderr.write(`memkit: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      // Everything else (a missing addon, a process that vanished, an I/O error) is one line
      // too; MEMKIT_DEBUG=1 shows where it came from.
      const detail = process.env.MEMKIT_DEBUG ? (error as Error)?.stack : undefined;
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      process.stderr.write(`memkit: ${detail ?? message}\n`);
      process.exitCode = 1;
    }
  },
);
