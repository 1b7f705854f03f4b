'use strict';
const t = require('tap');
const util = require('node:util');
const { spawnSync } = require('node:child_process');
const { getrusage, RUSAGE_SELF, RUSAGE_CHILDREN, StructRusage } = require('memkit/resource');

const python = spawnSync('python3', ['-c', 'import resource'], { encoding: 'utf8' });
const hasPython = python.status === 0;

/** Python's repr of resource.struct_rusage built from the same 16 values. */
function pythonRepr(records) {
  const script = `
import json, resource, sys
for values in json.load(sys.stdin):
    print(repr(resource.struct_rusage(tuple(float(v) if i < 2 else int(v) for i, v in enumerate(values)))))
`;
  const out = spawnSync('python3', ['-c', script], { input: JSON.stringify(records), encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return out.stdout.trimEnd().split('\n');
}

t.test('repr is Python\'s, byte for byte', { skip: !hasPython && 'python3 with the resource module is not installed' }, async (t) => {
  const tricky = [
    [0, 0, 6092, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0.014362, 0.007181, 6092, 0, 0, 0, 1021, 0, 0, 8, 0, 0, 0, 0, 2, 1],
    [6.1048729999999995, 1e-05, 2 ** 40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    [123456.000001, 0.1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    [1e16, 3.0e-7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  ];
  const live = [getrusage(RUSAGE_SELF), getrusage(RUSAGE_CHILDREN)].map((ru) => [...ru]);
  const records = [...tricky, ...live];
  const expected = pythonRepr(records);
  records.forEach((values, i) => {
    const ru = new StructRusage(values);
    t.equal(String(ru), expected[i], `String() of record ${i}`);
    t.equal(util.inspect(ru), expected[i], `util.inspect() of record ${i}`);
  });
});

t.test('repr shape without Python', async (t) => {
  const ru = new StructRusage([0.014362, 0.007181, 6092, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  t.match(String(ru), /^resource\.struct_rusage\(ru_utime=0\.014362, ru_stime=0\.007181, ru_maxrss=6092, ru_ixrss=0, .*, ru_nivcsw=0\)$/);
  t.match(String(new StructRusage(new Array(16).fill(0))), /ru_utime=0\.0, ru_stime=0\.0, ru_maxrss=0,/);
  t.equal(`${ru}`, String(ru), 'template literals use the repr');
});
