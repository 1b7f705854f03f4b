// Python's Snapshot._group_by and _compare_grouped_stats.
import { Frame } from './frame.js';
import { Statistic, StatisticDiff } from './statistic.js';
import { Traceback } from './traceback.js';
import type { Trace } from './trace.js';
import type { KeyType } from './checks.js';

interface Group {
  traceback: Traceback;
  size: number;
  count: number;
}

function keyFrame(frame: Frame, keyType: KeyType): Frame {
  return keyType === 'filename' ? new Frame(frame.filename, 0) : frame;
}

/** Groups by key; sizes and counts are summed (sampled traces carry fractional estimates). */
function groupBy(traces: readonly Trace[], keyType: KeyType, cumulative: boolean): Map<string, Group> {
  const groups = new Map<string, Group>();
  const add = (traceback: Traceback, trace: Trace): void => {
    const group = groups.get(traceback.key);
    if (group) {
      group.size += trace.size;
      group.count += trace.count;
    } else {
      groups.set(traceback.key, { traceback, size: trace.size, count: trace.count });
    }
  };
  const tracebacks = new Map<string, Traceback>();
  const intern = (key: string, make: () => Traceback): Traceback => {
    let traceback = tracebacks.get(key);
    if (traceback === undefined) tracebacks.set(key, (traceback = make()));
    return traceback;
  };
  for (const trace of traces) {
    const recent = trace.traceback.at(-1);
    if (recent === undefined) continue;
    if (!cumulative) {
      const traceback =
        keyType === 'traceback'
          ? trace.traceback
          : intern(recent.key, () => new Traceback([keyFrame(recent, keyType)]));
      add(traceback, trace);
    } else {
      // Like Python, a frame that appears twice (recursion) counts twice.
      for (const frame of trace.traceback) add(intern(frame.key, () => new Traceback([keyFrame(frame, keyType)])), trace);
    }
  }
  return groups;
}

export function statistics(traces: readonly Trace[], keyType: KeyType, cumulative: boolean): Statistic[] {
  const stats = [...groupBy(traces, keyType, cumulative).values()].map(
    (g) => new Statistic(g.traceback, Math.round(g.size), Math.round(g.count)),
  );
  return stats.sort(Statistic.compareDescending);
}

export function compare(
  newTraces: readonly Trace[],
  oldTraces: readonly Trace[],
  keyType: KeyType,
  cumulative: boolean,
): StatisticDiff[] {
  const newGroups = groupBy(newTraces, keyType, cumulative);
  const oldGroups = groupBy(oldTraces, keyType, cumulative);
  const diffs: StatisticDiff[] = [];
  for (const [key, stat] of newGroups) {
    const size = Math.round(stat.size);
    const count = Math.round(stat.count);
    const previous = oldGroups.get(key);
    oldGroups.delete(key);
    const oldSize = previous ? Math.round(previous.size) : 0;
    const oldCount = previous ? Math.round(previous.count) : 0;
    diffs.push(new StatisticDiff(stat.traceback, size, size - oldSize, count, count - oldCount));
  }
  for (const stat of oldGroups.values()) {
    diffs.push(new StatisticDiff(stat.traceback, 0, -Math.round(stat.size), 0, -Math.round(stat.count)));
  }
  return diffs.sort(StatisticDiff.compareDescending);
}
