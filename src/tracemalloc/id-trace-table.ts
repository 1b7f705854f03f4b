// Heap snapshot object id -> allocation trace node id for every live traced object: hundreds of
// thousands of entries on a big heap, so an open-addressing table in two typed arrays (8 bytes a
// slot, at most 70% full) rather than a Map (about 56 bytes an entry, 4x slower to fill here).
// Ids and trace node ids are never 0: 0 marks an empty slot and "absent".

const MAX_LOAD = 0.7;
const GOLDEN = 0x9e3779b1;

export class IdTraceTable {
  #ids = new Uint32Array(1024);
  #traces = new Uint32Array(1024);
  #shift = 32 - 10;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The trace node id of `id`, 0 when absent. */
  get(id: number): number {
    const ids = this.#ids;
    const mask = ids.length - 1;
    for (let slot = Math.imul(id, GOLDEN) >>> this.#shift; ; slot = (slot + 1) & mask) {
      const found = ids[slot];
      if (found === id) return this.#traces[slot];
      if (found === 0) return 0;
    }
  }

  set(id: number, trace: number): void {
    if (this.#size + 1 > this.#ids.length * MAX_LOAD) this.#grow();
    if (this.#put(id, trace)) this.#size++;
  }

  /** True when `id` was new. */
  #put(id: number, trace: number): boolean {
    const ids = this.#ids;
    const mask = ids.length - 1;
    for (let slot = Math.imul(id, GOLDEN) >>> this.#shift; ; slot = (slot + 1) & mask) {
      const found = ids[slot];
      if (found === 0 || found === id) {
        ids[slot] = id;
        this.#traces[slot] = trace;
        return found === 0;
      }
    }
  }

  #grow(): void {
    const ids = this.#ids;
    const traces = this.#traces;
    this.#ids = new Uint32Array(ids.length * 2);
    this.#traces = new Uint32Array(ids.length * 2);
    this.#shift--;
    for (let slot = 0; slot < ids.length; slot++) if (ids[slot] !== 0) this.#put(ids[slot], traces[slot]);
  }
}
