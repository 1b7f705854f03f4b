// Streams V8's .heapsnapshot JSON as it arrives (HeapProfiler.addHeapSnapshotChunk, or a file
// stream) without ever joining the chunks, and hands each top-level section to a reader:
// "nodes" and "edges" number by number, "strings" string by string, the small others
// JSON.parsed. A reader can skip any section unread, which costs one scan for its end.
import type { SnapshotMeta } from './graph.js';

/** What a reader of a snapshot is given; it says per section what it wants. */
export interface SnapshotSections {
  /** "snapshot": its meta, with node_count, edge_count... merged in. */
  meta(meta: SnapshotMeta): void;
  /** Start of "nodes" or "edges": false skips the array unread. */
  startNumbers(key: 'nodes' | 'edges'): boolean;
  /** Each number of the array started, in order. */
  number(value: number): void;
  /** The array started has ended. */
  endNumbers(): void;
  /** Whether string `index` of "strings" is wanted; one that is not comes to `string` as ''. */
  keepString(index: number): boolean;
  string(index: number, text: string): void;
  /** Any other section: false skips it unread, true has it JSON.parsed for `section`. */
  wantsSection(key: string): boolean;
  section(key: string, value: unknown): void;
}

const enum Mode { Key, Colon, Value, Numbers, SkipNumbers, Strings, Raw, Done }
const enum StrState { Between, Inside, Escape, Unicode }

const C_QUOTE = 34, C_BACKSLASH = 92, C_COLON = 58, C_LBRACKET = 91, C_RBRACKET = 93;
const C_LBRACE = 123, C_RBRACE = 125, C_COMMA = 44, C_0 = 48, C_9 = 57;
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export function syntaxError(what: string): SyntaxError {
  return new SyntaxError(`heap snapshot: ${what}`);
}

export class SnapshotSectionStream {
  readonly #reader: SnapshotSections;
  #mode = Mode.Key;
  #key = '';
  #inKey = false;
  #sawMeta = false;

  // raw sections (JSON.parsed, or skipped when #raw is null)
  #raw: string[] | null = null;
  #rawDepth = 0;
  #rawInString = false;
  #rawEscape = false;

  // numbers
  #number = 0;
  #inNumber = false;

  // strings
  #stringIndex = 0;
  #keep = false;
  #strState = StrState.Between;
  #piece = '';
  #hex = '';
  #nextBackslash = -1;

  constructor(reader: SnapshotSections) {
    this.#reader = reader;
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
        case Mode.SkipNumbers: pos = this.#skipNumbers(chunk, pos); break;
        case Mode.Strings: pos = this.#scanStrings(chunk, pos); break;
        case Mode.Raw: pos = this.#scanRaw(chunk, pos); break;
        case Mode.Done:
          for (; pos < chunk.length; pos++) {
            if (!isSpace(chunk.charCodeAt(pos))) throw syntaxError('text after the end of the snapshot');
          }
      }
    }
  }

  /** Throws unless the whole snapshot, meta included, has been pushed. */
  finish(): void {
    if (this.#mode !== Mode.Done) throw syntaxError('truncated snapshot');
    if (!this.#sawMeta) throw syntaxError('no snapshot meta');
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
      if (!this.#sawMeta) throw syntaxError(`"${key}" before the snapshot meta`);
      this.#number = 0;
      this.#inNumber = false;
      this.#mode = this.#reader.startNumbers(key) ? Mode.Numbers : Mode.SkipNumbers;
      return pos + 1;
    }
    if (key === 'strings') {
      if (c !== C_LBRACKET) throw syntaxError('"strings" is not an array');
      this.#mode = Mode.Strings;
      this.#strState = StrState.Between;
      this.#stringIndex = 0;
      return pos + 1;
    }
    if (c !== C_LBRACKET && c !== C_LBRACE) throw syntaxError(`"${key}" is not an object or array`);
    this.#mode = Mode.Raw;
    this.#raw = key === 'snapshot' || this.#reader.wantsSection(key) ? [] : null;
    this.#rawDepth = 0;
    this.#rawInString = false;
    this.#rawEscape = false;
    return pos;
  }

  #scanNumbers(chunk: string, pos: number): number {
    const reader = this.#reader;
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
        reader.number(number);
        number = 0;
        inNumber = false;
      }
      if (c === C_RBRACKET) {
        this.#mode = Mode.Key;
        reader.endNumbers();
        break;
      }
      if (c !== C_COMMA && !isSpace(c)) throw syntaxError(`unexpected '${String.fromCharCode(c)}' in "${this.#key}"`);
    }
    this.#number = number;
    this.#inNumber = inNumber;
    return pos;
  }

  #skipNumbers(chunk: string, pos: number): number {
    const close = chunk.indexOf(']', pos);
    if (close < 0) return chunk.length;
    this.#mode = Mode.Key;
    return close + 1;
  }

  #scanStrings(chunk: string, pos: number): number {
    while (pos < chunk.length) {
      switch (this.#strState) {
        case StrState.Between: {
          const c = chunk.charCodeAt(pos++);
          if (c === C_QUOTE) {
            this.#strState = StrState.Inside;
            this.#piece = '';
            this.#keep = this.#reader.keepString(this.#stringIndex);
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
          const keep = this.#keep;
          if (backslash >= 0 && (quote < 0 || backslash < quote)) {
            if (keep) this.#piece += chunk.slice(pos, backslash);
            this.#strState = StrState.Escape;
            pos = backslash + 1;
          } else if (quote >= 0) {
            if (keep) this.#piece += chunk.slice(pos, quote);
            this.#reader.string(this.#stringIndex++, this.#piece);
            this.#piece = '';
            this.#strState = StrState.Between;
            pos = quote + 1;
          } else {
            if (keep) this.#piece += chunk.slice(pos);
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
            if (this.#keep) this.#piece += decoded;
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
            if (this.#keep) this.#piece += String.fromCharCode(Number.parseInt(this.#hex, 16));
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
        this.#raw?.push(chunk.slice(start, pos + 1));
        this.#endRaw();
        return pos + 1;
      }
    }
    this.#raw?.push(chunk.slice(start));
    this.#rawDepth = depth;
    this.#rawInString = inString;
    this.#rawEscape = escape;
    return pos;
  }

  #endRaw(): void {
    const raw = this.#raw;
    this.#raw = null;
    this.#mode = Mode.Key;
    if (raw === null) return;
    const value: unknown = JSON.parse(raw.join(''));
    if (this.#key === 'snapshot') {
      const { meta, ...counts } = value as { meta?: SnapshotMeta };
      if (meta === undefined) throw syntaxError('"snapshot" has no meta');
      this.#sawMeta = true;
      this.#reader.meta({ ...meta, ...counts });
    } else {
      this.#reader.section(this.#key, value);
    }
  }
}
