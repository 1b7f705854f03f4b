// The .dat file of `memkit run`/`attach`, opened before anything is started: a path that
// cannot be written is a one-line error before the command runs.
import fs from 'node:fs';
import { defaultProfileName } from '../profiler/mprofile.js';
import { CliError } from './errors.js';

export interface ProfileOutput {
  readonly file: string;
  write(text: string): void;
  close(): void;
  /** closes, and removes the file if this run created it (the command could not start) */
  discard(): void;
}

function cannotWrite(file: string, error: unknown): CliError {
  const { code, message } = error as NodeJS.ErrnoException;
  const reason = code === 'ENOENT' ? 'no such directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : message;
  return new CliError(`cannot write ${file}: ${reason}`);
}

/**
 * `named` is opened for appending, as mprof does. The default name is created exclusively:
 * when two runs start in the same second, the later takes the next free second's name, so
 * each run has its own file and the name still matches mprof's mprofile_??????????????.dat.
 */
export function openOutput(named: string | undefined, now: Date = new Date()): ProfileOutput {
  let file = named ?? '';
  let fd = -1;
  const existed = named !== undefined && fs.existsSync(named);
  for (let k = 0; fd < 0; k++) {
    if (named === undefined) file = defaultProfileName(new Date(now.getTime() + k * 1000));
    try {
      fd = fs.openSync(file, named === undefined ? 'ax' : 'a');
    } catch (error) {
      if (named === undefined && (error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw cannotWrite(file, error);
    }
  }
  return {
    file,
    write(text) {
      try {
        fs.writeSync(fd, text);
      } catch (error) {
        throw cannotWrite(file, error);
      }
    },
    close() {
      fs.closeSync(fd);
    },
    discard() {
      fs.closeSync(fd);
      if (!existed) fs.rmSync(file, { force: true });
    },
  };
}
