'use strict';
// memkit's published types under the project's own tsc, from a user's project: strict code from
// the README compiles without casts, subpaths resolve without package.json "exports" (what
// TypeScript's node10 resolution sees: "typesVersions"), the default export exists, legacy
// decorators (experimentalDecorators) compile and profile, and code that takes a platform-only
// field as always present is rejected.
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
const fixtures = path.join(__dirname, 'fixtures', 'types-strict');

/** A user's project: the fixture's files and node_modules with memkit and @types/node. */
function project(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `memkit-types-${name}-`));
  fs.cpSync(path.join(fixtures, name), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'memkit'));
  fs.symlinkSync(path.join(root, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'));
  return dir;
}

// tap adds its loaders to every child's NODE_OPTIONS; tsc and the compiled programs run without them.
const run = (cwd, args) => spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, ...args], { cwd, encoding: 'utf8' });
const compile = (dir) => run(dir, [tsc, '-p', '.']);

t.test('strict ESM code from the README compiles: uss, pss, wired, RLIMIT_AS/RSS/NPROC/MEMLOCK, default export', async (t) => {
  const result = compile(project('esm'));
  t.equal(result.status, 0, result.stdout + result.stderr);
});

t.test('subpaths and the default export resolve without package.json "exports" (typesVersions)', async (t) => {
  const result = compile(project('no-exports'));
  t.equal(result.status, 0, result.stdout + result.stderr);
});

t.test('a platform-only field is not typed as always there', async (t) => {
  const result = compile(project('uss-may-be-undefined'));
  t.not(result.status, 0, 'tsc rejects it');
  t.match(result.stdout, /main\.mts\(4,14\): error TS2322: Type 'number \| undefined' is not assignable to type 'number'/);
});

t.test('legacy decorators: @profile compiles and each decorated method, static method and class is profiled', async (t) => {
  const dir = project('legacy-decorators');
  const built = compile(dir);
  t.equal(built.status, 0, built.stdout + built.stderr);
  const ran = run(dir, [path.join('out', 'main.js')]);
  t.equal(ran.status, 0, 'the compiled program runs');
  t.match(ran.stdout, /^result 2000 10$/m, 'the decorated code still computes');
  // profile() writes its tables to its stream, stderr by default
  for (const line of ['fill line', 'sum line', 'static line', 'constructor line']) {
    t.match(ran.stderr, new RegExp(`Line Contents[\\s\\S]*// ${line}`), `a table shows the ${line}`);
  }
});

t.test('legacy decorators on a field or an accessor fail loudly', async (t) => {
  const { profile } = require('memkit/profiler');
  class C {}
  t.throws(() => profile(C.prototype, 'field'), { name: 'TypeError', message: /@profile decorates functions, methods and classes; field is a field or accessor/ });
  const accessor = { get() { return 1; }, configurable: true, enumerable: false };
  t.throws(() => profile(C.prototype, 'size', accessor), { name: 'TypeError', message: /size is a field or accessor/ });
  t.throws(() => profile({ precision: 2 })(C.prototype, 'field'), { name: 'TypeError' });
});
