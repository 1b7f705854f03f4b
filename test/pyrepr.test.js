'use strict';
// floatRepr against CPython's own repr(float) over many doubles: random bit patterns (every
// exponent), random short decimals (the values people print) and the exponent-form borders.
const t = require('tap');
const { spawnSync } = require('node:child_process');
const { floatRepr } = require('../dist/pyrepr.js');
const { xorshift32 } = require('./seeded-random.js');

const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;

function doubles() {
  const next = xorshift32(0x9e3779b9);
  const words = new Uint32Array(2);
  const asDouble = new Float64Array(words.buffer);
  const out = [1353192781491864.2, 0.1, 1 / 3, 5e-324, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 2 ** 53 + 2, -0.5];
  for (let i = 0; i < 20000; i++) {
    words[0] = next();
    words[1] = next();
    if (Number.isFinite(asDouble[0])) out.push(asDouble[0]);
  }
  for (let i = 0; i < 20000; i++) {
    const digits = 1 + (next() % 17);
    const mantissa = Number(String(next()).padEnd(digits, '7').slice(0, digits));
    const exponent = (next() % 44) - 22;
    out.push(Number(`${next() % 2 ? '-' : ''}${mantissa}e${exponent}`));
  }
  for (let e = -7; e <= 18; e++) for (const m of [1, 9.999999999999999, 1.5, 123456789]) out.push(m * 10 ** e, Number(`${m}e${e}`));
  return out;
}

t.test('floatRepr(x) is Python\'s repr(float(x))', { skip: !hasPython && 'python3 is not installed' }, async (t) => {
  const values = doubles();
  const bits = values.map((x) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    return view.getBigUint64(0).toString(16);
  });
  const script = 'import struct,sys\nfor h in sys.stdin.read().split():\n  print(repr(struct.unpack(">d", int(h, 16).to_bytes(8, "big"))[0]))';
  const out = spawnSync('python3', ['-c', script], { input: bits.join('\n'), encoding: 'utf8', maxBuffer: 1 << 26 });
  t.equal(out.status, 0, out.stderr);
  const expected = out.stdout.trimEnd().split('\n');
  t.equal(expected.length, values.length, 'python printed one repr per value');
  const wrong = values.map((x, i) => [floatRepr(x), expected[i]]).filter(([ours, theirs]) => ours !== theirs);
  t.same(wrong.slice(0, 10), [], `all ${values.length} reprs agree`);
  t.equal(floatRepr(1353192781491864.2), '1353192781491864.2', 'the value that toFixed misprinted');
});

t.test('the special values', async (t) => {
  t.equal(floatRepr(NaN), 'nan');
  t.equal(floatRepr(Infinity), 'inf');
  t.equal(floatRepr(-Infinity), '-inf');
  t.equal(floatRepr(-0), '-0.0');
  t.equal(floatRepr(0), '0.0');
  t.equal(floatRepr(1e16), '1e+16');
  t.equal(floatRepr(1e-5), '1e-05');
  t.equal(floatRepr(0.0001), '0.0001');
  t.equal(floatRepr(123.0), '123.0');
});
