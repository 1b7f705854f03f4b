'use strict';
// Helpers shared by the line profiler tests.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const FIXTURES = path.join(__dirname, 'fixtures', 'lineprofile');

/** Compiles the decorated.ts fixture with tsc into a fresh directory; returns its paths. */
function compileDecorated(t, extraOptions) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-lineprofile-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const source = fs.readFileSync(path.join(FIXTURES, 'decorated.ts'), 'utf8')
    .replace('MEMKIT_LINEPROFILER', path.join(__dirname, '..', 'dist', 'lineprofiler', 'index.js'));
  fs.writeFileSync(path.join(dir, 'decorated.ts'), source);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: [], outDir: path.join(dir, 'out'), ...extraOptions },
    files: ['decorated.ts'],
  }));
  // tap adds its loaders to every child's NODE_OPTIONS; the ESM tsc launcher cannot run under them
  const tsc = path.join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc');
  execFileSync('env', ['-u', 'NODE_OPTIONS', process.execPath, tsc, '-p', dir], { encoding: 'utf8' });
  return { source: path.join(dir, 'decorated.ts'), sourceLines: source.split('\n'), compiled: path.join(dir, 'out', 'decorated.js') };
}

module.exports = { compileDecorated, FIXTURES };
