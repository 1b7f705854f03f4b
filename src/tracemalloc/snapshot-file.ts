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

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

function readFrames(path: string, rows: unknown[]): Frame[] {
  return rows.map((row, i) => {
    const [filename, lineno, name] = Array.isArray(row) ? row : [];
    if (!Array.isArray(row) || row.length !== 3 || typeof filename !== 'string' || !Number.isInteger(lineno) || lineno < 0 || typeof name !== 'string') {
      throw corrupt(path, `frame ${i} is ${JSON.stringify(row)}, expected [filename, lineno, name]`);
    }
    return new Frame(filename, lineno as number, name);
  });
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
  if (!Number.isInteger(file.tracebackLimit) || file.tracebackLimit < 1) throw corrupt(path, 'tracebackLimit must be a positive integer');
  const frames = readFrames(path, file.frames);
  const tracebacks = new Map<string, Traceback>();
  const traces = (file.traces as unknown[]).map((row, i) => {
    if (!Array.isArray(row) || row.length < 2) throw corrupt(path, `trace ${i} is ${JSON.stringify(row)}, expected [size, count, ...frame indices]`);
    if (!isCount(row[0]) || !isCount(row[1])) throw corrupt(path, `trace ${i}: size and count must be numbers >= 0`);
    const indices = row.slice(2);
    const key = indices.join(',');
    let traceback = tracebacks.get(key);
    if (traceback === undefined) {
      if (!indices.every((index) => Number.isInteger(index) && frames[index] !== undefined)) {
        throw corrupt(path, `trace ${i} names a missing frame (${JSON.stringify(indices)}, ${frames.length} frames)`);
      }
      tracebacks.set(key, (traceback = new Traceback(indices.map((index) => frames[index]))));
    }
    return new Trace(row[0], row[1], traceback);
  });
  return { traces, tracebackLimit: file.tracebackLimit };
}
