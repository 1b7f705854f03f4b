// One reading of the watched processes: what every client library's metrics are made from.
import type { StructRusage } from '../rusage.js';

/** The memory fields in bytes (pmem, or pfullmem with fullInfo), by psutil's field names. */
export type MemoryBytes = ReadonlyMap<string, number>;

/** The calling process: psutil's memory plus its own and its waited-for children's rusage. */
export interface SelfReading {
  readonly memory: MemoryBytes;
  readonly rusage: StructRusage;
  readonly children: StructRusage;
}

/** Another process, labelled by pid and name; cpu and ctxSwitches are null where denied. */
export interface ProcessReading {
  readonly pid: number;
  readonly name: string;
  readonly memory: MemoryBytes;
  readonly cpu: { readonly user: number; readonly system: number } | null;
  readonly ctxSwitches: { readonly voluntary: number; readonly involuntary: number } | null;
}

export interface Reading {
  readonly self: SelfReading | null;
  readonly processes: readonly ProcessReading[];
}

// macOS's pmem carries two counts (pfaults, pageins) among its byte fields.
const COUNT_FIELDS = new Set(['pfaults', 'pageins']);

/** A pmem/pfullmem record's byte fields. */
export function memoryBytes(record: { asDict(): Record<string, unknown> }): MemoryBytes {
  const bytes = new Map<string, number>();
  for (const [field, value] of Object.entries(record.asDict())) {
    if (!COUNT_FIELDS.has(field)) bytes.set(field, value as number);
  }
  return bytes;
}
