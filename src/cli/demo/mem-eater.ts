// The seed guide's workload (memory-profiler_test.py and friends), in JavaScript.
export class MemEater {
  private readonly _dict = new Map<number, string>();
  private _all = '';

  eat(n: number): void {
    for (let i = 0; i < n; i++) this._dict.set(i, String(i));
    this._all = [...this._dict.values()].join(' ');
  }

  /** what eat() built: the map's entries and the joined string's length */
  get built(): { entries: number; characters: number } {
    return { entries: this._dict.size, characters: this._all.length };
  }
}

export const EAT_N = 12345;
