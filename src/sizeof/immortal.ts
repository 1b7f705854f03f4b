// V8's read-only space: undefined, null, true, false, '', the one-character strings, the
// well-known symbols, hidden classes of the builtin types... They are created with the isolate
// and never freed, so no value retains them (Python's immortal objects, PEP 683). The snapshot
// lists their roots under the synthetic "(Read-only roots)"; read-only objects point only to
// read-only objects, so everything reachable from there is read-only too.
import type { HeapSnapshotGraph } from '../heapsnapshot/index.js';

export function immortalNodes(graph: HeapSnapshotGraph): Uint8Array {
  const { firstEdge, nodeCount } = graph;
  const { edgeTo, edgeType, nodeType } = graph.columns;
  const synthetic = graph.nodeTypeCode('synthetic');
  const weak = graph.edgeTypeCode('weak');
  const immortal = new Uint8Array(nodeCount);
  const stack: number[] = [];
  for (let node = 0; node < nodeCount; node++) {
    if (nodeType[node] === synthetic && graph.nodeName(node) === '(Read-only roots)') stack.push(node);
  }
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let e = firstEdge[node]; e < firstEdge[node + 1]; e++) {
      const to = edgeTo[e];
      if (immortal[to] || edgeType[e] === weak) continue;
      immortal[to] = 1;
      stack.push(to);
    }
  }
  return immortal;
}
