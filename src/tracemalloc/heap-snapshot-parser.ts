// Streams a .heapsnapshot (as HeapProfiler.addHeapSnapshotChunk delivers it) and keeps only what
// tracemalloc needs: live self size and count per allocation-trace node, the trace tree, the
// function infos and the strings they name. Nodes and edges are never held; the JSON is never
// joined or parsed whole.

export interface TraceFunction {
  name: string;
  scriptName: string;
  /** 1-based, as the snapshot writes them; 0 when unknown. */
  line: number;
  column: number;
}

export interface HeapSnapshotTraces {
  /** Live objects per trace node id (objects allocated while tracking). */
  live: Map<number, { size: number; count: number }>;
  /** Trace node id -> [parent trace node id (0 at the root), function info index]. */
  tree: Map<number, [number, number]>;
  functions: TraceFunction[];
  /** The trace node id of the object `objectId` asked for, 0 when absent or untraced. */
  objectTraceNode: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const OPEN = 91;
const CLOSE = 93;

type Section = 'nodes' | 'trace_function_infos' | 'trace_tree' | 'strings' | 'skip';

export class HeapSnapshotParser {
  readonly #objectId: number;
  #head = '';
  #inHead = true;
  #section: Section | null = null;
  #key = '';
  #inKey = false;
  // number scanning state (survives chunk boundaries)
  #number = 0;
  #negative = false;
  #inNumber = false;
  // nodes
  #nodeFields = 0;
  #idField = 0;
  #sizeField = 0;
  #traceField = 0;
  #field = 0;
  #nodeId = 0;
  #nodeSize = 0;
  // trace_function_infos
  #functionFields = 0;
  #functionNumbers: number[] = [];
  #functionFieldIndex = { name: 0, script: 0, line: 0, column: 0 };
  // trace_tree: per nesting level, the parent id and how many numbers this node has had
  #levels: { parent: number; field: number; id: number }[] = [];
  // strings
  #stringIndex = 0;
  #inString = false;
  #escaped = false;
  #raw = '';
  #wanted = new Map<number, string>();
  readonly #result: HeapSnapshotTraces = { live: new Map(), tree: new Map(), functions: [], objectTraceNode: 0 };

  constructor(objectId = 0) {
    this.#objectId = objectId;
  }

  write(chunk: string): void {
    let i = 0;
    if (this.#inHead) {
      this.#head += chunk;
      const at = this.#head.indexOf('"nodes"');
      if (at < 0) return;
      this.#readMeta(this.#head.slice(0, this.#head.lastIndexOf(',', at)) + '}');
      chunk = this.#head.slice(at);
      this.#head = '';
      this.#inHead = false;
    }
    const n = chunk.length;
    while (i < n) {
      if (this.#section === null) i = this.#scanKey(chunk, i);
      else if (this.#section === 'skip') {
        const close = chunk.indexOf(']', i);
        if (close < 0) return;
        i = close + 1;
        this.#section = null;
      } else if (this.#section === 'strings') i = this.#scanStrings(chunk, i);
      else i = this.#scanNumbers(chunk, i);
    }
  }

  end(): HeapSnapshotTraces {
    const f = this.#functionNumbers;
    const { name, script, line, column } = this.#functionFieldIndex;
    const text = (index: number): string => this.#wanted.get(index) ?? '';
    for (let at = 0; at + this.#functionFields <= f.length; at += this.#functionFields) {
      this.#result.functions.push({ name: text(f[at + name]), scriptName: text(f[at + script]), line: f[at + line], column: f[at + column] });
    }
    return this.#result;
  }

  #readMeta(json: string): void {
    const meta = (JSON.parse(json) as { snapshot: { meta: Record<string, string[]> } }).snapshot.meta;
    const nodeFields = meta.node_fields;
    this.#nodeFields = nodeFields.length;
    this.#idField = nodeFields.indexOf('id');
    this.#sizeField = nodeFields.indexOf('self_size');
    this.#traceField = nodeFields.indexOf('trace_node_id');
    const functionFields = meta.trace_function_info_fields ?? [];
    this.#functionFields = functionFields.length;
    this.#functionFieldIndex = {
      name: functionFields.indexOf('name'),
      script: functionFields.indexOf('script_name'),
      line: functionFields.indexOf('line'),
      column: functionFields.indexOf('column'),
    };
  }

