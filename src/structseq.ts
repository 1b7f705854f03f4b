// Python-style records (structseq / namedtuple): named fields, indexable 0..n-1, iterable,
// `length`, frozen, and a repr identical to Python's.
import { inspect } from 'node:util';
import { floatRepr, intRepr, stringRepr } from './pyrepr.js';

export type FieldKind = 'int' | 'float' | 'str';

export interface StructSeqLayout {
  /** Python's type name as repr shows it, e.g. `resource.struct_rusage` or `pmem`. */
  readonly typeName: string;
  readonly fields: readonly string[];
  readonly kinds: readonly FieldKind[];
}

const layouts = new WeakMap<object, StructSeqLayout>();

function layoutOf(seq: StructSeq<unknown>): StructSeqLayout {
  const layout = layouts.get(Object.getPrototypeOf(seq));
  if (layout === undefined) throw new TypeError('not a registered structseq');
  return layout;
}

function valueRepr(value: unknown, kind: FieldKind): string {
  if (kind === 'str') return value === null ? 'None' : stringRepr(String(value));
  if (typeof value !== 'number') return String(value);
  return kind === 'float' ? floatRepr(value) : intRepr(value);
}

/**
 * Base of every record. Subclasses assign their named fields in the constructor (explicitly,
 * so construction stays monomorphic and cheap), then call `Object.freeze(this)`; `register`
 * adds the index accessors and repr.
 */
export abstract class StructSeq<V = unknown> implements Iterable<V> {
  readonly [index: number]: V;

  get length(): number {
    return layoutOf(this).fields.length;
  }

  *[Symbol.iterator](): IterableIterator<V> {
    const self = this as unknown as Record<string, V>;
    for (const name of layoutOf(this).fields) yield self[name];
  }

  /** Python's `_asdict()`. */
  asDict(): Record<string, V> {
    const self = this as unknown as Record<string, V>;
    const out: Record<string, V> = {};
    for (const name of layoutOf(this).fields) out[name] = self[name];
    return out;
  }

  /** Python's `repr()`. */
  toString(): string {
    const { typeName, fields, kinds } = layoutOf(this);
    const self = this as unknown as Record<string, unknown>;
    const parts = fields.map((name, i) => `${name}=${valueRepr(self[name], kinds[i])}`);
    return `${typeName}(${parts.join(', ')})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Attaches a layout to a StructSeq subclass: index accessors 0..n-1 and static `fields`. */
export function register(cls: abstract new (...args: never[]) => StructSeq<unknown>, layout: StructSeqLayout): void {
  const proto = cls.prototype as object;
  layouts.set(proto, layout);
  layout.fields.forEach((name, index) => {
    Object.defineProperty(proto, index, {
      get(this: Record<string, unknown>) {
        return this[name];
      },
      enumerable: false,
    });
  });
  Object.defineProperty(cls, 'fields', { value: Object.freeze([...layout.fields]) });
  Object.defineProperty(cls, 'n_fields', { value: layout.fields.length });
}
