// Reads from a streamed .heapsnapshot only what tracemalloc needs: live self size and count per
// allocation-trace node, the trace tree, the function infos and the strings they name. Nodes
// and edges are never held (edges are skipped unread unless an anchor is asked about); the
// streaming is section-stream.ts's.
//
// V8 keeps an allocation's trace by address and stops following a moving object once a heap
// snapshot has numbered it (HeapProfiler::ObjectMoveEvent moves the trace only for objects it
// has no id for), so an object moved after one snapshot shows no trace in the next, or the stale
// trace of whatever was at its new address. Each read therefore returns the trace of every
// traced object by its (stable) id, and takes the previous read's as `known`, which wins.
import { SnapshotSectionStream, type SnapshotSections } from '../heapsnapshot/section-stream.js';
import type { SnapshotMeta } from '../heapsnapshot/graph.js';
import { IdTraceTable } from './id-trace-table.js';

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
  /** Heap snapshot object id -> trace node id, for every live traced object. */
  known: IdTraceTable;
  /** The trace node id of the anchor's element 0, 0 when there is no anchor or it is untraced. */
  anchoredTraceNode: number;
}

export interface TraceReadOptions {
  /** Traces of the previous read, for objects V8 no longer gives a trace. */
  known?: IdTraceTable;
  /**
   * Heap snapshot id of an array whose element 0 is the object asked about (any value, strings
   * included, which have no inspector object id); 0 for none. Then each node's trace id is kept
   * (4 bytes a node) and the edges are read up to the anchor's element 0.
   */
  anchorId?: number;
}

class TraceSections implements SnapshotSections {
  readonly #known: IdTraceTable;
  readonly #anchorId: number;
  readonly result: HeapSnapshotTraces = { live: new Map(), tree: new Map(), functions: [], known: new IdTraceTable(), anchoredTraceNode: 0 };
  // nodes: the fields of the current row
  #nodeFields = 0;
  #idField = -1;
  #sizeField = -1;
  #traceField = -1;
  #edgeCountField = -1;
  #inEdges = false;
  #field = 0;
  #nodeId = 0;
  #nodeSize = 0;
  #nodeTrace = 0;
  #nodeEdges = 0;
  // anchor: trace id by node ordinal, the anchor's edge range, then its element 0
  #traceOf = new Uint32Array(0);
  #ordinal = 0;
  #edgesBefore = 0;
  #anchorEdges: [number, number] | null = null;
  #edgeFields = 0;
  #edgeTypeField = 0;
  #edgeNameField = 0;
  #edgeToField = 0;
  #elementType = -1;
  #edge = 0;
  #edgeField = 0;
  #edgeType = 0;
  #edgeName = 0;
  // function infos, and the strings they name
  #functionFields: readonly string[] = [];
  #functionNumbers: number[] = [];
  #wanted = new Map<number, string>();

  constructor({ known = new IdTraceTable(), anchorId = 0 }: TraceReadOptions) {
    this.#known = known;
    this.#anchorId = anchorId;
  }

  meta(meta: SnapshotMeta): void {
    const nodeFields = meta.node_fields;
    this.#nodeFields = nodeFields.length;
    this.#idField = nodeFields.indexOf('id');
    this.#sizeField = nodeFields.indexOf('self_size');
    this.#traceField = nodeFields.indexOf('trace_node_id');
    this.#edgeCountField = nodeFields.indexOf('edge_count');
    if (this.#anchorId !== 0) {
      this.#traceOf = new Uint32Array(Number(meta.node_count));
      const edgeFields = meta.edge_fields;
      this.#edgeFields = edgeFields.length;
      this.#edgeTypeField = edgeFields.indexOf('type');
      this.#edgeNameField = edgeFields.indexOf('name_or_index');
      this.#edgeToField = edgeFields.indexOf('to_node');
      this.#elementType = meta.edge_types[0].indexOf('element');
    }
    this.#functionFields = (meta.trace_function_info_fields as string[] | undefined) ?? [];
  }

  startNumbers(key: 'nodes' | 'edges'): boolean {
    this.#inEdges = key === 'edges';
    return key === 'nodes' ? this.#traceField >= 0 : this.#anchorEdges !== null;
  }

