// asizeof: the value's node plus everything reachable from it through strong edges (own
// properties, elements, closure contexts, internal fields such as backing stores), without
// entering shared runtime objects (see shared.ts). Nodes of type 'native' are memory outside
// the V8 heap (ArrayBuffer backing stores, Node's C++ objects) and are also summed apart, as are
// the characters of external strings (external-strings.ts), which this pass only lists.
import type { HeapSnapshotGraph } from '../heapsnapshot/index.js';

export interface DeepSizes {
  /** Total bytes, external included. */
  readonly total: Float64Array;
  readonly external: Float64Array;
  /** The external string nodes each value reaches (their characters are not in `total` yet). */
  readonly externalStrings: number[][];
}

export function deepSizes(graph: HeapSnapshotGraph, nodes: Int32Array, shared: Uint8Array, stringWidth: Uint8Array): DeepSizes {
  const { firstEdge } = graph;
  const { nodeType, nodeSelfSize, edgeType, edgeTo } = graph.columns;
  const weak = graph.edgeTypeCode('weak');
  const shortcut = graph.edgeTypeCode('shortcut');
  const native = graph.nodeTypeCode('native');
  const total = new Float64Array(nodes.length);
  const external = new Float64Array(nodes.length);
  const externalStrings = Array.from(nodes, (): number[] => []);
  // visit stamps: node n was seen while sizing value i when seen[n] === i + 1
  const seen = new Uint32Array(graph.nodeCount);
  const stack: number[] = [];
  nodes.forEach((start, i) => {
    if (start < 0) return;
    const stamp = i + 1;
    let heapBytes = 0;
    let externalBytes = 0;
    seen[start] = stamp;
    stack.push(start);
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (nodeType[n] === native) externalBytes += nodeSelfSize[n];
      else heapBytes += nodeSelfSize[n];
      if (stringWidth[n] !== 0) externalStrings[i].push(n);
      for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
        const to = edgeTo[e];
        if (seen[to] === stamp || shared[to] || edgeType[e] === weak || edgeType[e] === shortcut) continue;
        seen[to] = stamp;
        stack.push(to);
      }
    }
    total[i] = heapBytes + externalBytes;
    external[i] = externalBytes;
  });
  return { total, external, externalStrings };
}
