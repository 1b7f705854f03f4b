// Snapshot.dump / Snapshot.load file format: JSON with a frame table (Python uses pickle).
import { readFileSync, writeFileSync } from 'node:fs';
import { Frame } from './frame.js';
import { Trace } from './trace.js';
import { Traceback } from './traceback.js';

const FORMAT = 'memkit.tracemalloc.snapshot';
const VERSION = 1;

interface SnapshotFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  tracebackLimit: number;
  /** [filename, lineno, name] */
  frames: [string, number, string][];
  /** [size, count, ...frame indices from the oldest to the most recent] */
  traces: number[][];
}

export function writeSnapshot(path: string, traces: readonly Trace[], tracebackLimit: number): void {
  const frameIndex = new Map<string, number>();
  const frames: SnapshotFile['frames'] = [];
  const rows = traces.map((trace) => {
    const row = [trace.size, trace.count];
    for (const frame of trace.traceback) {
      let index = frameIndex.get(frame.key);
      if (index === undefined) {
        frameIndex.set(frame.key, (index = frames.length));
        frames.push([frame.filename, frame.lineno, frame.name]);
      }
      row.push(index);
    }
    return row;
  });
  const file: SnapshotFile = { format: FORMAT, version: VERSION, tracebackLimit, frames, traces: rows };
  writeFileSync(path, JSON.stringify(file));
}

function corrupt(path: string, why: string): Error {
  const error = new Error(`${path} is not a memkit tracemalloc snapshot: ${why}`);
  (error as NodeJS.ErrnoException).code = 'ERR_TRACEMALLOC_BAD_SNAPSHOT';
  return error;
}

export function readSnapshot(path: string): { traces: Trace[]; tracebackLimit: number } {
  let file: SnapshotFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as SnapshotFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw error;
    throw corrupt(path, (error as Error).message);
  }
  if (file?.format !== FORMAT || file.version !== VERSION) throw corrupt(path, `expected format ${FORMAT} version ${VERSION}`);
  if (!Array.isArray(file.frames) || !Array.isArray(file.traces)) throw corrupt(path, 'frames and traces must be arrays');
  const frames = file.frames.map((f) => new Frame(f[0], f[1], f[2]));
  const tracebacks = new Map<string, Traceback>();
  const traces = file.traces.map((row) => {
    const key = row.slice(2).join(',');
    let traceback = tracebacks.get(key);
    if (traceback === undefined) {
      const own = row.slice(2).map((i) => frames[i]);
      if (own.some((frame) => frame === undefined)) throw corrupt(path, 'a trace names a missing frame');
      tracebacks.set(key, (traceback = new Traceback(own)));
    }
    if (typeof row[0] !== 'number' || typeof row[1] !== 'number') throw corrupt(path, 'sizes must be numbers');
    return new Trace(row[0], row[1], traceback);
  });
  return { traces, tracebackLimit: file.tracebackLimit };
}
