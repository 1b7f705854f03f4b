// The seed guide's workload (memory-profiler_test.py and friends), in JavaScript.
export class MemEater {
  private readonly _dict = new Map<number, string>();
  private _all = '';

  eat(n: number): void {
    for (let i = 0; i < n; i++) this._dict.set(i, String(i));
    this._all = [...this._dict.values()].join(' ');
  }

  /** what eat() built, so the work cannot be optimised away */
  get size(): number {
    return this._dict.size + this._all.length;
  }
}

export const EAT_N = 12345;
