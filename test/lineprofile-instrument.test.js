'use strict';
// The line profiler's instrumenting path (memkit/profile): the seed's MemEater, every shape of
// the fixtures against the inspector path's tables, --function, and modules the hook cannot
// parse.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { compileDecorated, FIXTURES } = require('./lineprofile-helpers.js');

const ROOT = path.join(__dirname, '..');
const HOOK = path.join(ROOT, 'dist', 'profile.js');
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');
const SHAPES_NAMED = 'fetchTwice,thrower,counter,inner,outer,arrow,shadowing,ticks,fact,walk,nestedFns,withDefaults,spin,guarded,pick,firstEven,largest,twoLines';

/** Runs node with `args`, tap's loaders left out of the child, and `env` added. */
function node(args, env = {}) {
  const childEnv = { ...process.env, ...env };
  delete childEnv.NODE_OPTIONS;
  return spawnSync(process.execPath, args, { encoding: 'utf8', env: childEnv, cwd: ROOT });
}

/** memory_profiler's printed tables back as [{ filename, rows: { lineno: { mem, inc, occ, contents } } }]. */
function parseTables(text) {
  return text.split('Filename: ').slice(1).map((chunk) => {
    const [filename, , , , ...lines] = chunk.split('\n');
    const rows = {};
    for (const line of lines) {
      const m = /^\s*(\d+) (.{12}) (.{12})  (.{10})   (.*)$/.exec(line);
      if (m) rows[m[1]] = { mem: m[2].trim(), inc: m[3].trim(), occ: m[4].trim(), contents: m[5] };
    }
    return { filename, rows };
  });
}

const occurrencesOf = (table) => Object.fromEntries(Object.entries(table.rows).map(([lineno, row]) => [lineno, row.occ]));
const lineOf = (file, text) => fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;

t.test('the seed\'s MemEater on the instrumenting path: 12346 / 12345, the same table as through breakpoints', async (t) => {
  const fixture = path.join(FIXTURES, 'mem-eater-hook.js');
  const hooked = node(['--require', HOOK, fixture]);
  t.equal(hooked.status, 0, hooked.stderr);
  t.match(hooked.stdout, /^probes true\n/, 'the hook instrumented eat()');
  const [eat, ctor] = parseTables(hooked.stdout);
  const loop = lineOf(fixture, 'for (let i = 0; i < n; i++)');
  const fill = lineOf(fixture, 'this._dict.set(i, String(i))');
  t.equal(eat.rows[loop].occ, '12346', 'the loop line: n + 1');
  t.equal(eat.rows[fill].occ, '12345', 'the fill line: n');
  t.equal(eat.rows[lineOf(fixture, "join(' ')")].occ, '1');
  t.equal(eat.rows[lineOf(fixture, '  eat(n) {')].occ, '1', 'the call line');
  for (const [lineno, row] of Object.entries(eat.rows)) t.equal(row.contents, fs.readFileSync(fixture, 'utf8').split('\n')[lineno - 1], `line ${lineno} is the source line`);
  // the same program without the hook: profile() prints each call's table on stderr
  const plain = node([fixture, '200']);
  t.match(plain.stdout, /^probes false\n/);
  const hookedSmall = node(['--require', HOOK, fixture, '200']);
  const byBreakpoints = parseTables(plain.stderr);
  const byProbes = parseTables(hookedSmall.stdout);
  t.same(byProbes.map(occurrencesOf), [byBreakpoints[1], byBreakpoints[0]].map(occurrencesOf), 'the same rows and occurrences on both paths');
  t.same(Object.keys(ctor.rows).map(Number), [8, 9, 10, 11], 'the constructor\'s rows');
});

t.test('heap backend on the instrumenting path: the fill line allocates the most', async (t) => {
  const fixture = path.join(FIXTURES, 'mem-eater-hook.js');
  const hooked = node(['--require', HOOK, fixture], { MEMKIT_PROFILE_BACKEND: 'heap', MEMKIT_PROFILE_PRECISION: '3' });
  t.equal(hooked.status, 0, hooked.stderr);
  const [eat] = parseTables(hooked.stdout);
  const increment = (text) => Number.parseFloat(eat.rows[lineOf(fixture, text)].inc);
  const fill = increment('this._dict.set(i, String(i))');
  // 12345 strings and map entries: several hundred KiB, more than the join's array and string;
  // the call line is left out: memory_profiler's first row of a call is whatever came before
  t.ok(fill > 0.3, `the fill line: ${fill} MiB`);
  for (const text of ['for (let i = 0; i < n; i++)', "this._all = [...this._dict.values()].join(' ')"]) {
    t.ok(increment(text) < fill, `${text} (${increment(text)} MiB) below the fill line`);
  }
});