  number(value: number): void {
    if (this.#inEdges) this.#edgeNumber(value);
    else this.#nodeNumber(value);
  }

  endNumbers(): void {}

  #nodeNumber(value: number): void {
    const field = this.#field;
    if (field === this.#idField) this.#nodeId = value;
    else if (field === this.#sizeField) this.#nodeSize = value;
    else if (field === this.#traceField) this.#nodeTrace = value;
    else if (field === this.#edgeCountField) this.#nodeEdges = value;
    if (field + 1 < this.#nodeFields) {
      this.#field = field + 1;
      return;
    }
    this.#field = 0;
    const id = this.#nodeId;
    const trace = this.#known.get(id) || this.#nodeTrace;
    if (trace !== 0) {
      const live = this.result.live.get(trace);
      if (live) {
        live.size += this.#nodeSize;
        live.count++;
      } else {
        this.result.live.set(trace, { size: this.#nodeSize, count: 1 });
      }
      this.result.known.set(id, trace);
    }
    if (this.#anchorId !== 0) {
      this.#traceOf[this.#ordinal] = trace;
      if (id === this.#anchorId) this.#anchorEdges = [this.#edgesBefore, this.#edgesBefore + this.#nodeEdges];
      this.#edgesBefore += this.#nodeEdges;
    }
    this.#ordinal++;
  }

  /** The target of the anchor's element 0 edge, read in its edge range. */
  #edgeNumber(value: number): void {
    const field = this.#edgeField;
    if (field === this.#edgeTypeField) this.#edgeType = value;
    else if (field === this.#edgeNameField) this.#edgeName = value;
    else if (field === this.#edgeToField) {
      const [first, end] = this.#anchorEdges!;
      if (this.#edge >= first && this.#edge < end && this.#edgeType === this.#elementType && this.#edgeName === 0) {
        this.result.anchoredTraceNode = this.#traceOf[value / this.#nodeFields] ?? 0;
      }
    }
    this.#edgeField = field + 1 === this.#edgeFields ? 0 : field + 1;
    if (this.#edgeField === 0) this.#edge++;
  }

  wantsSection(key: string): boolean {
    return key === 'trace_function_infos' || key === 'trace_tree';
  }

  section(key: string, value: unknown): void {
    if (key === 'trace_function_infos') this.#readFunctionInfos(value as number[]);
    else this.#readTraceTree(value as (number | unknown[])[]);
  }

  /** V8 writes the strings last: by then the function infos say which ones are wanted. */
  #readFunctionInfos(numbers: number[]): void {
    this.#functionNumbers = numbers;
    const name = this.#functionFields.indexOf('name');
    const script = this.#functionFields.indexOf('script_name');
    for (let at = 0; at + this.#functionFields.length <= numbers.length; at += this.#functionFields.length) {
      this.#wanted.set(numbers[at + name], '');
      this.#wanted.set(numbers[at + script], '');
    }
  }

  /** [id, function_info_index, count, size, [children...], id, ...], nested. */
  #readTraceTree(root: (number | unknown[])[]): void {
    const pending: [(number | unknown[])[], number][] = [[root, 0]];
    while (pending.length > 0) {
      const [level, parent] = pending.pop()!;
      for (let at = 0; at + 4 < level.length; at += 5) {
        const id = level[at] as number;
        this.result.tree.set(id, [parent, level[at + 1] as number]);
        pending.push([level[at + 4] as (number | unknown[])[], id]);
      }
    }
  }

  keepString(index: number): boolean {
    return this.#wanted.has(index);
  }

  string(index: number, text: string): void {
    if (this.#wanted.has(index)) this.#wanted.set(index, text);
  }

  functions(): TraceFunction[] {
    const f = this.#functionNumbers;
    const width = this.#functionFields.length;
    const [name, script, line, column] = ['name', 'script_name', 'line', 'column'].map((k) => this.#functionFields.indexOf(k));
    const text = (index: number): string => this.#wanted.get(index) ?? '';
    const out: TraceFunction[] = [];
    for (let at = 0; width > 0 && at + width <= f.length; at += width) {
      out.push({ name: text(f[at + name]), scriptName: text(f[at + script]), line: f[at + line], column: f[at + column] });
    }
    return out;
  }
}

/** Reads the allocation traces of a snapshot pushed chunk by chunk. */
export class SnapshotTraceReader {
  readonly #sections: TraceSections;
  readonly #stream: SnapshotSectionStream;

  constructor(options: TraceReadOptions = {}) {
    this.#sections = new TraceSections(options);
    this.#stream = new SnapshotSectionStream(this.#sections);
  }

  push(chunk: string): void {
    this.#stream.push(chunk);
  }

  finish(): HeapSnapshotTraces {
    this.#stream.finish();
    const result = this.#sections.result;
    result.functions = this.#sections.functions();
    return result;
  }
}
