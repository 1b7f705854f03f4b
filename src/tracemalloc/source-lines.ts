// Python's linecache.getline for Traceback.format(): the source line, or '' when unreadable.
import { readFileSync } from 'node:fs';

const files = new Map<string, readonly string[]>();

export function getline(filename: string, lineno: number): string {
  let lines = files.get(filename);
  if (lines === undefined) {
    try {
      lines = readFileSync(filename, 'utf8').split(/\r?\n/);
    } catch {
      lines = [];
    }
    files.set(filename, lines);
  }
  return lines[lineno - 1] ?? '';
}
