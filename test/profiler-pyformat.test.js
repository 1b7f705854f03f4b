'use strict';
// percentF: Python's '%.Nf', the format of every number in an mprof file and of mprof peak,
// against CPython itself over exact ties and random doubles.
const t = require('tap');
const { spawnSync } = require('node:child_process');
const { percentF } = require('../dist/pyformat.js');

const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'print(1)']).status === 0);

t.test('ties go to even, as in Python', async (t) => {
  t.equal(percentF(177.8125, 3), '177.812', 'toFixed gives 177.813');
  t.equal(percentF(0.0625, 3), '0.062');
  t.equal(percentF(2.5, 0), '2');
  t.equal(percentF(3.5, 0), '4');
  t.equal(percentF(-0, 3), '-0.000');
  t.equal(percentF(1e22, 1), '10000000000000000000000.0');
  t.same([NaN, Infinity, -Infinity].map((x) => percentF(x, 3)), ['nan', 'inf', '-inf']);
});

t.test('the same digits as CPython for ties and random doubles', { skip: !python && 'python3 is not installed' }, async (t) => {
  const cases = [];
  for (let i = 0; i < 3000; i++) {
    const digits = i % 7;
    // binary-exact halves (ties at some digit count) and plain random doubles of every size
    const tie = (Math.floor(Math.random() * 1e6) + 0.5) / 2 ** (i % 5);
    const random = (Math.random() - 0.5) * 10 ** ((i % 24) - 8);
    cases.push([i % 2 ? tie : random, digits]);
  }
  const input = cases.map(([x, d]) => `${x.toPrecision(17)} ${d}`).join('\n');
  const r = spawnSync(python, ['-c', "import sys\nfor line in sys.stdin:\n    x, d = line.split()\n    print(('%.' + d + 'f') % float(x))"], { input, encoding: 'utf8' });
  const theirs = r.stdout.trimEnd().split('\n');
  const mismatches = cases.filter(([x, d], i) => percentF(Number(x.toPrecision(17)), d) !== theirs[i]);
  t.same(mismatches.slice(0, 5), [], `all ${cases.length} agree`);
});
