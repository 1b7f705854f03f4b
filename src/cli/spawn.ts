// Spawns the measured command with inherited stdio, forwards SIGINT/SIGTERM/SIGHUP/SIGQUIT to
// it (so that closing the terminal or Ctrl-\ does not orphan it), and turns
// its end into a shell-style exit status.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { CliError } from './errors.js';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** the child's code, or 128 + signal number when a signal killed it */
  readonly status: number;
}

export interface Spawned {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

function exitOf(code: number | null, signal: NodeJS.Signals | null): ChildExit {
  const status = signal ? 128 + (constants.signals[signal] ?? 0) : code ?? 1;
  return { code, signal, status };
}

/** Resolves once the child is running; rejects with a clear CliError if it cannot start. */
export async function spawnCommand(command: readonly string[]): Promise<Spawned> {
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
  // Forwarding starts before the child can print anything a caller might answer with a signal.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  const unforward = () => {
    for (const signal of FORWARDED) process.off(signal, forward);
  };
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      unforward();
      resolve(exitOf(code, signal));
    });
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) => {
      unforward();
      const reason = error.code === 'ENOENT' ? 'command not found' : error.message;
      // 127 and 126 are what POSIX shells return for "not found" and "cannot execute".
      reject(new CliError(`cannot run '${command[0]}': ${reason} (${error.code})`, error.code === 'ENOENT' ? 127 : 126));
    });
  });
  return { child, pid: child.pid!, exited };
}
