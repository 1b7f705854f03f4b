// Process.memory_maps(): every mapping from the addon (Linux /proc/<pid>/smaps, FreeBSD
// kinfo_getvmmap, macOS vm_region_recurse_64 + proc_regionfilename), grouped here as psutil does.
import { PROC_STATES, STATUS_ZOMBIE } from './constants.js';
import { native } from './native.js';
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

/** One mapping: addr, perms, path, then pmmapFields. */
export interface Region {
  readonly addr: string;
  readonly perms: string;
  readonly path: string;
  readonly values: Float64Array;
}

const kind = (field: string) => (field === 'addr' || field === 'perms' || field === 'path' ? 'str' : 'int');
const PmmapGroupedRecord = recordClass<PmmapGrouped>('pmmap_grouped', ['path', ...pmmapFields], kind);
const PmmapExtRecord = recordClass<PmmapExt>('pmmap_ext', ['addr', 'perms', 'path', ...pmmapFields], kind);

/** Every mapping of `pid` in address order, or a status (errno, or zombieProcess). */
export function readRegions(pid: number): Region[] | number {
  const result = native.memoryMaps(pid);
  if (typeof result === 'number') return result;
  const { text, values } = result;
  const stride = pmmapFields.length;
  const regions: Region[] = new Array(text.length / 3);
  for (let i = 0; i < regions.length; i++) {
    regions[i] = {
      addr: text[3 * i], perms: text[3 * i + 1], path: text[3 * i + 2],
      values: values.subarray(i * stride, (i + 1) * stride),
    };
  }
  // Linux's smaps is empty for kernel threads and for zombies, which psutil reports as such.
  if (regions.length === 0 && process.platform === 'linux' && typeof native.readProcess(pid) === 'string' &&
      native.scratch[1] === ZOMBIE_STATE) {
    return native.status.zombieProcess;
  }
  return regions;
}

/** psutil's memory_maps(grouped=True): one record per path, counters summed, in first-seen order. */
export function groupRegions(regions: readonly Region[]): PmmapGrouped[] {
  const byPath = new Map<string, unknown[]>();
  for (const { path, values } of regions) {
    const sums = byPath.get(path);
    if (sums === undefined) {
      byPath.set(path, [path, ...values]);
    } else {
      for (let i = 0; i < values.length; i++) sums[i + 1] = (sums[i + 1] as number) + values[i];
    }
  }
  return Array.from(byPath.values(), (row) => new PmmapGroupedRecord(row));
}

/** psutil's memory_maps(grouped=False). */
export function extRegions(regions: readonly Region[]): PmmapExt[] {
  return regions.map(({ addr, perms, path, values }) => new PmmapExtRecord([addr, perms, path, ...values]));
}