  /** Between sections: reads `"name":[` and enters that section. */
  #scanKey(chunk: string, i: number): number {
    for (; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.#inKey) {
        if (c === QUOTE) this.#inKey = false;
        else this.#key += chunk[i];
      } else if (c === QUOTE) {
        this.#inKey = true;
        this.#key = '';
      } else if (c === OPEN) {
        const key = this.#key;
        this.#section =
          key === 'nodes' || key === 'trace_function_infos' || key === 'trace_tree' || key === 'strings' ? key : 'skip';
        if (key === 'trace_tree') this.#levels = [{ parent: 0, field: 0, id: 0 }];
        if (key === 'nodes' && this.#traceField < 0) this.#section = 'skip';
        return i + 1;
      }
    }
    return i;
  }

  #scanNumbers(chunk: string, i: number): number {
    for (; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        this.#number = this.#number * 10 + (c - 48);
        this.#inNumber = true;
        continue;
      }
      if (c === MINUS) {
        this.#negative = true;
        continue;
      }
      if (this.#inNumber) {
        this.#onNumber(this.#negative ? -this.#number : this.#number);
        this.#number = 0;
        this.#negative = false;
        this.#inNumber = false;
      }
      if (c === OPEN && this.#section === 'trace_tree') {
        const level = this.#levels[this.#levels.length - 1];
        this.#levels.push({ parent: level.id, field: 0, id: 0 });
      } else if (c === CLOSE) {
        if (this.#section === 'trace_tree' && this.#levels.length > 1) {
          this.#levels.pop();
        } else {
          this.#section = null;
          return i + 1;
        }
      }
    }
    return i;
  }

  #onNumber(value: number): void {
    if (this.#section === 'nodes') {
      const field = this.#field;
      if (field === this.#idField) this.#nodeId = value;
      else if (field === this.#sizeField) this.#nodeSize = value;
      else if (field === this.#traceField && value !== 0) {
        const live = this.#result.live.get(value);
        if (live) {
          live.size += this.#nodeSize;
          live.count++;
        } else {
          this.#result.live.set(value, { size: this.#nodeSize, count: 1 });
        }
        if (this.#nodeId === this.#objectId) this.#result.objectTraceNode = value;
      }
      this.#field = field + 1 === this.#nodeFields ? 0 : field + 1;
    } else if (this.#section === 'trace_function_infos') {
      this.#functionNumbers.push(value);
    } else {
      // trace_tree: [id, function_info_index, count, size, [children...], ...]
      const level = this.#levels[this.#levels.length - 1];
      if (level.field === 0) level.id = value;
      else if (level.field === 1) this.#result.tree.set(level.id, [level.parent, value]);
      level.field = (level.field + 1) % 4;
    }
  }

  #scanStrings(chunk: string, i: number): number {
    if (this.#wanted.size === 0 && this.#stringIndex === 0) this.#wantStrings();
    for (; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (!this.#inString) {
        if (c === QUOTE) {
          this.#inString = true;
          this.#raw = '';
        } else if (c === CLOSE) {
          this.#section = null;
          return i + 1;
        }
        continue;
      }
      // Inside a string: find the closing quote in one step when we can.
      const wanted = this.#wanted.has(this.#stringIndex);
      if (this.#escaped) {
        this.#escaped = false;
        if (wanted) this.#raw += chunk[i];
        continue;
      }
      if (c === BACKSLASH) {
        this.#escaped = true;
        if (wanted) this.#raw += '\\';
        continue;
      }
      if (c === QUOTE) {
        if (wanted) this.#wanted.set(this.#stringIndex, JSON.parse(`"${this.#raw}"`) as string);
        this.#stringIndex++;
        this.#inString = false;
        continue;
      }
      let stop = i + 1;
      while (stop < chunk.length) {
        const d = chunk.charCodeAt(stop);
        if (d === QUOTE || d === BACKSLASH) break;
        stop++;
      }
      if (wanted) this.#raw += chunk.slice(i, stop);
      i = stop - 1;
    }
    return i;
  }

  /** The strings come last; by then we know which ones the function infos name. */
  #wantStrings(): void {
    const f = this.#functionNumbers;
    const { name, script } = this.#functionFieldIndex;
    for (let at = 0; at + this.#functionFields <= f.length; at += this.#functionFields) {
      this.#wanted.set(f[at + name], '');
      this.#wanted.set(f[at + script], '');
    }
  }
}
