// memkit/sizeof: Python's sys.getsizeof and pympler's asizeof for JavaScript values, plus
// DevTools' retained size, all read from a V8 heap snapshot of this isolate. Each call takes
// one snapshot (time grows with the heap): use sizes() to measure many values at once.
import { invalidArgType, missingArgs } from '../validate.js';
import { locate } from './locate.js';
import { measure, measureAll, requireAttributed, shallowSize, type ValueSizes } from './measure.js';

export type { ValueSizes } from './measure.js';

/**
 * V8's self size of the value in bytes. Small integers (Smis) are 0: they live inside the
 * pointer slot. Returns `defaultValue` when V8 attributes no memory to the value, and throws
 * a TypeError then if none was given.
 */
export function getsizeof(value: unknown): number;
export function getsizeof<D>(value: unknown, defaultValue: D): number | D;
export function getsizeof(...args: unknown[]): unknown {
  if (args.length === 0) throw missingArgs('value');
  const [value] = args;
  const { graph, nodes } = locate([value], { keepStrings: typeof value === 'string' });
  return shallowSize(graph, nodes[0], value, args.length > 1 ? { value: args[1] } : undefined);
}

/** Bytes of the value and everything it reaches outside shared runtime objects, external memory included. */
export function asizeof(value: unknown): number {
  if (arguments.length === 0) throw missingArgs('value');
  const { graph, nodes } = locate([value]);
  requireAttributed('asizeof', nodes, [value]);
  return measure(graph, nodes, [value], { deep: true }).deep!.total[0];
}

/** Bytes that would be freed if the value became unreachable (dominator tree, as DevTools). */
export function retainedSize(value: unknown): number {
  if (arguments.length === 0) throw missingArgs('value');
  const { graph, nodes } = locate([value]);
  requireAttributed('retainedSize', nodes, [value]);
  return measure(graph, nodes, [value], { retained: true }).retained![0];
}

/** All sizes of many values from a single heap snapshot. */
export function sizes(values: readonly unknown[]): ValueSizes[] {
  if (arguments.length === 0) throw missingArgs('values');
  if (!Array.isArray(values)) throw invalidArgType('values', 'an array', values);
  if (values.length === 0) return [];
  const { graph, nodes } = locate(values);
  return measureAll(graph, nodes, values);
}
