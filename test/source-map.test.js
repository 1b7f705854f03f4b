'use strict';
// memkit's one source-map rule: a compiled script's positions go through the map the script
// names, with or without --enable-source-maps. tsc compiles test/fixtures/tracemalloc/ts/alloc.ts
// (a map file in another folder than the source, and an inline map with a sourceRoot); the line
// profiler's table and tracemalloc's traceback must both show the .ts file and its lines, which
// the test finds in the .ts text itself. A loader that runs compiled text for a .ts file (as tsx
// does) is mapped through the map Node kept of that text.
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const DIST = path.join(__dirname, '..', 'dist');
const SOURCE = fs.readFileSync(path.join(__dirname, 'fixtures', 'tracemalloc', 'ts', 'alloc.ts'), 'utf8');
const sourceLine = (text) => SOURCE.split('\n').findIndex((line) => line.includes(text)) + 1;
const FUNCTION_LINE = sourceLine('export function allocatePoints');
// the two top lines of tracemalloc's traceback when it shows allocatePoints in the .ts file `ts`
const tracebackInTs = (ts) => [`  File "${ts}", line ${FUNCTION_LINE}, in allocatePoints`, `    ${SOURCE.split('\n')[FUNCTION_LINE - 1].trim()}`];

// the largest trace of allocatePoints(100000), in a child that has `tm` and `allocatePoints`
const TRACE = `tm.start();
const kept = allocatePoints(100000);
const [top] = tm.takeSnapshot().statistics('traceback');
tm.stop();`;

// traces allocatePoints with tracemalloc, then profiles it with the line profiler (whose
// breakpoints would slow down every later call until the event loop turns)
const CHILD = `'use strict';
const { LineProfiler, formatResults } = require(${JSON.stringify(path.join(DIST, 'lineprofiler', 'index.js'))});
const tm = require(${JSON.stringify(path.join(DIST, 'tracemalloc', 'index.js'))});
const { allocatePoints } = require('./out/points.js');
${TRACE}
const profiler = new LineProfiler('heap');
profiler.wrap(allocatePoints)(1000);
console.log(JSON.stringify({ table: formatResults(profiler.results()), traceback: top.traceback.format(), kept: kept.length }));
`;

function compile(t, optionsIn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-source-map-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'points.ts'), SOURCE);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: [], rootDir: 'src', outDir: 'out', ...optionsIn(dir) },
    files: ['src/points.ts'],
  }));
  // tap adds its loaders to every child's NODE_OPTIONS; the ESM tsc launcher cannot run under them
  const tsc = path.join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc');
  execFileSync('env', ['-u', 'NODE_OPTIONS', process.execPath, tsc, '-p', dir], { encoding: 'utf8' });
  fs.writeFileSync(path.join(dir, 'child.js'), CHILD);
  return dir;
}

