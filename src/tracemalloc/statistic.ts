// tracemalloc.Statistic and StatisticDiff, printed exactly as Python prints them.
import { inspect } from 'node:util';
import { formatSize } from './format-size.js';
import type { Traceback } from './traceback.js';

const signed = (n: number): string => (n >= 0 ? `+${n}` : String(n));
const average = (size: number, count: number): string => (count ? `, average=${formatSize(size / count)}` : '');

export class Statistic {
  constructor(
    readonly traceback: Traceback,
    readonly size: number,
    readonly count: number,
  ) {
    Object.freeze(this);
  }

  toString(): string {
    return `${this.traceback}: size=${formatSize(this.size)}, count=${this.count}${average(this.size, this.count)}`;
  }

  [inspect.custom](): string {
    return `<Statistic traceback=${this.traceback[inspect.custom]()} size=${this.size} count=${this.count}>`;
  }

  /** Python's sort key (size, count, traceback), descending. */
  static compareDescending(a: Statistic, b: Statistic): number {
    return b.size - a.size || b.count - a.count || b.traceback.compare(a.traceback);
  }
}

export class StatisticDiff {
  constructor(
    readonly traceback: Traceback,
    readonly size: number,
    readonly sizeDiff: number,
    readonly count: number,
    readonly countDiff: number,
  ) {
    Object.freeze(this);
  }

  toString(): string {
    return (
      `${this.traceback}: size=${formatSize(this.size)} (${formatSize(this.sizeDiff, true)}), ` +
      `count=${this.count} (${signed(this.countDiff)})${average(this.size, this.count)}`
    );
  }

  [inspect.custom](): string {
    const t = this.traceback[inspect.custom]();
    return `<StatisticDiff traceback=${t} size=${this.size} (${signed(this.sizeDiff)}) count=${this.count} (${signed(this.countDiff)})>`;
  }

  /** Python's sort key (|size_diff|, size, |count_diff|, count, traceback), descending. */
  static compareDescending(a: StatisticDiff, b: StatisticDiff): number {
    return (
      Math.abs(b.sizeDiff) - Math.abs(a.sizeDiff) ||
      b.size - a.size ||
      Math.abs(b.countDiff) - Math.abs(a.countDiff) ||
      b.count - a.count ||
      b.traceback.compare(a.traceback)
    );
  }
}
