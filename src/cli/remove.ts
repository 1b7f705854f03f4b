// Removing profile files for `memkit rm` and `memkit clean`: every file is tried, each failure
// is one line, and the exit status says whether all went.
import fs from 'node:fs';

export function removeProfiles(files: readonly string[], dryRun: boolean): number {
  if (dryRun) {
    process.stdout.write(`Files to be removed: \n${files.map((f) => `${f}\n`).join('')}`);
    return 0;
  }
  let failed = 0;
  for (const file of files) {
    try {
      fs.unlinkSync(file);
    } catch (error) {
      failed += 1;
      const { code, message } = error as NodeJS.ErrnoException;
      const reason = fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()
        ? 'is a directory'
        : code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : message;
      process.stderr.write(`memkit: cannot remove ${file}: ${reason}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}
