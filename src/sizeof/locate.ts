// Finding JS values in a heap snapshot. The values go into a holder array, the inspector
// hands out a remote object id for the holder, and HeapProfiler.getHeapObjectId maps that to
// the holder's snapshot node; the holder's element edges then lead to each value's node.
// The holder has generic (tagged) elements, so a double is stored boxed as a heap number
// while a small integer (Smi) is stored in the slot itself and gets no node at all.
import { postSync, takeHeapSnapshot, type HeapSnapshotGraph } from '../heapsnapshot/index.js';

const HOLDER_KEY = '__memkit_sizeof_holder__';
const OBJECT_GROUP = 'memkit-sizeof';

export interface Located {
  readonly graph: HeapSnapshotGraph;
  /** Node ordinal of each value, -1 where the snapshot has none (small integers). */
  readonly nodes: Int32Array;
}

function remoteHolderId(holder: unknown[]): string {
  const global = globalThis as Record<string, unknown>;
  Object.defineProperty(global, HOLDER_KEY, { value: holder, configurable: true });
  try {
    const { result } = postSync<{ result: { objectId?: string } }>('Runtime.evaluate', {
      expression: `globalThis.${HOLDER_KEY}`,
      objectGroup: OBJECT_GROUP,
    });
    if (result.objectId === undefined) throw new Error('inspector returned no object id for the sizeof holder');
    return result.objectId;
  } finally {
    delete global[HOLDER_KEY];
  }
}

export function locate(values: readonly unknown[], options: { keepStrings?: boolean } = {}): Located {
  const holder: unknown[] = new Array(values.length).fill(null);
  for (let i = 0; i < values.length; i++) holder[i] = values[i];
  const objectId = remoteHolderId(holder);
  try {
    const graph = takeHeapSnapshot(options);
    // Ids exist once a snapshot has been taken; asked before, V8 answers 0.
    const { heapSnapshotObjectId } = postSync<{ heapSnapshotObjectId: string }>('HeapProfiler.getHeapObjectId', { objectId });
    const holderNode = graph.ordinalsOfIds([Number(heapSnapshotObjectId)])[0];
    if (holderNode < 0) throw new Error('the sizeof holder is missing from the heap snapshot');
    const element = graph.edgeTypeCode('element');
    const { edgeType, edgeNameOrIndex, edgeTo } = graph.columns;
    const nodes = new Int32Array(values.length).fill(-1);
    for (let e = graph.firstEdge[holderNode]; e < graph.firstEdge[holderNode + 1]; e++) {
      if (edgeType[e] === element && edgeNameOrIndex[e] < values.length) nodes[edgeNameOrIndex[e]] = edgeTo[e];
    }
    return { graph, nodes };
  } finally {
    postSync('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP });
  }
}
