// Streaming parser for V8's .heapsnapshot JSON. Chunks are consumed as they arrive
// (HeapProfiler.addHeapSnapshotChunk, or a file stream) and never joined: `nodes` and `edges`
// go straight into typed columns sized from the meta header, `strings` into a string array,
// and only the small remaining sections are buffered and JSON.parsed.
import { HeapSnapshotGraph, type HeapSnapshotColumns, type SnapshotMeta } from './graph.js';

const enum Mode { Key, Colon, Value, Numbers, Strings, Raw, Done }
const enum StrState { Between, Inside, Escape, Unicode }

const NODE_ROLES = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id'] as const;
const EDGE_ROLES = ['type', 'name_or_index', 'to_node'] as const;

const C_QUOTE = 34, C_BACKSLASH = 92, C_COLON = 58, C_LBRACKET = 91, C_RBRACKET = 93;
const C_LBRACE = 123, C_RBRACE = 125, C_COMMA = 44, C_0 = 48, C_9 = 57;
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

type Columns = Omit<HeapSnapshotColumns, 'meta' | 'strings' | 'sections'>;

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function syntaxError(what: string): SyntaxError {
  return new SyntaxError(`heap snapshot: ${what}`);
}

/** Column index of each role in a row of `fields`, -1 when this V8 does not emit it. */
function roleIndexes(fields: readonly string[], roles: readonly string[]): Int8Array {
  const byField = new Int8Array(fields.length).fill(-1);
  roles.forEach((role, r) => {
    const f = fields.indexOf(role);
    if (f >= 0) byField[f] = r;
  });
  return byField;
}

export class HeapSnapshotParser {
  #mode = Mode.Key;
  #key = '';
  #inKey = false;
  #raw: string[] = [];
  #rawDepth = 0;
  #rawInString = false;
  #rawEscape = false;

  #meta: SnapshotMeta | undefined;
  #sections: Record<string, unknown> = {};
  #columns: Columns | undefined;

  // numbers
  #number = 0;
  #inNumber = false;
  #field = 0;
  #row = 0;
  #rowWidth = 0;
  #roles: Int8Array = new Int8Array(0);
  #target: 'nodes' | 'edges' = 'nodes';
  #nodeRowWidth = 0;

  // strings
  #strings: string[] = [];
  #strState = StrState.Between;
  #piece = '';
  #hex = '';
  #nextBackslash = -1;
  #keepStrings: boolean;

  /** keepStrings: false drops names (edge and node names read as undefined) to save memory. */
  constructor({ keepStrings = true }: { keepStrings?: boolean } = {}) {
    this.#keepStrings = keepStrings;
  }

  push(chunk: string): void {
    let pos = 0;
    this.#nextBackslash = -1;
    while (pos < chunk.length) {
      switch (this.#mode) {
        case Mode.Key: pos = this.#scanKey(chunk, pos); break;
        case Mode.Colon: pos = this.#expect(chunk, pos, C_COLON, Mode.Value); break;
        case Mode.Value: pos = this.#startValue(chunk, pos); break;
        case Mode.Numbers: pos = this.#scanNumbers(chunk, pos); break;
        case Mode.Strings: pos = this.#scanStrings(chunk, pos); break;
        case Mode.Raw: pos = this.#scanRaw(chunk, pos); break;
        case Mode.Done:
          for (; pos < chunk.length; pos++) {
            if (!isSpace(chunk.charCodeAt(pos))) throw syntaxError('text after the end of the snapshot');
          }
      }
    }
  }

