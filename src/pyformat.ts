// Python's printf-style float formatting ('%.Nf'), which mprof uses for every number it writes.

/**
 * Python's `'%.<digits>f' % x`: the exact binary value rounded half to even (JavaScript's
 * toFixed rounds exact ties up: 177.8125 is '177.813' there, '177.812' in Python), 'nan',
 * 'inf', '-inf', and plain digits however large.
 */
export function percentF(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const abs = Math.abs(x);
  // Every double from 2^53 on is an integer; toFixed would switch to exponent form at 1e21.
  if (abs >= 2 ** 53) return `${sign}${BigInt(abs)}${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`;
  const fixed = abs.toFixed(digits);
  // toFixed(100) is the exact decimal expansion for any double whose digits at `digits`+1 can
  // be a 5 (a tie has exactly digits+1 decimals, so it is >= 10^-(digits+1)).
  const exact = abs.toFixed(100);
  const point = exact.indexOf('.');
  const rest = exact.slice(point + 1 + digits);
  if (/^50*$/.test(rest)) {
    // An exact tie: toFixed went up; Python goes to the even neighbour.
    const kept = exact.slice(0, point) + exact.slice(point + 1, point + 1 + digits);
    if (Number(kept.at(-1)) % 2 === 0) {
      const down = digits > 0 ? `${kept.slice(0, -digits) || '0'}.${kept.slice(-digits)}` : kept;
      return `${sign}${down.replace(/^0+(?=\d)/, '')}`;
    }
  }
  return `${sign}${fixed}`;
}
