// The `memkit demo` section for memkit/sizeof: getsizeof, asizeof and retainedSize of the
// MemEater instance, explained the way the Python guide explains sys.getsizeof(e) == 24.
// Shaped like src/cli/demo/section.ts's DemoSection (before/after/report) without importing
// the CLI, so that the library does not depend on its command line.
import { sizes, type ValueSizes } from './index.js';

// `{}` measured: three header words (map, properties, elements) and the four in-object slots V8
// gives an object literal, one tagged word each (8 bytes on x64, 4 with pointer compression)
const EMPTY_OBJECT_WORDS = 7;
const HEADER_WORDS = 3;

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
  let empty: ValueSizes;
  let values: number;
  return {
    title: 'sizeof getsizeof(e), asizeof(e), retainedSize(e)',
    before() {},
    after(eater) {
      // Two snapshots: a holder of _dict and _all would itself retain them, hiding them from e's
      // retained size.
      [e, empty] = sizes([eater, {}]);
      values = (Reflect.get(eater, '_dict') as Map<unknown, unknown>).size;
      [dict, all] = sizes([Reflect.get(eater, '_dict'), Reflect.get(eater, '_all')]);
    },
    report() {
      const word = empty.shallow / EMPTY_OBJECT_WORDS;
      const header = HEADER_WORDS * word;
      const slots = (e.shallow - header) / word;
      return [
        `getsizeof(e):    ${bytes(e.shallow)}`,
        `      The object alone, as Python's sys.getsizeof(e) (the guide prints 24 there): a ${header}-byte header`,
        `      (hidden class, property and element pointers) and ${slots} in-object slots of ${word} bytes: _dict and _all,`,
        '      plus the spare slots V8 reserves for a new class until 7 instances exist. The Map and the strings',
        '      it points to are not included.',
        `asizeof(e):      ${bytes(e.deep)}`,
        `      e and everything it owns, like pympler's asizeof: the Map with its hash table and ${values.toLocaleString('en')} value`,
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
