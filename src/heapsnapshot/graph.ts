// A parsed V8 heap snapshot held column by column in typed arrays. Nodes and edges are
// addressed by ordinal (0..nodeCount-1, 0..edgeCount-1), not by the JSON's flat offsets.

export interface SnapshotMeta {
  readonly node_fields: readonly string[];
  readonly node_types: readonly [readonly string[], ...unknown[]];
  readonly edge_fields: readonly string[];
  readonly edge_types: readonly [readonly string[], ...unknown[]];
  readonly [key: string]: unknown;
}

export interface HeapSnapshotColumns {
  readonly meta: SnapshotMeta;
  readonly nodeType: Uint8Array;
  readonly nodeName: Uint32Array;
  readonly nodeId: Uint32Array;
  readonly nodeSelfSize: Float64Array;
  readonly nodeEdgeCount: Uint32Array;
  readonly nodeTraceId: Uint32Array;
  readonly edgeType: Uint8Array;
  /** A string index for named edges, the element/hidden index otherwise. */
  readonly edgeNameOrIndex: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly strings: readonly string[];
  /** Other top-level sections (trace_tree, samples, locations...), JSON-parsed. */
  readonly sections: Readonly<Record<string, unknown>>;
}

export class HeapSnapshotGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Edges of node n are firstEdge[n] .. firstEdge[n + 1] - 1. */
  readonly firstEdge: Uint32Array;
  readonly rootOrdinal = 0;

  constructor(readonly columns: HeapSnapshotColumns) {
    this.nodeCount = columns.nodeType.length;
    this.edgeCount = columns.edgeType.length;
    this.firstEdge = new Uint32Array(this.nodeCount + 1);
    for (let n = 0, sum = 0; n < this.nodeCount; n++) {
      sum += columns.nodeEdgeCount[n];
      this.firstEdge[n + 1] = sum;
    }
    if (this.firstEdge[this.nodeCount] !== this.edgeCount) {
      throw new Error(`heap snapshot: nodes declare ${this.firstEdge[this.nodeCount]} edges, ${this.edgeCount} present`);
    }
  }

  /** The numeric code of a node type name ('object', 'native'...), -1 if this V8 has none. */
  nodeTypeCode(name: string): number {
    return this.columns.meta.node_types[0].indexOf(name);
  }

  edgeTypeCode(name: string): number {
    return this.columns.meta.edge_types[0].indexOf(name);
  }

  nodeName(node: number): string {
    return this.columns.strings[this.columns.nodeName[node]];
  }

  edgeTypeName(edge: number): string {
    return this.columns.meta.edge_types[0][this.columns.edgeType[edge]];
  }

  /** The property/variable name of an edge, or its index for element and hidden edges. */
  edgeName(edge: number): string | number {
    const type = this.edgeTypeName(edge);
    const value = this.columns.edgeNameOrIndex[edge];
    return type === 'element' || type === 'hidden' ? value : this.columns.strings[value];
  }

  /** Node ordinals for snapshot object ids (HeapProfiler ids); -1 where absent. */
  ordinalsOfIds(ids: readonly number[]): Int32Array {
    const wanted = new Map<number, number[]>();
    ids.forEach((id, i) => {
      const slots = wanted.get(id);
      if (slots) slots.push(i);
      else wanted.set(id, [i]);
    });
    const out = new Int32Array(ids.length).fill(-1);
    const nodeId = this.columns.nodeId;
    for (let n = 0; n < this.nodeCount && wanted.size > 0; n++) {
      const slots = wanted.get(nodeId[n]);
      if (slots === undefined) continue;
      for (const i of slots) out[i] = n;
      wanted.delete(nodeId[n]);
    }
    return out;
  }
}
