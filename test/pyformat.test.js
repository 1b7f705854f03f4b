'use strict';
// percentF: Python's '%.Nf' (the numbers of mprof files, of memory_profiler's table and of
// tracemalloc's sizes), against CPython itself over generated doubles: exact ties and their
// neighbours, short decimals, random bit patterns of every exponent, huge, subnormal, negative,
// -0, nan and inf. Values go to Python as their 64 bits, so both sides format the same double.
const t = require('tap');
const { spawnSync } = require('node:child_process');
const { percentF, percentPlusF } = require('../dist/pyformat.js');
const { formatSize } = require('../dist/tracemalloc/format-size.js');
const { xorshift32 } = require('./seeded-random.js');

const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;

const view = new DataView(new ArrayBuffer(8));
const toBits = (x) => (view.setFloat64(0, x), view.getBigUint64(0));
const fromBits = (bits) => (view.setBigUint64(0, bits), view.getFloat64(0));

/** Python's values of each expression (of x, the double, and d, the digits) for every case. */
function python(cases, ...expressions) {
  const input = cases.map(([x, d]) => `${toBits(x).toString(16)} ${d}`).join('\n');
  const script = `import struct, sys, tracemalloc
for line in sys.stdin.read().splitlines():
    h, d = line.split()
    x, d = struct.unpack('>d', int(h, 16).to_bytes(8, 'big'))[0], int(d)
    print(*(${expressions.join(', ')},), sep='\\t')`;
  const out = spawnSync('python3', ['-c', script], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (out.status !== 0) throw new Error(out.stderr);
  const rows = out.stdout.trimEnd().split('\n').map((line) => line.split('\t'));
  return expressions.map((_, i) => rows.map((row) => row[i]));
}

function cases() {
  const next = xorshift32(0x5eed1e55);
  const digits = () => (next() % 8 === 0 ? next() % 101 : next() % 21);
  const sign = (x) => (next() % 2 ? -x : x);
  const out = [];
  for (const x of [0, -0, NaN, -NaN, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, Number.MAX_VALUE,
    -Number.MAX_VALUE, 2 ** 53, 2 ** 53 + 2, 1e21, 1e22, 177.8125, 0.0625, 2.5, 3.5, 0.5, 1.5, -0.5, -0.04, 2.675, 1.005]) {
    for (const d of [0, 1, 2, 3, 6, 17, 20, 100]) out.push([x, d]);
  }
  for (let i = 0; i < 8000; i++) {
    const d = next() % 21;
    // a tie at d decimals is an odd multiple of 2^-(d+1); then its two neighbouring doubles
    const tie = sign((2 * (next() % 2 ** 20 * 2 ** (next() % 30)) + 1) / 2 ** (d + 1));
    const bits = toBits(tie);
    out.push([tie, d], [fromBits(bits + 1n), d], [fromBits(bits - 1n), d]);
    // a short decimal as people type it (2.675: below the tie in binary, so Python prints 2.67)
    out.push([sign(Number(`${next() % 100000}.${String(next() % 10 ** (d % 9 + 1)).padStart(d % 9 + 1, '0')}5`)), d]);
    // any bit pattern: every exponent, subnormals and huge values included
    const random = fromBits((BigInt(next()) << 32n) | BigInt(next()));
    out.push([random, digits()]);
    // a random double within a few powers of ten of 1
    out.push([sign(fromBits(toBits(10 ** ((next() % 30) - 12)) + BigInt(next()))), digits()]);
  }
  return out;
}

t.test("percentF(x, d) is Python's '%.*f' % (d, x) and percentPlusF its '%+.*f'", { skip: !hasPython && 'python3 is not installed' }, async (t) => {
  const all = cases();
  const [plain, formatted, plus] = python(all, "'%.*f' % (d, x)", "format(x, '.%df' % d)", "'%+.*f' % (d, x)");
  t.equal(plain.length, all.length, 'python printed one line per case');
  t.same(plain, formatted, "Python's format(x, '.Nf') and '%.Nf' agree");
  const wrong = all.map(([x, d], i) => [x, d, percentF(x, d), plain[i]]).filter(([, , ours, theirs]) => ours !== theirs);
  t.same(wrong.slice(0, 10), [], `all ${all.length} agree`);
  const wrongPlus = all.map(([x, d], i) => [x, d, percentPlusF(x, d), plus[i]]).filter(([, , ours, theirs]) => ours !== theirs);
  t.same(wrongPlus.slice(0, 10), [], `all ${all.length} agree with a sign`);
  const ties = all.filter(([x, d]) => Math.abs(x) < 1e21 && percentF(Math.abs(x), d) !== Math.abs(x).toFixed(d));
  t.ok(ties.length > 1000, `${ties.length} cases where toFixed prints other digits`);
});

t.test("formatSize is tracemalloc._format_size over sizes of every magnitude, with and without sign", { skip: !hasPython && 'python3 is not installed' }, async (t) => {
  const next = xorshift32(0xf0f0a5a5);
  const sizes = [];
  for (let i = 0; i < 5000; i++) {
    const size = next() * 2 ** (next() % 30) / 2 ** 16; // up to about 2^46: B to TiB
    sizes.push([i % 3 ? Math.round(size) : size, 0], [-Math.round(size), 1], [(2 * (next() % 2 ** 20) + 1) * 2 ** (next() % 40) / 2, i % 2]);
  }
  sizes.push([0, 0], [0, 1], [-0, 1], [NaN, 0], [Infinity, 1]);
  const [theirs] = python(sizes, 'tracemalloc._format_size(x, bool(d))');
  const wrong = sizes.map(([x, d], i) => [x, d, formatSize(x, Boolean(d)), theirs[i]]).filter(([, , ours, py]) => ours !== py);
  t.same(wrong.slice(0, 10), [], `all ${sizes.length} agree`);
});

t.test('digits outside 0..100 are a RangeError', async (t) => {
  for (const d of [-1, 1.5, 101, NaN, Infinity]) t.throws(() => percentF(1, d), RangeError, String(d));
});

t.test('known values without Python', async (t) => {
  t.equal(percentF(177.8125, 3), '177.812', 'toFixed gives 177.813');
  t.equal(percentF(2.675, 2), '2.67', 'the double below the decimal tie');
  t.equal(percentF(-0.04, 1), '-0.0');
  t.equal(percentF(1e22, 1), '10000000000000000000000.0');
  t.equal(percentPlusF(0, 1), '+0.0');
  t.equal(percentPlusF(-0, 0), '-0');
});