t.test('heap backend on the instrumenting path: the probes allocate nothing per line event', async (t) => {
  const fixture = path.join(FIXTURES, 'quiet.js');
  const loop = lineOf(fixture, 'total += i & 7;');
  // V8 compiles the function and the probes over the first events, on the heap: that shows
  // once; more events of a loop that allocates nothing must add nothing
  const incrementOf = (calls) => {
    const child = node([MAIN, 'profile', '--backend', 'heap', '--precision', '4', '-f', 'quiet', fixture, String(calls)]);
    t.equal(child.status, 0, child.stderr);
    const [quiet] = parseTables(child.stdout);
    t.equal(quiet.rows[loop].occ, String(calls * 5000));
    return Number.parseFloat(quiet.rows[loop].inc);
  };
  const few = incrementOf(20);
  const many = incrementOf(200);
  // 900,000 more events: a probe allocating one boxed number (16 bytes) would add 13.7 MiB;
  // V8's compiler (code and feedback, on the heap too) varies by a MiB from run to run
  t.ok(Math.abs(many - few) < 2, `100,000 events: ${few} MiB, 1,000,000 events: ${many} MiB`);
  t.ok(few < 2, `V8's compilation on the first events: ${few} MiB`);
});

t.test('every shape of the fixtures gives the same table on both paths, but the lines only the probes see', async (t) => {
  const runner = path.join(FIXTURES, 'shapes-tables.js');
  const tablesOf = (child) => {
    t.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout.split('\n').find((line) => line.startsWith('TABLES ')).slice('TABLES '.length));
  };
  const byBreakpoints = tablesOf(node([runner]));
  const byProbes = tablesOf(node(['--require', HOOK, runner], { MEMKIT_PROFILE_FUNCTIONS: SHAPES_NAMED }));
  const shapes = path.join(FIXTURES, 'shapes.js');
  const at = (text) => lineOf(shapes, text);
  // memory_profiler's counts on the lines V8 gives no breakpoint location: `try` each call,
  // `catch`/`case`/`default` when reached, a call's arguments on their own lines and its
  // return to the call's line
  const onlyProbes = {
    guarded: { [at('  try {')]: 2, [at('} catch (error) {')]: 1 },
    pick: { [at("case 'a':")]: 3, [at("case 'b':")]: 2, [at('default:')]: 1 },
    largest: { [at('return Math.max(')]: 2, [at('    a,')]: 1, [at('    b,')]: 1 },
  };
  t.same(Object.keys(byProbes), Object.keys(byBreakpoints));
  for (const [name, table] of Object.entries(byBreakpoints)) {
    const expected = { ...table };
    for (const [lineno, count] of Object.entries(onlyProbes[name] ?? {})) {
      t.not(table[lineno], count, `${name}: line ${lineno} is blank or undercounted through breakpoints`);
      expected[lineno] = count;
    }
    t.same(byProbes[name], expected, name);
  }
});

t.test('tsc\'s @profile with a source map: instrumented, the .ts lines shown, the same table on both paths', async (t) => {
  const { source, sourceLines, compiled } = compileDecorated(t, { sourceMap: true });
  const script = `const { Cache } = require(${JSON.stringify(compiled)}); new Cache().fill(100); new Cache().sum(4);`;
  const hooked = node(['--require', HOOK, '-e', script]);
  t.equal(hooked.status, 0, hooked.stderr);
  const plain = node(['-e', script]);
  const [fill, sum] = parseTables(hooked.stdout);
  t.equal(fill.filename, source);
  t.equal(fill.rows[sourceLines.findIndex((l) => l.includes('this.items.set')) + 1].occ, '100');
  t.equal(sum.rows[sourceLines.findIndex((l) => l.includes('total += i')) + 1].occ, '5');
  t.same(parseTables(hooked.stdout).map(occurrencesOf), parseTables(plain.stderr).map(occurrencesOf));
  const code = require('../dist/lineprofiler/instrument/transform.js').instrumentSource(fs.readFileSync(compiled, 'utf8'), { sourceType: 'script', scriptFile: compiled, key: compiled, globs: [] });
  const map = JSON.parse(Buffer.from(/sourceMappingURL=data:application\/json;charset=utf-8;base64,(\S+)\s*$/.exec(code)[1], 'base64').toString());
  t.same(map.sources.map((s) => path.basename(s)), ['decorated.ts'], 'the appended map, composed with tsc\'s, leads to the .ts file');
});

t.test('--function profiles by name or Class.method glob, without a profile() in the source', async (t) => {
  const script = path.join(FIXTURES, 'eater-named.mjs');
  const eater = path.join(FIXTURES, 'mem-eater.js');
  const cli = node([MAIN, 'profile', '--function', 'MemEater.*', '-f', 'idl?', script]);
  t.equal(cli.status, 0, cli.stderr);
  const tables = parseTables(cli.stdout);
  const heading = (table) => `${path.basename(table.filename)}:${Object.keys(table.rows)[0]}`;
  t.same(tables.map(heading).sort(), ['eater-named.mjs:9', 'mem-eater.js:13', 'mem-eater.js:8'], 'idle(), eat() and the constructor');
  const eatTable = tables.find((table) => heading(table) === 'mem-eater.js:13');
  t.equal(eatTable.rows[lineOf(eater, 'for (let i = 0; i < n; i++)')].occ, '12346');
  t.equal(eatTable.rows[lineOf(eater, 'this._dict.set(i, String(i))')].occ, '12345');
  t.equal(tables.find((table) => table.filename === script).rows[lineOf(script, 'for (let i = 0; i < n; i++) total += i;')].occ, '11');
  // the same through the environment, for a program started with --import memkit/profile
  const imported = node(['--import', 'memkit/profile', script], { MEMKIT_PROFILE_FUNCTIONS: 'eat' });
  t.equal(imported.status, 0, imported.stderr);
  const [eat] = parseTables(imported.stdout);
  t.equal(parseTables(imported.stdout).length, 1, 'only eat()');
  t.same(occurrencesOf(eat), occurrencesOf(eatTable));
  const bad = node([MAIN, 'profile', '--function', '', script]);
  t.equal(bad.status, 2);
  t.match(bad.stderr, /^memkit: --function must be a non-empty name or glob without commas, got ''\n$/);
});

