// A process's command line for `match`. memkit's psutil has no cmdline() yet: Linux reads
// /proc/<pid>/cmdline here; FreeBSD and macOS (sysctl KERN_PROC_ARGS) match the name only.
import fs from 'node:fs';

/** The arguments joined by spaces, or null where they cannot be read. */
export function cmdline(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0+$/, '').replace(/\0/g, ' ');
  } catch {
    return null;  // exited, or another user's process under hidepid
  }
}
