// Builds the whole graph of a V8 .heapsnapshot from its chunks: `nodes` and `edges` go straight
// into typed columns sized from the meta header, `strings` into a string array, and the small
// remaining sections are kept JSON.parsed.
import { HeapSnapshotGraph, type HeapSnapshotColumns, type SnapshotMeta } from './graph.js';
import { SnapshotSectionStream, syntaxError, type SnapshotSections } from './section-stream.js';

const NODE_ROLES = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id'] as const;
const EDGE_ROLES = ['type', 'name_or_index', 'to_node'] as const;

type Columns = Omit<HeapSnapshotColumns, 'meta' | 'strings' | 'sections'>;

/** Column index of each role in a row of `fields`, -1 when this V8 does not emit it. */
function roleIndexes(fields: readonly string[], roles: readonly string[]): Int8Array {
  const byField = new Int8Array(fields.length).fill(-1);
  roles.forEach((role, r) => {
    const f = fields.indexOf(role);
    if (f >= 0) byField[f] = r;
  });
  return byField;
}

/** Every section of the snapshot, kept (the graph); see section-stream.ts for the streaming. */
class GraphSections implements SnapshotSections {
  snapshotMeta: SnapshotMeta | undefined;
  readonly sections: Record<string, unknown> = {};
  columns: Columns | undefined;
  readonly strings: string[] = [];
  readonly #keepStrings: boolean;

  #field = 0;
  #row = 0;
  #rowWidth = 0;
  #roles: Int8Array = new Int8Array(0);
  #target: 'nodes' | 'edges' = 'nodes';
  #nodeRowWidth = 0;

  constructor(keepStrings: boolean) {
    this.#keepStrings = keepStrings;
  }

  meta(meta: SnapshotMeta): void {
    this.snapshotMeta = meta;
  }

  startNumbers(key: 'nodes' | 'edges'): boolean {
    const meta = this.snapshotMeta!;
    this.columns ??= this.#allocate(meta);
    const fields = key === 'nodes' ? meta.node_fields : meta.edge_fields;
    this.#target = key;
    this.#roles = roleIndexes(fields, key === 'nodes' ? NODE_ROLES : EDGE_ROLES);
    this.#rowWidth = fields.length;
    this.#field = 0;
    this.#row = 0;
    return true;
  }

  #allocate(meta: SnapshotMeta): Columns {
    const nodeCount = Number(meta.node_count);
    const edgeCount = Number(meta.edge_count);
    if (!Number.isInteger(nodeCount) || !Number.isInteger(edgeCount)) throw syntaxError('meta lacks node_count/edge_count');
    this.#nodeRowWidth = meta.node_fields.length;
    for (const role of ['type', 'name', 'id', 'self_size', 'edge_count']) {
      if (!meta.node_fields.includes(role)) throw syntaxError(`node field "${role}" missing`);
    }
    for (const role of EDGE_ROLES) if (!meta.edge_fields.includes(role)) throw syntaxError(`edge field "${role}" missing`);
    return {
      nodeType: new Uint8Array(nodeCount),
      nodeName: new Uint32Array(nodeCount),
      nodeId: new Uint32Array(nodeCount),
      nodeSelfSize: new Float64Array(nodeCount),
      nodeEdgeCount: new Uint32Array(nodeCount),
      nodeTraceId: new Uint32Array(nodeCount),
      edgeType: new Uint8Array(edgeCount),
      edgeNameOrIndex: new Uint32Array(edgeCount),
      edgeTo: new Uint32Array(edgeCount),
    };
  }

  number(value: number): void {
    const cols = this.columns!;
    const row = this.#row;
    const role = this.#roles[this.#field];
    if (this.#target === 'nodes') {
      if (row >= cols.nodeType.length) throw syntaxError('more nodes than node_count');
      switch (role) {
        case 0: cols.nodeType[row] = value; break;
        case 1: cols.nodeName[row] = value; break;
        case 2: cols.nodeId[row] = value; break;
        case 3: cols.nodeSelfSize[row] = value; break;
        case 4: cols.nodeEdgeCount[row] = value; break;
        case 5: cols.nodeTraceId[row] = value; break;
      }
    } else {
      if (row >= cols.edgeType.length) throw syntaxError('more edges than edge_count');
      switch (role) {
        case 0: cols.edgeType[row] = value; break;
        case 1: cols.edgeNameOrIndex[row] = value; break;
        case 2: cols.edgeTo[row] = value / this.#nodeRowWidth; break;
      }
    }
    if (++this.#field === this.#rowWidth) {
      this.#field = 0;
      this.#row++;
    }
  }

  endNumbers(): void {
    const cols = this.columns!;
    const expected = this.#target === 'nodes' ? cols.nodeType.length : cols.edgeType.length;
    if (this.#field !== 0 || this.#row !== expected) {
      throw syntaxError(`"${this.#target}" has ${this.#row} rows, meta says ${expected}`);
    }
  }

  keepString(): boolean {
    return this.#keepStrings;
  }

  string(_index: number, text: string): void {
    this.strings.push(text);
  }

  wantsSection(): boolean {
    return true;
  }

  section(key: string, value: unknown): void {
    this.sections[key] = value;
  }
}

/** Parses a snapshot pushed chunk by chunk into a HeapSnapshotGraph. */
export class HeapSnapshotParser {
  readonly #graph: GraphSections;
  readonly #stream: SnapshotSectionStream;

  /** keepStrings: false drops names (edge and node names read as '') to save memory. */
  constructor({ keepStrings = true }: { keepStrings?: boolean } = {}) {
    this.#graph = new GraphSections(keepStrings);
    this.#stream = new SnapshotSectionStream(this.#graph);
  }

  push(chunk: string): void {
    this.#stream.push(chunk);
  }

  finish(): HeapSnapshotGraph {
    this.#stream.finish();
    const { snapshotMeta: meta, columns, strings, sections } = this.#graph;
    if (meta === undefined || columns === undefined) throw syntaxError('no snapshot meta');
    return new HeapSnapshotGraph({ ...columns, meta, strings, sections });
  }
}

/** Parses a whole snapshot given as chunks (an array, or any iterable such as a file's lines). */
export function parseHeapSnapshot(chunks: Iterable<string>, options?: { keepStrings?: boolean }): HeapSnapshotGraph {
  const parser = new HeapSnapshotParser(options);
  for (const chunk of chunks) parser.push(chunk);
  return parser.finish();
}