  finish(): HeapSnapshotGraph {
    if (this.#mode !== Mode.Done) throw syntaxError('truncated snapshot');
    if (this.#meta === undefined || this.#columns === undefined) throw syntaxError('no snapshot meta');
    return new HeapSnapshotGraph({ ...this.#columns, meta: this.#meta, strings: this.#strings, sections: this.#sections });
  }

  #expect(chunk: string, pos: number, code: number, next: Mode): number {
    const c = chunk.charCodeAt(pos);
    if (isSpace(c)) return pos + 1;
    if (c !== code) throw syntaxError(`expected '${String.fromCharCode(code)}' at top level`);
    this.#mode = next;
    return pos + 1;
  }

  #scanKey(chunk: string, pos: number): number {
    if (this.#inKey) {
      const end = chunk.indexOf('"', pos);
      if (end < 0) {
        this.#key += chunk.slice(pos);
        return chunk.length;
      }
      this.#key += chunk.slice(pos, end);
      this.#inKey = false;
      this.#mode = Mode.Colon;
      return end + 1;
    }
    const c = chunk.charCodeAt(pos);
    if (c === C_QUOTE) {
      this.#key = '';
      this.#inKey = true;
    }
    else if (c === C_RBRACE) this.#mode = Mode.Done;
    else if (!isSpace(c) && c !== C_LBRACE && c !== C_COMMA) throw syntaxError('expected a key at top level');
    return pos + 1;
  }

  #startValue(chunk: string, pos: number): number {
    const c = chunk.charCodeAt(pos);
    if (isSpace(c)) return pos + 1;
    const key = this.#key;
    if (key === 'nodes' || key === 'edges') {
      if (c !== C_LBRACKET) throw syntaxError(`"${key}" is not an array`);
      this.#startNumbers(key);
      return pos + 1;
    }
    if (key === 'strings') {
      if (c !== C_LBRACKET) throw syntaxError('"strings" is not an array');
      this.#mode = Mode.Strings;
      this.#strState = StrState.Between;
      return pos + 1;
    }
    if (c !== C_LBRACKET && c !== C_LBRACE) throw syntaxError(`"${key}" is not an object or array`);
    this.#mode = Mode.Raw;
    this.#raw = [];
    this.#rawDepth = 0;
    this.#rawInString = false;
    this.#rawEscape = false;
    return pos;
  }

  #startNumbers(key: 'nodes' | 'edges'): void {
    const meta = this.#meta;
    if (meta === undefined) throw syntaxError(`"${key}" before the snapshot meta`);
    this.#columns ??= this.#allocate(meta);
    const fields = key === 'nodes' ? meta.node_fields : meta.edge_fields;
    this.#target = key;
    this.#roles = roleIndexes(fields, key === 'nodes' ? NODE_ROLES : EDGE_ROLES);
    this.#rowWidth = fields.length;
    this.#field = 0;
    this.#row = 0;
    this.#number = 0;
    this.#inNumber = false;
    this.#mode = Mode.Numbers;
  }

