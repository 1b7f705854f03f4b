// External strings: V8 strings whose characters live outside the heap, in a buffer the embedder
// owns (Node makes one for every string of more than about 1 MB decoded from a Buffer as latin1,
// hex, base64, ascii or ucs2, e.g. `readFileSync(f, 'latin1')`). V8's snapshot gives such a
// node the size of its header only (24 or 32 bytes); memkit adds the characters, as it adds an
// ArrayBuffer's backing store, counting them as external memory.
//
// The snapshot tells an external string by its hidden class, and its length by its name, which
// V8 cuts at --heap-snapshot-string-limit characters (1024). For a longer one that is not a value
// measured directly (whose length JavaScript knows), memkit takes a second snapshot with the
// limit lifted for its duration and reads the whole name. That snapshot carries every string of
// the heap in full, so it costs time and memory in proportion to them; it is only taken when
// such a string is reached.
import { setFlagsFromString } from 'node:v8';
import { takeHeapSnapshot, type HeapSnapshotGraph } from '../heapsnapshot/index.js';

const EXTERNAL_MAP = /^system \/ Map \((?:Shared)?(?:Uncached)?External(OneByte)?(?:Internalized)?String\)$/;
const LIMIT_FLAG = '--heap-snapshot-string-limit';
const DEFAULT_LIMIT = 1024;

/** The limit this process started with (a user may have set it in NODE_OPTIONS or on the command line). */
function startupLimit(): number {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  for (const arg of args.reverse()) {
    const match = /^--heap[-_]snapshot[-_]string[-_]limit=(\d+)$/.exec(arg);
    if (match) return Number(match[1]);
  }
  return DEFAULT_LIMIT;
}

/** Character width (1 or 2 bytes) of a string node if it is external, else 0. */
function widthOf(graph: HeapSnapshotGraph, node: number, stringType: number, widthOfMap: Map<number, number>): number {
  const { edgeTo, edgeNameOrIndex, strings } = graph.columns;
  if (graph.columns.nodeType[node] !== stringType) return 0;
  for (let e = graph.firstEdge[node]; e < graph.firstEdge[node + 1]; e++) {
    if (strings[edgeNameOrIndex[e]] !== 'map') continue;
    const map = edgeTo[e];
    let width = widthOfMap.get(map);
    if (width === undefined) {
      const match = EXTERNAL_MAP.exec(graph.nodeName(map));
      width = match === null ? 0 : match[1] ? 1 : 2;
      widthOfMap.set(map, width);
    }
    return width;
  }
  return 0;
}

/** Character width of each external string node (of the given ones, or all), 0 for the others. */
export function externalStringWidths(graph: HeapSnapshotGraph, only?: readonly number[]): Uint8Array {
  const width = new Uint8Array(graph.nodeCount);
  const widthOfMap = new Map<number, number>();
  const stringType = graph.nodeTypeCode('string');
  if (only) for (const node of only) width[node] = widthOf(graph, node, stringType, widthOfMap);
  else for (let node = 0; node < graph.nodeCount; node++) width[node] = widthOf(graph, node, stringType, widthOfMap);
  return width;
}

/**
 * Bytes of characters of each external string node in `wanted`. `known` gives the lengths
 * JavaScript already has (the measured values themselves).
 */
export function externalStringBytes(
  graph: HeapSnapshotGraph,
  width: Uint8Array,
  wanted: Iterable<number>,
  known: ReadonlyMap<number, number>,
): Map<number, number> {
  const limit = startupLimit();
  const bytes = new Map<number, number>();
  const cut: number[] = [];
  for (const node of wanted) {
    if (bytes.has(node) || width[node] === 0) continue;
    const length = known.get(node) ?? graph.nodeName(node).length;
    if (!known.has(node) && length >= limit) cut.push(node);
    else bytes.set(node, length * width[node]);
  }
  if (cut.length > 0) {
    const full = wholeNames();
    const ordinals = full.ordinalsOfIds(cut.map((node) => graph.columns.nodeId[node]));
    cut.forEach((node, i) => {
      // Gone by the second snapshot (it collects garbage first): its name is the best there is.
      const length = ordinals[i] < 0 ? graph.nodeName(node).length : full.nodeName(ordinals[i]).length;
      bytes.set(node, length * width[node]);
    });
  }
  return bytes;

  function wholeNames(): HeapSnapshotGraph {
    setFlagsFromString(`${LIMIT_FLAG}=${0x7fffffff}`);
    try {
      return takeHeapSnapshot();
    } finally {
      setFlagsFromString(`${LIMIT_FLAG}=${limit}`);
    }
  }
}