t.test('a module the hook cannot parse runs unprofiled by probes, with one warning line', async (t) => {
  const fixture = path.join(FIXTURES, 'unparsable.js');
  const child = node(['--allow-natives-syntax', '--require', HOOK, fixture]);
  t.equal(child.status, 0, child.stderr);
  t.match(child.stdout, /^sum 3\n/);
  const warnings = child.stderr.split('\n').filter((line) => line !== '');
  t.equal(warnings.length, 1, child.stderr);
  t.match(warnings[0], `memkit: cannot instrument ${fixture} (`);
  const [add] = parseTables(child.stdout);
  t.equal(add.rows[lineOf(fixture, 'const sum = a + b;')].occ, '1', 'profile() took the inspector path');
});

t.test('outside the profiled functions the module is byte for byte the same', async (t) => {
  const { instrumentSource } = require('../dist/lineprofiler/instrument/transform.js');
  const fixture = path.join(FIXTURES, 'mem-eater-hook.js');
  const source = fs.readFileSync(fixture, 'utf8');
  const code = instrumentSource(source, { sourceType: 'script', scriptFile: fixture, key: fixture, globs: [] });
  const before = source.split('\n');
  const after = code.split('\n');
  const profiled = (lineno) => (lineno >= lineOf(fixture, 'constructor() {') && lineno <= lineOf(fixture, "join(' ')") + 1);
  const prologue = lineOf(fixture, 'const { profile }');
  for (let lineno = 1; lineno <= before.length; lineno++) {
    if (profiled(lineno) || lineno === prologue) continue;
    t.equal(after[lineno - 1], before[lineno - 1], `line ${lineno}`);
  }
  t.ok(after[prologue - 1].endsWith(before[prologue - 1]), 'the module\'s handle goes in front of its first statement, on its line');
  t.equal(instrumentSource('function f() { return 1; }\nf();\n', { sourceType: 'script', scriptFile: fixture, key: fixture, globs: [] }), undefined, 'nothing profiled: left alone');
});

t.test('the hook reads which functions are profiled from the syntax', async (t) => {
  const { instrumentSource } = require('../dist/lineprofiler/instrument/transform.js');
  const { globPattern } = require('../dist/lineprofiler/instrument/targets.js');
  const source = [
    'const a = profile(function alpha() { return 1; });',
    'const b = profile((x) => x + 1);',
    'function gamma() { return 3; }',
    'const g = profile(gamma);',
    'class Delta { constructor() { this.d = 4; } m() { return 5; } n() { return 6; } }',
    'Delta.prototype.m = profile(Delta.prototype.m);',
    'const obj = { k() { return 7; }, other() { return 8; } };',
    'obj.k = memkit.profile(obj.k);',
    'const D = (0, lib_1.profile)(Delta);',
    'const e = profile({ precision: 3 })(function epsilon() {});',
    'function untouched() { return 9; }',
    'function named() { return 10; }',
  ].join('\n');
  const file = path.join(FIXTURES, 'forms.js');
  const namesOf = (globs) => {
    const code = instrumentSource(source, { sourceType: 'script', scriptFile: file, key: 'k', globs: globs.map(globPattern) });
    return JSON.parse(/\.module\("k",(\[.*?\]\])\);/.exec(code)[1]).map(([name]) => name).sort();
  };
  t.same(namesOf([]), ['', 'Delta', 'alpha', 'epsilon', 'gamma', 'k', 'm'], 'profile(function), profile(arrow) (nameless, as V8 names it), profile(name), X.prototype.m, obj.m, profile(Class), profile(options)(fn)');
  t.same(namesOf(['named', 'Delta.n']), ['', 'Delta', 'alpha', 'epsilon', 'gamma', 'k', 'm', 'n', 'named'], 'and the --function names');
  const code = instrumentSource(source, { sourceType: 'script', scriptFile: file, key: 'k', globs: [] });
  t.match(code, /\nfunction untouched\(\) \{ return 9; \}\n/, 'a function nobody profiles is left as it was');
  t.throws(() => instrumentSource('function profile( {', { sourceType: 'script', scriptFile: file, key: 'k', globs: [] }), SyntaxError);
});
