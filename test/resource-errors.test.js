'use strict';
const t = require('tap');
const resource = require('memkit/resource');

const { getrusage, getrusageInto, getrlimit, setrlimit, prlimit, RUSAGE_SELF, RLIMIT_NOFILE } = resource;

const notIntegers = [['a string', '0'], ['NaN', NaN], ['1.5', 1.5], ['an object', {}], ['null', null], ['undefined', undefined], ['Infinity', Infinity], ['a bigint', 0n], ['2^31', 2 ** 31]];

t.test('getrusage: who must be an integer', async (t) => {
  for (const [label, value] of notIntegers) {
    t.throws(() => getrusage(value), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"who" argument/ }, label);
  }
  t.throws(() => getrusage(), { name: 'TypeError', message: /"who"/ }, 'missing');
});

t.test('getrusage: an unknown who is Python\'s ValueError message', async (t) => {
  for (const who of [2, 42, -5, 2 ** 31 - 1]) {
    t.throws(() => getrusage(who), { name: 'RangeError', message: 'invalid who parameter', code: 'EINVAL', errno: -22, syscall: 'getrusage' }, String(who));
  }
});

t.test('getrusageInto: out must be a Float64Array of 16', async (t) => {
  for (const [label, out] of [['short', new Float64Array(15)], ['Float32Array', new Float32Array(16)], ['array', new Array(16).fill(0)], ['missing', undefined]]) {
    t.throws(() => getrusageInto(RUSAGE_SELF, out), { name: 'TypeError', message: /"out" argument/ }, label);
  }
  t.throws(() => getrusageInto('x', new Float64Array(16)), { name: 'TypeError', message: /"who"/ });
});

t.test('getrlimit / setrlimit / prlimit argument checks', async (t) => {
  for (const [label, value] of notIntegers) {
    t.throws(() => getrlimit(value), { name: 'TypeError', message: /"resource" argument/ }, `getrlimit ${label}`);
    t.throws(() => setrlimit(value, [1, 1]), { name: 'TypeError', message: /"resource" argument/ }, `setrlimit ${label}`);
  }
  for (const resourceId of [-1, 99, 1000]) {
    t.throws(() => getrlimit(resourceId), { name: 'RangeError', message: 'invalid resource specified' }, `getrlimit(${resourceId})`);
    t.throws(() => setrlimit(resourceId, [1, 1]), { name: 'RangeError', message: 'invalid resource specified' }, `setrlimit(${resourceId})`);
  }
  for (const [label, limits] of [['missing', undefined], ['a number', 5], ['one value', [1]], ['three values', [1, 2, 3]], ['a string', '12']]) {
    t.throws(() => setrlimit(RLIMIT_NOFILE, limits), { name: 'TypeError', message: /"limits" argument/ }, `limits ${label}`);
  }
  t.throws(() => setrlimit(RLIMIT_NOFILE, [1.5, 2]), { name: 'TypeError', message: /"limits\[0\]"/ });
  t.throws(() => setrlimit(RLIMIT_NOFILE, [1, 'x']), { name: 'TypeError', message: /"limits\[1\]"/ });
  t.throws(() => setrlimit(RLIMIT_NOFILE, [-2, 2]), { name: 'RangeError', message: /"limits\[0\]"/ });
  if (process.platform !== 'linux') {
    t.throws(() => prlimit(0, RLIMIT_NOFILE), { code: 'ENOSYS' }, 'prlimit is Linux only');
    return;
  }
  t.throws(() => prlimit(-1, RLIMIT_NOFILE), { name: 'RangeError', message: /"pid"/ });
  t.throws(() => prlimit(1.5, RLIMIT_NOFILE), { name: 'TypeError', message: /"pid"/ });
  t.throws(() => prlimit('1', RLIMIT_NOFILE), { name: 'TypeError', message: /"pid"/ });
  t.throws(() => prlimit(0, 99), { name: 'RangeError', message: 'invalid resource specified' });
  t.throws(() => prlimit(2 ** 30, RLIMIT_NOFILE), { code: 'ESRCH', errno: -3, syscall: 'prlimit', message: 'ESRCH: no such process, prlimit' });
});

t.test('setrlimit errors from the kernel read as Python\'s', async (t) => {
  const [soft, hard] = getrlimit(RLIMIT_NOFILE);
  t.throws(() => setrlimit(RLIMIT_NOFILE, [hard === Infinity ? Infinity : hard + 1, soft > 0 ? soft - 1 : 0]),
    { name: 'RangeError', message: 'current limit exceeds maximum limit', code: 'EINVAL', syscall: 'setrlimit' });
  t.same(getrlimit(RLIMIT_NOFILE), [soft, hard], 'nothing changed');
  const { spawnSync } = require('node:child_process');
  // Raising a hard limit needs CAP_SYS_RESOURCE: ask a child that drops to nobody, or lowers then raises.
  const child = spawnSync(process.execPath, ['-e', `
    const r = require('memkit/resource');
    r.setrlimit(r.RLIMIT_NOFILE, [64, 64]);
    try { r.setrlimit(r.RLIMIT_NOFILE, [64, 128]); console.log('raised'); }
    catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, code: e.code, errno: e.errno })); }
  `], { encoding: 'utf8' });
  if (child.stdout.trim() === 'raised') {
    t.pass('this process may raise hard limits (CAP_SYS_RESOURCE): the EPERM path is checked as non-root below');
  } else {
    t.same(JSON.parse(child.stdout), { name: 'Error', message: 'not allowed to raise maximum limit', code: 'EPERM', errno: -1 });
  }
  if (process.getuid?.() !== 0) return;
  const nobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `
    const r = require(${JSON.stringify(require.resolve('memkit/resource'))});
    r.setrlimit(r.RLIMIT_NOFILE, [64, 64]);
    try { r.setrlimit(r.RLIMIT_NOFILE, [64, 128]); console.log('{}'); }
    catch (e) { console.log(JSON.stringify({ message: e.message, code: e.code })); }
  `], { encoding: 'utf8' });
  t.same(JSON.parse(nobody.stdout), { message: 'not allowed to raise maximum limit', code: 'EPERM' }, 'as nobody: EPERM');
});