  #allocate(meta: SnapshotMeta): Columns {
    const nodeCount = Number(meta.node_count);
    const edgeCount = Number(meta.edge_count);
    if (!Number.isInteger(nodeCount) || !Number.isInteger(edgeCount)) throw syntaxError('meta lacks node_count/edge_count');
    this.#nodeRowWidth = meta.node_fields.length;
    for (const role of ['type', 'name', 'id', 'self_size', 'edge_count']) {
      if (!meta.node_fields.includes(role)) throw syntaxError(`node field "${role}" missing`);
    }
    for (const role of EDGE_ROLES) if (!meta.edge_fields.includes(role)) throw syntaxError(`edge field "${role}" missing`);
    return {
      nodeType: new Uint8Array(nodeCount),
      nodeName: new Uint32Array(nodeCount),
      nodeId: new Uint32Array(nodeCount),
      nodeSelfSize: new Float64Array(nodeCount),
      nodeEdgeCount: new Uint32Array(nodeCount),
      nodeTraceId: new Uint32Array(nodeCount),
      edgeType: new Uint8Array(edgeCount),
      edgeNameOrIndex: new Uint32Array(edgeCount),
      edgeTo: new Uint32Array(edgeCount),
    };
  }

  #scanNumbers(chunk: string, pos: number): number {
    let number = this.#number;
    let inNumber = this.#inNumber;
    const end = chunk.length;
    while (pos < end) {
      const c = chunk.charCodeAt(pos++);
      if (c >= C_0 && c <= C_9) {
        number = number * 10 + (c - C_0);
        inNumber = true;
        continue;
      }
      if (inNumber) {
        this.#store(number);
        number = 0;
        inNumber = false;
      }
      if (c === C_RBRACKET) {
        this.#endNumbers();
        break;
      }
      if (c !== C_COMMA && !isSpace(c)) throw syntaxError(`unexpected '${String.fromCharCode(c)}' in "${this.#target}"`);
    }
    this.#number = number;
    this.#inNumber = inNumber;
    return pos;
  }

  #store(value: number): void {
    const cols = this.#columns!;
    const row = this.#row;
    const role = this.#roles[this.#field];
    if (this.#target === 'nodes') {
      if (row >= cols.nodeType.length) throw syntaxError('more nodes than node_count');
      switch (role) {
        case 0: cols.nodeType[row] = value; break;
        case 1: cols.nodeName[row] = value; break;
        case 2: cols.nodeId[row] = value; break;
        case 3: cols.nodeSelfSize[row] = value; break;
        case 4: cols.nodeEdgeCount[row] = value; break;
        case 5: cols.nodeTraceId[row] = value; break;
      }
    } else {
      if (row >= cols.edgeType.length) throw syntaxError('more edges than edge_count');
      switch (role) {
        case 0: cols.edgeType[row] = value; break;
        case 1: cols.edgeNameOrIndex[row] = value; break;
        case 2: cols.edgeTo[row] = value / this.#nodeRowWidth; break;
      }
    }
    if (++this.#field === this.#rowWidth) {
      this.#field = 0;
      this.#row++;
    }
  }

  #endNumbers(): void {
    const cols = this.#columns!;
    const expected = this.#target === 'nodes' ? cols.nodeType.length : cols.edgeType.length;
    if (this.#field !== 0 || this.#row !== expected) {
      throw syntaxError(`"${this.#target}" has ${this.#row} rows, meta says ${expected}`);
    }
    this.#mode = Mode.Key;
  }

  #scanStrings(chunk: string, pos: number): number {
    while (pos < chunk.length) {
      switch (this.#strState) {
        case StrState.Between: {
          const c = chunk.charCodeAt(pos++);
          if (c === C_QUOTE) {
            this.#strState = StrState.Inside;
            this.#piece = '';
          } else if (c === C_RBRACKET) {
            this.#mode = Mode.Key;
            return pos;
          } else if (c !== C_COMMA && !isSpace(c)) {
            throw syntaxError('unexpected character in "strings"');
          }
          break;
        }
        case StrState.Inside: {
          const quote = chunk.indexOf('"', pos);
          if (this.#nextBackslash !== -2 && this.#nextBackslash < pos) {
            const found = chunk.indexOf('\\', pos);
            this.#nextBackslash = found < 0 ? -2 : found;
          }
          const backslash = this.#nextBackslash;
          if (backslash >= 0 && (quote < 0 || backslash < quote)) {
            this.#piece += chunk.slice(pos, backslash);
            this.#strState = StrState.Escape;
            pos = backslash + 1;
          } else if (quote >= 0) {
            this.#piece += chunk.slice(pos, quote);
            this.#strings.push(this.#keepStrings ? this.#piece : '');
            this.#piece = '';
            this.#strState = StrState.Between;
            pos = quote + 1;
          } else {
            this.#piece += chunk.slice(pos);
            pos = chunk.length;
          }
          break;
        }
        case StrState.Escape: {
          const ch = chunk[pos++];
          if (ch === 'u') {
            this.#hex = '';
            this.#strState = StrState.Unicode;
          } else {
            const decoded = SIMPLE_ESCAPES[ch];
            if (decoded === undefined) throw syntaxError(`bad escape \\${ch} in "strings"`);
            this.#piece += decoded;
            this.#strState = StrState.Inside;
          }
          break;
        }
        case StrState.Unicode: {
          const take = Math.min(4 - this.#hex.length, chunk.length - pos);
          this.#hex += chunk.slice(pos, pos + take);
          pos += take;
          if (this.#hex.length === 4) {
            if (!/^[0-9a-fA-F]{4}$/.test(this.#hex)) throw syntaxError(`bad escape \\u${this.#hex} in "strings"`);
            this.#piece += String.fromCharCode(Number.parseInt(this.#hex, 16));
            this.#strState = StrState.Inside;
          }
          break;
        }
      }
    }
    return pos;
  }

  #scanRaw(chunk: string, pos: number): number {
    const start = pos;
    let depth = this.#rawDepth;
    let inString = this.#rawInString;
    let escape = this.#rawEscape;
    for (; pos < chunk.length; pos++) {
      const c = chunk.charCodeAt(pos);
      if (inString) {
        if (escape) escape = false;
        else if (c === C_BACKSLASH) escape = true;
        else if (c === C_QUOTE) inString = false;
      } else if (c === C_QUOTE) {
        inString = true;
      } else if (c === C_LBRACE || c === C_LBRACKET) {
        depth++;
      } else if ((c === C_RBRACE || c === C_RBRACKET) && --depth === 0) {
        this.#raw.push(chunk.slice(start, pos + 1));
        this.#endRaw();
        return pos + 1;
      }
    }
    this.#raw.push(chunk.slice(start));
    this.#rawDepth = depth;
    this.#rawInString = inString;
    this.#rawEscape = escape;
    return pos;
  }

  #endRaw(): void {
    const value: unknown = JSON.parse(this.#raw.join(''));
    this.#raw = [];
    if (this.#key === 'snapshot') {
      const { meta, ...counts } = value as { meta?: SnapshotMeta };
      if (meta === undefined) throw syntaxError('"snapshot" has no meta');
      this.#meta = { ...meta, ...counts };
    } else {
      this.#sections[this.#key] = value;
    }
    this.#mode = Mode.Key;
  }
}

/** Parses a whole snapshot given as chunks (an array, or any iterable such as a file's lines). */
export function parseHeapSnapshot(chunks: Iterable<string>, options?: { keepStrings?: boolean }): HeapSnapshotGraph {
  const parser = new HeapSnapshotParser(options);
  for (const chunk of chunks) parser.push(chunk);
  return parser.finish();
}
