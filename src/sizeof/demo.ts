// The `memkit demo` section for memkit/sizeof: getsizeof, asizeof and retainedSize of the
// MemEater instance, explained the way the Python guide explains sys.getsizeof(e) == 24.
// Shaped like src/cli/demo/section.ts's DemoSection (before/after/report) without importing
// the CLI, so that the library does not depend on its command line.
import { sizes, type ValueSizes } from './index.js';

const JS_OBJECT_HEADER = 24; // map, properties, elements: three 8-byte words on x64

const bytes = (n: number) => `${n.toLocaleString('en')} bytes`;

export interface SizeofDemoSection {
  readonly title: string;
  before(): void;
  after(eater: object): void;
  report(): string[];
}

export function sizeofSection(): SizeofDemoSection {
  let e: ValueSizes;
  let dict: ValueSizes;
  let all: ValueSizes;
  return {
    title: 'sizeof getsizeof(e), asizeof(e), retainedSize(e)',
    before() {},
    after(eater) {
      // Two snapshots: a holder of _dict and _all would itself retain them, hiding them from e's
      // retained size.
      [e] = sizes([eater]);
      [dict, all] = sizes([Reflect.get(eater, '_dict'), Reflect.get(eater, '_all')]);
    },
    report() {
      const slots = (e.shallow - JS_OBJECT_HEADER) / 8;
      return [
        `getsizeof(e):    ${bytes(e.shallow)}`,
        `      The object alone, as Python's sys.getsizeof(e) (the guide prints 24 there): a ${JS_OBJECT_HEADER}-byte header`,
        `      (hidden class, property and element pointers) and ${slots} in-object slots of 8 bytes: _dict and _all,`,
        '      plus the spare slots V8 reserves for a new class until 7 instances exist. The Map and the strings',
        '      it points to are not included.',
        `asizeof(e):      ${bytes(e.deep)}`,
        `      e and everything it owns, like pympler's asizeof: the Map with its hash table and 12,345 value`,
        `      strings (${bytes(dict.deep)}) and the joined _all string (${bytes(all.deep)}). Prototypes, hidden`,
        '      classes and code are shared by every MemEater and are not counted.',
        `retainedSize(e): ${bytes(e.retained)}`,
        '      What garbage collection would free if e became unreachable, from the dominator tree as Chrome',
        '      DevTools computes it. It differs from asizeof by '
          + `${e.retained - e.deep >= 0 ? '+' : ''}${bytes(e.retained - e.deep)}: it also counts the hidden classes only e uses`,
        '      (asizeof leaves hidden classes out as shared) and leaves out what another object also holds.',
      ];
    },
  };
}
