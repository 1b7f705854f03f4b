// Sizes of located values in one snapshot graph. A value without a node is a small integer
// when it is a number (a Smi lives in the pointer slot itself: 0 bytes); anything else
// without a node is something this V8 does not attribute, a TypeError as in Python.
import { dominators, type HeapSnapshotGraph } from '../heapsnapshot/index.js';
import { deepSizes } from './deep.js';
import { immortalNodes } from './immortal.js';
import { sharedRuntimeNodes } from './shared.js';
import { describe } from '../validate.js';

export interface ValueSizes {
  /** getsizeof: the value's own bytes (V8's self size, DevTools' "Shallow Size"). */
  readonly shallow: number;
  /** asizeof: the value and what it reaches outside shared runtime objects, external included. */
  readonly deep: number;
  /** The part of `deep` outside the V8 heap (ArrayBuffer/Buffer backing stores, C++ objects). */
  readonly external: number;
  /** retainedSize: bytes freed if the value became unreachable (DevTools' "Retained Size"). */
  readonly retained: number;
}

export function unattributed(fn: string, value: unknown, index?: number): TypeError {
  const where = index === undefined ? '' : ` at index ${index}`;
  const error = new TypeError(`${fn}: V8's heap snapshot attributes no memory to the value${where} (${describe(value)})`);
  (error as NodeJS.ErrnoException).code = 'ERR_MEMKIT_UNATTRIBUTED';
  return error;
}

/** Throws for the first value that has no node and is not a number. */
export function requireAttributed(fn: string, nodes: Int32Array, values: readonly unknown[]): void {
  nodes.forEach((node, i) => {
    if (node < 0 && typeof values[i] !== 'number') throw unattributed(fn, values[i], values.length > 1 ? i : undefined);
  });
}

/** getsizeof on a located value; `fallback` holds Python's `default` when one was given. */
export function shallowSize(graph: HeapSnapshotGraph, node: number, value: unknown, fallback?: { value: unknown }): unknown {
  if (node >= 0) return graph.columns.nodeSelfSize[node];
  if (typeof value === 'number') return 0;
  if (fallback) return fallback.value;
  throw unattributed('getsizeof', value);
}

export function deepOf(graph: HeapSnapshotGraph, nodes: Int32Array): ReturnType<typeof deepSizes> {
  return deepSizes(graph, nodes, sharedRuntimeNodes(graph));
}

/**
 * Roots that belong to whoever calls: the interpreter registers and handles of the calling
 * frames (this module's own among them) may still hold a temporary, such as the array a
 * `{ big: new Array(n).fill(0) }` literal was built from. Counted, they would make that array
 * the root's and not the value's, and the answer would depend on where the call is written.
 */
const CALLER_ROOTS = ['(Stack roots)', '(Handle scope)'];

export function retainedOf(graph: HeapSnapshotGraph, nodes: Int32Array): Float64Array {
  const { retained } = dominators(graph, { ignoredRoots: CALLER_ROOTS });
  const immortal = immortalNodes(graph);
  return Float64Array.from(nodes, (node) => (node < 0 || immortal[node] ? 0 : retained[node]));
}

export function measureAll(graph: HeapSnapshotGraph, nodes: Int32Array, values: readonly unknown[]): ValueSizes[] {
  requireAttributed('sizes', nodes, values);
  const deep = deepOf(graph, nodes);
  const retained = retainedOf(graph, nodes);
  return Array.from(nodes, (node, i) => Object.freeze({
    shallow: node < 0 ? 0 : graph.columns.nodeSelfSize[node],
    deep: deep.total[i],
    external: deep.external[i],
    retained: retained[i],
  }));
}
