// Argument checks of the tracemalloc classes: TypeErrors shaped like Node's.
import { invalidArgType, outOfRange } from '../validate.js';

export const KEY_TYPES = ['filename', 'lineno', 'traceback'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** Python's MAX_NFRAME (UINT16_MAX). */
export const MAX_NFRAME = 65535;

export function checkString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value);
}

export function checkBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'of type boolean', value);
}

export function checkLineno(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidArgType(name, 'an integer', value);
  if (value < 0) throw outOfRange(name, '>= 0', value);
}

export function checkFrameArgs(filename: unknown, lineno: unknown, name: unknown): void {
  checkString('filename', filename);
  checkLineno('lineno', lineno);
  checkString('name', name);
}

export function checkNframe(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidArgType('nframe', 'an integer', value);
  if (value < 1 || value > MAX_NFRAME) throw outOfRange('nframe', `>= 1 and <= ${MAX_NFRAME}`, value);
  return value;
}

export function checkKeyType(value: unknown, cumulative: unknown): KeyType {
  if (typeof value !== 'string') throw invalidArgType('keyType', "one of 'filename', 'lineno', 'traceback'", value);
  if (!(KEY_TYPES as readonly string[]).includes(value)) {
    const error = new TypeError(`unknown key_type: '${value}'`);
    (error as NodeJS.ErrnoException).code = 'ERR_INVALID_ARG_VALUE';
    throw error;
  }
  checkBoolean('cumulative', cumulative);
  if (cumulative && value === 'traceback') {
    const error = new TypeError("cumulative mode cannot by used with key type 'traceback'");
    (error as NodeJS.ErrnoException).code = 'ERR_INVALID_ARG_VALUE';
    throw error;
  }
  return value as KeyType;
}
