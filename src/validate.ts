// Argument checks with Node's error shape: a TypeError/RangeError naming the argument.

/** A value as Node's ERR_INVALID_ARG_TYPE messages describe it after "Received". */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  if (typeof value === 'string') return `type string ('${value.length > 25 ? `${value.slice(0, 25)}...` : value}')`;
  return `type ${typeof value} (${String(value)})`;
}

export function invalidArgType(name: string, expected: string, value: unknown): TypeError {
  const error = new TypeError(`The "${name}" argument must be ${expected}. Received ${describe(value)}`);
  (error as NodeJS.ErrnoException).code = 'ERR_INVALID_ARG_TYPE';
  return error;
}

export function outOfRange(name: string, expected: string, value: unknown): RangeError {
  const error = new RangeError(`The value of "${name}" is out of range. It must be ${expected}. Received ${String(value)}`);
  (error as NodeJS.ErrnoException).code = 'ERR_OUT_OF_RANGE';
  return error;
}

export function isInt32(value: unknown): value is number {
  return typeof value === 'number' && (value | 0) === value;
}

export function checkInt32(name: string, value: unknown): number {
  if (!isInt32(value)) throw invalidArgType(name, 'an int32 integer', value);
  return value;
}

/** A pid: integer 0..2^31-1 (TypeError for non-integers, RangeError for negatives). */
export function checkPid(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidArgType(name, 'an integer', value);
  }
  if (value < 0 || value > 0x7fffffff) throw outOfRange(name, '>= 0 and <= 2147483647', value);
  return value;
}

/** Node's ERR_MISSING_ARGS, for a call without a required argument (`undefined` given is a value). */
export function missingArgs(name: string): TypeError {
  const error = new TypeError(`The "${name}" argument must be specified`);
  (error as NodeJS.ErrnoException).code = 'ERR_MISSING_ARGS';
  return error;
}
