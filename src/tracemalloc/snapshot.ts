// tracemalloc.Snapshot: live traces at one moment, grouped and compared as Python does.
import { checkFilters, type Filter } from './filter.js';
import { checkKeyType, checkString } from './checks.js';
import { compare, statistics } from './group.js';
import { readSnapshot, writeSnapshot } from './snapshot-file.js';
import type { Statistic, StatisticDiff } from './statistic.js';
import type { Trace } from './trace.js';
import type { KeyType } from './checks.js';
import { invalidArgType } from '../validate.js';

export class Snapshot {
  readonly traces: readonly Trace[];
  readonly tracebackLimit: number;

  constructor(traces: readonly Trace[], tracebackLimit: number) {
    this.traces = Object.freeze([...traces]);
    this.tracebackLimit = tracebackLimit;
    Object.freeze(this);
  }

  /** Statistics grouped by `keyType`, biggest first. */
  statistics(keyType: KeyType, cumulative = false): Statistic[] {
    return statistics(this.traces, checkKeyType(keyType, cumulative), cumulative);
  }

  /** Differences from `oldSnapshot`, biggest change first. */
  compareTo(oldSnapshot: Snapshot, keyType: KeyType, cumulative = false): StatisticDiff[] {
    if (!(oldSnapshot instanceof Snapshot)) throw invalidArgType('oldSnapshot', 'an instance of Snapshot', oldSnapshot);
    return compare(this.traces, oldSnapshot.traces, checkKeyType(keyType, cumulative), cumulative);
  }

  /** A new Snapshot with the traces that pass: any inclusive filter (if there is one) and every exclusive one. */
  filterTraces(filters: Iterable<Filter>): Snapshot {
    const list = checkFilters(filters);
    const include = list.filter((f) => f.inclusive);
    const exclude = list.filter((f) => !f.inclusive);
    const kept = this.traces.filter(
      (trace) => (include.length === 0 || include.some((f) => f.match(trace))) && exclude.every((f) => f.match(trace)),
    );
    return new Snapshot(kept, this.tracebackLimit);
  }

  dump(path: string): void {
    checkString('path', path);
    writeSnapshot(path, this.traces, this.tracebackLimit);
  }

  static load(path: string): Snapshot {
    checkString('path', path);
    const { traces, tracebackLimit } = readSnapshot(path);
    return new Snapshot(traces, tracebackLimit);
  }
}
