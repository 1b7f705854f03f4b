// Which snapshot nodes are shared runtime objects that asizeof does not cross into:
//  1. node types 'code' (bytecode, SharedFunctionInfo, scripts, feedback), 'object shape'
//     (hidden classes) and 'synthetic' (roots); hidden classes of internal objects and the
//     oddballs undefined/null/true/false/hole (hidden nodes "system / Map…", "system / Oddball")
//     with their name strings and number values;
//  2. NativeContexts and every node one internal edge away from them: builtin constructors
//     and functions, intrinsic prototypes, the global object and its proxy;
//  3. prototypes: every target of a `__proto__` edge and of a function's `prototype` property;
//  4. module-level scopes: a Context whose `previous` is a NativeContext (script, ES module
//     or CommonJS wrapper scope, what Python calls a function's globals).
import type { HeapSnapshotGraph } from '../heapsnapshot/index.js';

const SHARED_TYPES = ['code', 'object shape', 'synthetic'];

export function sharedRuntimeNodes(graph: HeapSnapshotGraph): Uint8Array {
  const { firstEdge, nodeCount } = graph;
  const { nodeType, edgeType, edgeNameOrIndex, edgeTo, strings } = graph.columns;
  const shared = new Uint8Array(nodeCount);
  const sharedTypes = new Set(SHARED_TYPES.map((t) => graph.nodeTypeCode(t)));
  const closure = graph.nodeTypeCode('closure');
  const internal = graph.edgeTypeCode('internal');
  const property = graph.edgeTypeCode('property');
  const nativeContext = (node: number) => graph.nodeName(node) === 'system / NativeContext';

  for (let n = 0; n < nodeCount; n++) {
    const name = graph.nodeName(n);
    const isOddball = name === 'system / Oddball';
    const isNativeContext = name === 'system / NativeContext';
    const isContext = name === 'system / Context';
    if (sharedTypes.has(nodeType[n]) || isOddball || isNativeContext || name.startsWith('system / Map')) shared[n] = 1;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
      const type = edgeType[e];
      const to = edgeTo[e];
      if (isOddball || (isNativeContext && type === internal)) {
        shared[to] = 1;
        continue;
      }
      if (type !== property && type !== internal) continue;
      const edgeName = strings[edgeNameOrIndex[e]];
      if (edgeName === '__proto__' || (edgeName === 'prototype' && nodeType[n] === closure)) shared[to] = 1;
      else if (isContext && type === internal && edgeName === 'previous' && nativeContext(to)) shared[n] = 1;
    }
  }
  return shared;
}