function run(dir, flags, script = 'child.js') {
  // `env -i` sheds tap's options, --enable-source-maps among them
  const child = spawnSync('env', ['-i', `PATH=${process.env.PATH}`, process.execPath, ...flags, path.join(dir, script)], { cwd: dir, encoding: 'utf8', timeout: 120000 });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

// the map inline with a sourceRoot without its trailing slash, as other compilers write it (tsc
// adds one): Node's own --enable-source-maps would glue it to the source name ('srcpoints.ts')
function dropSlashFromSourceRoot(dir) {
  const file = path.join(dir, 'out', 'points.js');
  const [, before, base64] = /^([\s\S]*base64,)(\S+)\s*$/.exec(fs.readFileSync(file, 'utf8'));
  const map = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  map.sourceRoot = map.sourceRoot.replace(/\/$/, '');
  fs.writeFileSync(file, `${before}${Buffer.from(JSON.stringify(map)).toString('base64')}\n`);
}

const layouts = {
  'a .js.map file beside the .js, another folder than the .ts': { options: () => ({ sourceMap: true }) },
  'an inline map with a sourceRoot without a trailing slash': {
    options: (dir) => ({ inlineSourceMap: true, sourceRoot: path.join(dir, 'src') }),
    edit: dropSlashFromSourceRoot,
  },
};

for (const [layout, { options, edit }] of Object.entries(layouts)) {
  t.test(layout, async (t) => {
    const dir = compile(t, options);
    edit?.(dir);
    const ts = path.join(dir, 'src', 'points.ts');
    const js = fs.readFileSync(path.join(dir, 'out', 'points.js'), 'utf8').split('\n');
    const pushLine = sourceLine('points.push');
    t.not(js.findIndex((line) => line.includes('points.push')) + 1, pushLine, 'the JavaScript has the push on another line');
    for (const flags of [[], ['--enable-source-maps']]) {
      const { table, traceback } = run(dir, flags);
      const name = flags.length ? 'with --enable-source-maps' : 'without --enable-source-maps';
      t.match(table, `Filename: ${ts}\n`, `${name}: the line profiler's table is of the .ts file`);
      t.match(table, new RegExp(`^ +${pushLine} .* MiB +\\d+   ${SOURCE.split('\n')[pushLine - 1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), `${name}: the push is its line ${pushLine}`);
      t.same(traceback.slice(0, 2), tracebackInTs(ts), `${name}: tracemalloc's traceback shows ${path.basename(ts)}:${FUNCTION_LINE}`);
    }
  });
}

t.test('tracemalloc finds a map on a script\'s long last line, and none where the script names none', async (t) => {
  const { SourceMapCache } = require('../dist/source-map.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-source-map-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const LINES = 20000;
  // generated line k comes from line k + 5 of gen.ts: one segment a line, 0.1 MB of mappings
  const map = { version: 3, sources: ['gen.ts'], names: [], mappings: `AAKA${';AACA'.repeat(LINES - 1)}` };
  const code = 'x;\n'.repeat(LINES);
  const withMap = path.join(dir, 'with-map.js');
  const without = path.join(dir, 'without.js');
  fs.writeFileSync(withMap, `${code}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`);
  fs.writeFileSync(without, code);
  t.ok(fs.statSync(withMap).size - code.length > 16384, 'the map\'s line is longer than the first reads from the end');
  const maps = new SourceMapCache();
  for (const line of [0, 1, 12345, LINES - 1]) {
    t.same(maps.originalPosition(withMap, withMap, line, 0), { filename: path.join(dir, 'gen.ts'), lineno: line + 6 }, `line ${line + 1}`);
  }
  t.equal(maps.originalPosition(without, without, 12345, 0), undefined, 'no map: the compiled position stays');
  t.equal(maps.originalPosition('/no/such/file.js', '/no/such/file.js', 1, 0), undefined, 'a file that cannot be read: the same');
});

// A loader that hands Node other text than the file holds (tsx, ts-node/esm, a compile cache): the
// .ts file on disk names no map, so tracemalloc takes the one Node kept of the text it ran, which
// Node keeps with --enable-source-maps. The hooks serve tsc's output (an inline map) for the .ts.
const HOOKS = `import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export async function load(url, context, next) {
  if (!url.endsWith('/src/points.ts')) return next(url, context);
  const compiled = fileURLToPath(new URL('../out/points.js', url));
  return { format: 'module', source: readFileSync(compiled, 'utf8'), shortCircuit: true };
}
`;
const LOADER_CHILD = `import { createRequire, register } from 'node:module';
register('./hooks.mjs', import.meta.url);
const tm = createRequire(import.meta.url)(${JSON.stringify(path.join(DIST, 'tracemalloc', 'index.js'))});
const { allocatePoints } = await import('./src/points.ts');
${TRACE}
console.log(JSON.stringify({ traceback: top.traceback.format(), kept: kept.length }));
`;

t.test('a loader that runs compiled text for a .ts file (as tsx does): tracemalloc maps through the map Node kept', async (t) => {
  const dir = compile(t, (dir) => ({ module: 'es2022', inlineSourceMap: true, sourceRoot: path.join(dir, 'src') }));
  fs.writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
  fs.writeFileSync(path.join(dir, 'child.mjs'), LOADER_CHILD);
  const ts = path.join(dir, 'src', 'points.ts');
  const js = fs.readFileSync(path.join(dir, 'out', 'points.js'), 'utf8').split('\n');
  t.not(js.findIndex((line) => line.includes('export function allocatePoints')) + 1, FUNCTION_LINE, 'the compiled text has the function on another line');
  t.notMatch(fs.readFileSync(ts, 'utf8'), /sourceMappingURL/, 'the .ts file names no map');
  const { traceback, kept } = run(dir, ['--enable-source-maps'], 'child.mjs');
  t.equal(kept, 100000, 'the compiled module ran');
  t.same(traceback.slice(0, 2), tracebackInTs(ts), `the traceback shows ${path.basename(ts)}:${FUNCTION_LINE}`);
});
