// Python's float formatting with a precision ('%.Nf' % x, format(x, '.Nf')): mprof's files,
// memory_profiler's table and tracemalloc's sizes all print their numbers through it.

const word = new DataView(new ArrayBuffer(8));

/** A finite, non-negative double as the exact integers [m, e] with value m * 2^e. */
function binaryParts(x: number): [bigint, bigint] {
  word.setFloat64(0, x);
  const bits = word.getBigUint64(0);
  const biasedExponent = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biasedExponent === 0) return [fraction, -1074n]; // subnormal
  return [fraction | (1n << 52n), BigInt(biasedExponent - 1075)];
}

/**
 * Python's `'%.<digits>f' % x`, as CPython's dtoa does it: the exact decimal value of the binary
 * double, correctly rounded to `digits` decimals, half to even only on an exact tie (toFixed
 * sends ties up: 177.8125 is '177.813' there, '177.812' in Python); the sign kept on -0 and on
 * negatives that round to zero; 'nan', 'inf', '-inf'; plain digits however large (no exponent
 * form, which toFixed switches to at 1e21).
 */
export function percentF(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
    throw new RangeError(`digits must be an integer from 0 to 100, got ${digits}`);
  }
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const abs = Math.abs(x);
  // toFixed rounds the exact binary value too, and is 10 times faster than BigInts: use it
  // unless |x| is a tie (an odd multiple of 2^-(digits+1); scaling by 2^n is exact) or so large
  // that it would print an exponent.
  const twice = abs * 2 ** (digits + 1);
  if (abs < 1e21 && !(Number.isInteger(twice) && twice % 2 === 1)) return sign + abs.toFixed(digits);
  const [mantissa, exponent] = binaryParts(abs);
  const scaled = mantissa * 10n ** BigInt(digits);
  // units: |x| * 10^digits, rounded to an integer
  let units: bigint;
  if (exponent >= 0n) {
    units = scaled << exponent;
  } else {
    const shift = -exponent;
    units = scaled >> shift;
    const rest = scaled - (units << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (units & 1n) === 1n)) units += 1n;
  }
  const text = units.toString().padStart(digits + 1, '0');
  return digits === 0 ? sign + text : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Python's `'%+.<digits>f' % x`: percentF with a '+' before anything not negative. */
export function percentPlusF(x: number, digits: number): string {
  const text = percentF(x, digits);
  return text.startsWith('-') ? text : `+${text}`;
}
