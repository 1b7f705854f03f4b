// Streams a .heapsnapshot (as HeapProfiler.addHeapSnapshotChunk delivers it) and keeps only what
// tracemalloc needs: live self size and count per allocation-trace node, the trace tree, the
// function infos and the strings they name. Nodes and edges are never held; the JSON is never
// joined or parsed whole. To find a primitive (a string has no inspector object id), a holder
// object's id can be given instead: then each node's trace id is kept (4 bytes a node) and the
// edges are read up to the holder's element 0, the value.

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
  /** The trace node id of the object asked for (or of the holder's element 0), 0 when absent or untraced. */
  objectTraceNode: number;
}

/** Which object to find: by its own heap snapshot id, or as element 0 of a holder array. */
export type Wanted = { objectId: number } | { holderId: number } | null;

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const OPEN = 91;
const CLOSE = 93;

type Section = 'nodes' | 'edges' | 'trace_function_infos' | 'trace_tree' | 'strings' | 'skip';

export class HeapSnapshotParser {
  readonly #objectId: number;
  readonly #holderId: number;
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
  // holder mode: trace id by node ordinal, the holder's edge range, then its element 0
  #traceOf = new Uint32Array(0);
  #ordinal = 0;
  #edgeCountField = -1;
  #edgesBefore = 0;
  #holderEdges: [number, number] | null = null;
  #edgeFields = 0;
  #edgeTypeField = 0;
  #edgeNameField = 0;
  #edgeToField = 0;
  #elementType = -1;
  #edge = 0;
  #edgeField = 0;
  #edgeType = 0;
  #edgeName = 0;
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

  constructor(wanted: Wanted = null) {
    this.#objectId = wanted !== null && 'objectId' in wanted ? wanted.objectId : 0;
    this.#holderId = wanted !== null && 'holderId' in wanted ? wanted.holderId : 0;
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
    const { meta, node_count: nodeCount } = (JSON.parse(json) as { snapshot: { meta: Record<string, string[]>; node_count: number } }).snapshot;
    const nodeFields = meta.node_fields;
    this.#nodeFields = nodeFields.length;
    this.#idField = nodeFields.indexOf('id');
    this.#sizeField = nodeFields.indexOf('self_size');
    this.#traceField = nodeFields.indexOf('trace_node_id');
    if (this.#holderId !== 0) {
      this.#traceOf = new Uint32Array(nodeCount);
      this.#edgeCountField = nodeFields.indexOf('edge_count');
      const edgeFields = meta.edge_fields;
      this.#edgeFields = edgeFields.length;
      this.#edgeTypeField = edgeFields.indexOf('type');
      this.#edgeNameField = edgeFields.indexOf('name_or_index');
      this.#edgeToField = edgeFields.indexOf('to_node');
      this.#elementType = (meta.edge_types[0] as unknown as string[]).indexOf('element');
    }
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
        if (key === 'edges' && this.#holderEdges !== null) this.#section = 'edges';
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
      else if (field === this.#edgeCountField) this.#onEdgeCount(value);
      if (field === this.#traceField && this.#holderId !== 0) this.#traceOf[this.#ordinal] = value;
      if (field === this.#traceField && value !== 0) {
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
      if (this.#field === 0) this.#ordinal++;
    } else if (this.#section === 'edges') {
      this.#onEdgeNumber(value);
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

  /** Holder mode: where the holder's edges are (V8 writes a node's id before its edge count). */
  #onEdgeCount(count: number): void {
    if (this.#nodeId === this.#holderId) this.#holderEdges = [this.#edgesBefore, this.#edgesBefore + count];
    this.#edgesBefore += count;
  }

  /** Holder mode: the target of the holder's element 0 edge, read in its edge range. */
  #onEdgeNumber(value: number): void {
    const field = this.#edgeField;
    if (field === this.#edgeTypeField) this.#edgeType = value;
    else if (field === this.#edgeNameField) this.#edgeName = value;
    else if (field === this.#edgeToField) {
      const [first, end] = this.#holderEdges!;
      if (this.#edge >= first && this.#edge < end && this.#edgeType === this.#elementType && this.#edgeName === 0) {
        this.#result.objectTraceNode = this.#traceOf[value / this.#nodeFields] ?? 0;
      }
    }
    this.#edgeField = field + 1 === this.#edgeFields ? 0 : field + 1;
    if (this.#edgeField === 0) this.#edge++;
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
