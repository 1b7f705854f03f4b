// Whether and how one loaded file is instrumented, for both hooks (CommonJS and ESM): the
// program's own files that mention `profile` (or any, with --function), not node_modules and
// not memkit itself. A file acorn cannot parse runs as it is, after one warning line.
import path from 'node:path';
import { FUNCTIONS_ENV } from '../preload-env.js';
import { MODULE } from './names.js';
import { globPattern } from './targets.js';
import { instrumentSource } from './transform.js';

const MEMKIT_DIST = path.resolve(__dirname, '..', '..');
const globs = (process.env[FUNCTIONS_ENV] ?? '').split(',').filter((glob) => glob !== '').map(globPattern);

function isProgramFile(file: string): boolean {
  return path.isAbsolute(file) && !file.split(path.sep).includes('node_modules') && !file.startsWith(MEMKIT_DIST + path.sep);
}

/**
 * The instrumented source of `file`; undefined to run it as it is. A source instrumented
 * already is left so: Node's hooks thread runs the --require'd entry too, which registers the
 * ESM hook a second time.
 */
export function instrumentFile(source: string, file: string, key: string, sourceType: 'module' | 'script'): string | undefined {
  if (!isProgramFile(file) || (globs.length === 0 && !source.includes('profile')) || source.includes(`var ${MODULE}=`)) return undefined;
  try {
    return instrumentSource(source, { sourceType, scriptFile: file, key, globs });
  } catch (error) {
    process.stderr.write(`memkit: cannot instrument ${file} (${(error as Error).message}): it runs without line probes\n`);
    return undefined;
  }
}
