// Process.memory_maps(): every mapping from the addon (Linux /proc/<pid>/smaps, FreeBSD
// kinfo_getvmmap, macOS vm_region_recurse_64 + proc_regionfilename), grouped here as psutil does.
import { PROC_STATES, STATUS_ZOMBIE } from './constants.js';
import { native, type MapsResult } from './native.js';
import { recordClass } from './records.js';
import type { StructSeq } from '../structseq.js';

const ZOMBIE_STATE = PROC_STATES.indexOf(STATUS_ZOMBIE);

/** The counters of a mapping on this platform: psutil's pmmap_grouped fields after `path`. */
export const pmmapFields: readonly string[] = Object.freeze([...native.pmmapFields]);

/**
 * psutil's pmmap_grouped: `path` then the counters. Linux: rss size pss shared_clean
 * shared_dirty private_clean private_dirty referenced anonymous swap (bytes); FreeBSD: rss
 * private ref_count shadow_count (rss and private in pages, as psutil reports them); macOS: rss
 * private swapped dirtied (bytes) ref_count shadow_depth.
 */
export interface PmmapGrouped extends StructSeq<string | number> {
  readonly path: string;
  readonly rss: number;
  readonly [field: string]: unknown;
}
/** psutil's pmmap_ext: `addr` and `perms`, then pmmap_grouped's fields, one per mapping. */
export interface PmmapExt extends PmmapGrouped {
  readonly addr: string;
  readonly perms: string;
}

/** Every mapping: text has addr, perms and path of each, values pmmapFields.length numbers each. */
export type Regions = MapsResult;

const kind = (field: string) => (field === 'addr' || field === 'perms' || field === 'path' ? 'str' : 'int');
const PmmapGroupedRecord = recordClass<PmmapGrouped>('pmmap_grouped', ['path', ...pmmapFields], kind);
const PmmapExtRecord = recordClass<PmmapExt>('pmmap_ext', ['addr', 'perms', 'path', ...pmmapFields], kind);

/** Every mapping of `pid` in address order, or a status (errno, or zombieProcess). */
export function readRegions(pid: number): Regions | number {
  const result = native.memoryMaps(pid);
  if (typeof result === 'number') return result;
  // Linux's smaps is empty for kernel threads and for zombies, which psutil reports as such.
  if (result.text.length === 0 && process.platform === 'linux' && typeof native.readProcess(pid) === 'string' &&
      native.scratch[1] === ZOMBIE_STATE) {
    return native.status.zombieProcess;
  }
  return result;
}

const stride = pmmapFields.length;

/** psutil's memory_maps(grouped=True): one record per path, counters summed, in first-seen order. */
export function groupRegions({ text, values }: Regions): PmmapGrouped[] {
  const byPath = new Map<string, unknown[]>();
  for (let i = 0, base = 0; i < text.length; i += 3, base += stride) {
    const path = text[i + 2];
    let row = byPath.get(path);
    if (row === undefined) {
      row = [path];
      for (let j = 0; j < stride; j++) row.push(values[base + j]);
      byPath.set(path, row);
    } else {
      for (let j = 0; j < stride; j++) row[j + 1] = (row[j + 1] as number) + values[base + j];
    }
  }
  return Array.from(byPath.values(), (row) => new PmmapGroupedRecord(row));
}

/** psutil's memory_maps(grouped=False). */
export function extRegions({ text, values }: Regions): PmmapExt[] {
  const records: PmmapExt[] = new Array(text.length / 3);
  const row: unknown[] = new Array(3 + stride);
  for (let r = 0, base = 0; r < records.length; r++, base += stride) {
    row[0] = text[3 * r];
    row[1] = text[3 * r + 1];
    row[2] = text[3 * r + 2];
    for (let j = 0; j < stride; j++) row[3 + j] = values[base + j];
    records[r] = new PmmapExtRecord(row);
  }
  return records;
}
