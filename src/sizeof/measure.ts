// Sizes of located values in one snapshot graph. A value without a node is a small integer
// when it is a number (a Smi lives in the pointer slot itself: 0 bytes); anything else
// without a node is something this V8 does not attribute, a TypeError as in Python.
import { dominators, type HeapSnapshotGraph } from '../heapsnapshot/index.js';
import { deepSizes } from './deep.js';
import { externalStringBytes, externalStringWidths } from './external-strings.js';
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

/** JavaScript's own length of each measured string value, by node: no snapshot needed for those. */
function knownLengths(nodes: Int32Array, values: readonly unknown[]): Map<number, number> {
  const known = new Map<number, number>();
  nodes.forEach((node, i) => {
    const value = values[i];
    if (node >= 0 && typeof value === 'string') known.set(node, value.length);
  });
  return known;
}

/** getsizeof on a located value; `fallback` holds Python's `default` when one was given. */
export function shallowSize(graph: HeapSnapshotGraph, node: number, value: unknown, fallback?: { value: unknown }): unknown {
  if (node >= 0) {
    const chars = typeof value === 'string' ? externalStringWidths(graph, [node])[node] * value.length : 0;
    return graph.columns.nodeSelfSize[node] + chars;
  }
  if (typeof value === 'number') return 0;
  if (fallback) return fallback.value;
  throw unattributed('getsizeof', value);
}

/**
 * Roots that belong to whoever calls: the interpreter registers and handles of the calling
 * frames (this module's own among them) may still hold a temporary, such as the array a
 * `{ big: new Array(n).fill(0) }` literal was built from. Counted, they would make that array
 * the root's and not the value's, and the answer would depend on where the call is written.
 */
const CALLER_ROOTS = ['(Stack roots)', '(Handle scope)'];
// V8's table of external strings, which it prunes after each GC: a list, not an owner.
const NOT_OWNERS = [...CALLER_ROOTS, '(External strings)'];

/** Retained sizes (without external strings' characters) and the external strings each value dominates. */
function retainedParts(graph: HeapSnapshotGraph, nodes: Int32Array, stringWidth: Uint8Array) {
  const { retained, dominator } = dominators(graph, { ignoredRoots: NOT_OWNERS });
  const immortal = immortalNodes(graph);
  const sizes = Float64Array.from(nodes, (node) => (node < 0 || immortal[node] ? 0 : retained[node]));
  const indexesOf = new Map<number, number[]>();
  nodes.forEach((node, i) => {
    if (node >= 0 && !immortal[node]) indexesOf.set(node, [...(indexesOf.get(node) ?? []), i]);
  });
  const strings = Array.from(nodes, (): number[] => []);
  stringWidth.forEach((width, string) => {
    if (width === 0) return;
    for (let n = string; ; n = dominator[n]) {
      for (const i of indexesOf.get(n) ?? []) strings[i].push(string);
      if (n === graph.rootOrdinal) break;
    }
  });
  return { sizes, strings };
}

export interface Wanted {
  readonly deep?: boolean;
  readonly retained?: boolean;
}

/**
 * Deep and/or retained sizes of located values, external strings' characters included (their
 * lengths resolved in one go, so at most one extra snapshot; see external-strings.ts).
 */
export function measure(graph: HeapSnapshotGraph, nodes: Int32Array, values: readonly unknown[], wanted: Wanted) {
  const width = externalStringWidths(graph);
  const deep = wanted.deep ? deepSizes(graph, nodes, sharedRuntimeNodes(graph), width) : undefined;
  const retained = wanted.retained ? retainedParts(graph, nodes, width) : undefined;
  const reached = [...(deep?.externalStrings ?? []), ...(retained?.strings ?? [])].flat();
  const bytes = externalStringBytes(graph, width, reached, knownLengths(nodes, values));
  const sum = (strings: number[]) => strings.reduce((total, string) => total + bytes.get(string)!, 0);
  nodes.forEach((_, i) => {
    if (deep) {
      const chars = sum(deep.externalStrings[i]);
      deep.total[i] += chars;
      deep.external[i] += chars;
    }
    if (retained) retained.sizes[i] += sum(retained.strings[i]);
  });
  return { deep, retained: retained?.sizes };
}

export function measureAll(graph: HeapSnapshotGraph, nodes: Int32Array, values: readonly unknown[]): ValueSizes[] {
  requireAttributed('sizes', nodes, values);
  const { deep, retained } = measure(graph, nodes, values, { deep: true, retained: true });
  return Array.from(nodes, (node, i) => Object.freeze({
    shallow: node < 0 ? 0 : (shallowSize(graph, node, values[i]) as number),
    deep: deep!.total[i],
    external: deep!.external[i],
    retained: retained![i],
  }));
}
