// A section of `memkit demo`: one Python tool's view of the same workload. Each section
// measures before and after the one run of MemEater.eat(12345) and reports what changed.
// tracemalloc, sizeof and the line profiler add theirs by implementing this and joining
// the list in demo/index.ts.
import type { MemEater } from './mem-eater.js';

export interface DemoSection {
  /** heading, e.g. "resource.getrusage(RUSAGE_SELF)" */
  readonly title: string;
  /** called just before the workload */
  before(): void;
  /** called just after it, with the object it built */
  after(eater: MemEater): void;
  /** the lines to print */
  report(): string[];
}

/** "name: +delta unit" with a sign, and the sentence that says what it means. */
export function change(name: string, delta: number, unit: string, meaning: string): string {
  const sign = delta > 0 ? '+' : '';
  return `  ${name}: ${sign}${Number.isInteger(delta) ? delta : delta.toFixed(6)} ${unit}\n      ${meaning}`;
}
