// The seed guide's workload (memory-profiler_test.py and friends), in JavaScript.
export class MemEater {
  // declared only: assigned in the constructor, as the guide's __init__ does
  private declare readonly _dict: Map<number, string>;
  private declare _all: string;

  constructor() {
    this._dict = new Map();
    this._all = '';
  }

  eat(n: number): void {
    for (let i = 0; i < n; i++) {
      this._dict.set(i, String(i));
    }
    this._all = [...this._dict.values()].join(' ');
  }

  /** what eat() built: the map's entries and the joined string's length */
  get built(): { entries: number; characters: number } {
    return { entries: this._dict.size, characters: this._all.length };
  }
}

export const EAT_N = 12345;
