'use strict';
// The exports map: CommonJS and ESM entry points expose the same API, with types for both.
const t = require('tap');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const pkg = require('../package.json');

const entries = Object.keys(pkg.exports).filter((key) => key !== './package.json');

for (const entry of entries) {
  const specifier = entry === '.' ? 'memkit' : `memkit/${entry.slice(2)}`;
  t.test(`${specifier}: ESM and CommonJS agree`, async (t) => {
    const cjs = require(specifier);
    const esm = await import(specifier);
    const cjsNames = Object.keys(cjs).filter((name) => !['default', '__esModule'].includes(name)).sort();
    const esmNames = Object.keys(esm).filter((name) => !['default', 'module.exports', '__esModule'].includes(name)).sort();
    t.same(esmNames, cjsNames, 'same named exports');
    for (const name of cjsNames) t.equal(esm[name], cjs[name], `${name} is the same binding`);
    if (specifier === 'memkit') {
      t.equal(esm.default, cjs.default, 'one default export for both');
      t.same(Object.keys(cjs.default).sort(), cjsNames, 'import memkit from \'memkit\' has every named export');
      t.ok(Object.isFrozen(cjs.default));
    }
  });
}

t.test('the .d.ts / .d.mts types compile for ESM and CommonJS users', async (t) => {
  const tsc = path.join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc');
  const project = path.join(__dirname, 'fixtures', 'types');
  // tap adds its loaders to every child's NODE_OPTIONS; the ESM tsc launcher cannot run under them.
  const result = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, tsc, '-p', project], { encoding: 'utf8' });
  t.equal(result.status, 0, result.stdout + result.stderr);
});
