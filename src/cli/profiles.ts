// Finding and reading mprofile .dat files as mprof does: files named by the user, integer
// indices into the sorted mprofile_*.dat files of the current folder, or the newest one.
import fs from 'node:fs';
import path from 'node:path';
import { MprofileSyntaxError, readMprofileFile, type MprofileColumns } from '../profiler/mprofile-reader.js';
import { CliError } from './errors.js';

const PROFILE_NAME = /^mprofile_\d{14}\.dat$/;

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The files mprofile_<14 digits>.dat in `dir` (not folders so named), oldest first (the name sorts by time). */
export function profileFiles(dir = '.'): string[] {
  return fs.readdirSync(dir).filter((name) => PROFILE_NAME.test(name) && isFile(path.join(dir, name))).sort();
}

/** The files named by `args` (paths or indices, -1 = newest); with none, the newest file. */
export function resolveProfiles(args: readonly string[]): string[] {
  const existing = profileFiles();
  if (args.length === 0) {
    if (existing.length === 0) {
      throw new CliError(`no mprofile_*.dat file in ${process.cwd()}: make one with 'memkit run -- CMD'`);
    }
    process.stderr.write(`memkit: using last profile data, ${existing[existing.length - 1]}\n`);
    return [existing[existing.length - 1]];
  }
  const files: string[] = [];
  for (const arg of args) {
    let file = arg;
    if (/^-?\d+$/.test(arg) && !fs.existsSync(arg)) {
      file = existing.at(Number(arg)) ?? '';
      if (file === '') throw new CliError(`no profile with index ${arg} (there are ${existing.length})`);
    }
    if (!files.includes(file)) files.push(file);
  }
  return files;
}

export interface LoadedProfile extends MprofileColumns {
  readonly file: string;
}

/** Reads and parses one file into columns; errors name the file (and the line, for bad content). */
export function readProfile(file: string): LoadedProfile {
  let profile: MprofileColumns;
  try {
    profile = readMprofileFile(file);
  } catch (error) {
    if (error instanceof MprofileSyntaxError) throw new CliError(error.message);
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : message;
    throw new CliError(`cannot read ${file}: ${reason}`);
  }
  if (profile.mem.mem.length === 0) throw new CliError(`${file}: no MEM line: not an mprofile, or the run took no sample`);
  return { ...profile, file };
}
