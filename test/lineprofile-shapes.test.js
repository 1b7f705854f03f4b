'use strict';
// The line profiler on every shape of function: async, throwing, nested, generators, closures,
// a decorated TypeScript method, and its figures against process.memoryUsage() by hand.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { LineProfiler, profile } = require('../dist/lineprofiler/index.js');
const shapes = require('./fixtures/lineprofile/shapes.js');
const { compileDecorated } = require('./lineprofile-helpers.js');
const { grow, MIB } = require('./fixtures/lineprofile/grow.js');
const { gc } = require('./fixtures/tracemalloc/gc.js');


const FIXTURES = path.join(__dirname, 'fixtures', 'lineprofile');

/** The table of one profiled call as { lineno: occurrences }, only the lines that ran. */
function occurrences(result) {
  return Object.fromEntries(result.lines.filter((l) => l.occurrences !== null).map((l) => [l.lineno, l.occurrences]));
}

function profileOnce(fn) {
  const profiler = new LineProfiler();
  return { profiler, wrapped: profiler.wrap(fn) };
}

t.test('async function: awaits resume the same call; the table prints once it settles', async (t) => {
  const out = shapes.sink();
  const fetchTwice = profile(shapes.fetchTwice, { stream: out });
  const pending = fetchTwice(1);
  t.equal(out.text(), '', 'nothing printed before the call settles');
  t.equal(await pending, 3);
  t.match(out.text(), /^Filename: .*shapes\.js\n/);
  const { profiler, wrapped } = profileOnce(shapes.fetchTwice);
  await wrapped(1);
  // as memory_profiler 0.61 counts a coroutine (checked against it, with a lambda on line 7):
  // suspending at an await is a return, resuming a call; the arrow on line 7 is a call too
  t.same(occurrences(profiler.results()[0]), { 5: 1, 6: 2, 7: 4, 8: 1 });
});

t.test('concurrent calls of one async function each get their own table', async (t) => {
  const out = shapes.sink();
  const fetchTwice = profile(shapes.fetchTwice, { stream: out });
  t.same(await Promise.all([fetchTwice(1), fetchTwice(10), fetchTwice(100)]), [3, 21, 201]);
  const tables = out.text().split('Filename: ').slice(1);
  t.equal(tables.length, 3);
  for (const table of tables) t.match(table, /\n {5}5 .* {11}1   async function fetchTwice/, 'one call per table');
});

t.test('an error thrown inside propagates, and the table still prints', async (t) => {
  const out = shapes.sink();
  const thrower = profile(shapes.thrower, { stream: out });
  t.throws(() => thrower(5), new RangeError('too big: 10'));
  t.match(out.text(), /\n {4}13 .* 1 {3} {2}if \(a > 1\) throw/);
  const { profiler, wrapped } = profileOnce(shapes.thrower);
  t.throws(() => wrapped(5));
  t.same(occurrences(profiler.results()[0]), { 11: 1, 12: 1, 13: 1 }, 'the return line never ran');
  t.equal(wrapped(0), 0, 'a later call returns normally');
});

t.test('a profiled function calling another: one table each', async (t) => {
  const out = shapes.sink();
  const outer = profile(shapes.outer, { stream: out });
  t.equal(outer(3), 9);
  const tables = out.text().split('Filename: ').slice(1);
  t.equal(tables.length, 1, 'outer\'s own table (inner prints to its own stream)');
  t.notMatch(tables[0], /list\.push/, 'inner\'s lines are not in outer\'s table');
  const { profiler, wrapped } = profileOnce(shapes.outer);
  wrapped(3);
  t.same(occurrences(profiler.results()[0]), { 30: 1, 31: 1, 32: 1, 33: 1 });
  const innerProfiler = new LineProfiler();
  const inner = innerProfiler.wrap(shapes.inner);
  t.equal(inner(4), 4);
  t.same(occurrences(innerProfiler.results()[0]), { 24: 1, 25: 1, 26: 5, 27: 1 }, 'a one-line loop counts its turns');
});

t.test('generators, arrows, closures, and locals that shadow globals', async (t) => {
  const gen = profileOnce(shapes.counter);
  t.same([...gen.wrapped(3)], [0, 1, 2]);
  // as memory_profiler counts a generator (checked against it): the yield line once when the
  // generator suspends there ('return') and once when it resumes from there
  t.same(occurrences(gen.profiler.results()[0]), { 17: 1, 18: 1, 19: 4, 20: 6 });

  // an async generator: the await line and the yield line each count when the generator
  // suspends there and when it resumes, as memory_profiler 0.61 counts them (checked against it)
  const ticks = profileOnce(shapes.ticks);
  const got = [];
  for await (const value of ticks.wrapped(3)) got.push(value);
  t.same(got, [0, 1, 2]);
  const tickLines = shapes.ticks.toString().split('\n');
  const firstTick = ticks.profiler.results()[0].lines[0].lineno;
  const tickLine = (text) => firstTick + tickLines.findIndex((line) => line.includes(text));
  t.same(occurrences(ticks.profiler.results()[0]), {
    [tickLine('async function* ticks')]: 1, [tickLine('let i = 0;')]: 1, [tickLine('while (i < n)')]: 4,
    [tickLine('await delay(1);')]: 6, [tickLine('yield i++;')]: 6,
  });

  const arrow = profileOnce(shapes.arrow);
  t.equal(arrow.wrapped(2, 3), 10);
  t.same(occurrences(arrow.profiler.results()[0]), { 38: 1, 39: 1, 40: 1 });

  const profiler = new LineProfiler();
  const byTwo = profiler.wrap(shapes.makeClosure(2));
  const byTen = profiler.wrap(shapes.makeClosure(10));
  t.same([byTwo(1), byTwo(1), byTen(1)], [2, 4, 10], 'each closure keeps its own state');
  const results = profiler.results();
  t.equal(results.length, 1, 'closures of one source share one table, as code objects do');
  t.same(occurrences(results[0]), { 45: 3, 46: 3, 47: 3 });

  const shadow = profileOnce(shapes.shadowing);
  t.equal(shadow.wrapped('a', 'b', 'c'), 3, 'parameters named Array, globalThis and Symbol');
  t.same(occurrences(shadow.profiler.results()[0]), { 51: 1, 52: 1, 53: 1 });
});

/** Runs `run`; returns what was written to stderr meanwhile (where profile() prints). */
function stderrOf(run) {
  const chunks = [];
  const write = process.stderr.write;
  process.stderr.write = (text) => chunks.push(String(text));
  try {
    run();
  } finally {
    process.stderr.write = write;
  }
  return chunks.join('');
}

/** Runs Cache#fill(100) from the compiled fixture; returns what the profiler printed. */
function fillPrinted(t, compiled) {
  return stderrOf(() => {
    const { Cache } = require(compiled);
    t.equal(new Cache().fill(100), 100);
  });
}

t.test('a method decorated with @profile (TypeScript standard decorators, compiled by tsc)', async (t) => {
  const { compiled } = compileDecorated(t, {});
  t.notMatch(fs.readFileSync(compiled, 'utf8'), /__decorate\(/, 'standard decorators, not experimentalDecorators');
  const text = fillPrinted(t, compiled);
  t.match(text, `Filename: ${compiled}\n`, 'without a source map, the JavaScript tsc wrote');
  t.match(text, / {11}1 +fill\(n\) \{\n/, 'the method header is the call line');
  t.match(text, / {9}101 +for \(let i = 0; i < n; i\+\+\) \{\n/);
  t.match(text, / {9}100 +this\.items\.set\(i, `item \$\{i\}`\);\n/);
});

for (const mapOption of ['sourceMap', 'inlineSourceMap']) {
  t.test(`with tsc's ${mapOption}, the table shows the TypeScript file and its lines`, async (t) => {
    const { source, sourceLines, compiled } = compileDecorated(t, { [mapOption]: true });
    const text = fillPrinted(t, compiled);
    t.match(text, `Filename: ${source}\n`);
    const rows = text.split('\n').map((row) => /^\s*(\d+) .{12} .{12}  (.{10})   (.*)$/.exec(row)).filter(Boolean);
    const lineOf = (needle) => sourceLines.findIndex((line) => line.includes(needle)) + 1;
    t.same(rows.map((m) => Number(m[1])), [lineOf('fill(n: number): number {'), lineOf('for (let i'), lineOf('this.items.set'), lineOf('for (let i') + 2, lineOf('return this.items.size'), lineOf('return this.items.size') + 1], 'one row per line of the method in the .ts file');
    for (const m of rows) t.equal(m[3], sourceLines[Number(m[1]) - 1], `line ${m[1]} is the .ts line`);
    const occurrences = Object.fromEntries(rows.map((m) => [Number(m[1]), m[2].trim()]));
    t.equal(occurrences[lineOf('for (let i')], '101');
    t.equal(occurrences[lineOf('this.items.set')], '100');
    t.equal(occurrences[lineOf('return this.items.size')], '1');
  });
}

t.test('recursion counts as memory_profiler 0.61 counts it, `return r;` lines included', async (t) => {
  const profiler = new LineProfiler();
  const { recursive } = shapes;
  recursive.self = { fact: profiler.wrap(recursive.fact), walk: profiler.wrap(recursive.walk) };
  t.equal(recursive.self.fact(4), 24);
  t.equal(recursive.self.walk([1, [2, [3]], [4]]), 10);
  const [fact, walk] = profiler.results();
  // the counts of memory_profiler 0.61's LineProfiler for the same two functions in Python
  t.same(occurrences(fact), { 76: 4, 77: 4, 78: 1, 79: 3, 80: 3 });
  t.same(occurrences(walk), { 82: 4, 83: 4, 84: 7, 85: 3, 86: 4 });
});

t.test('a function defined inside the profiled one: each call starts on its first line', async (t) => {
  const { profiler, wrapped } = profileOnce(shapes.nestedFns);
  t.equal(wrapped([1, 2, 3]), 5);
  // memory_profiler 0.61 gives these counts for the same function with `def keep(v):` (a Python
  // lambda over two lines counts its first line once more per call, which is not followed)
  t.same(occurrences(profiler.results()[0]), { 92: 1, 93: 4, 94: 3, 95: 4, 96: 3, 97: 1, 98: 1, 99: 1 });
});

t.test('default parameter values belong to the call: the first line counts once per call', async (t) => {
  const { profiler, wrapped } = profileOnce(shapes.withDefaults);
  t.equal(wrapped(), 7);
  t.equal(wrapped(1, { b: 3 }), 4);
  t.same(occurrences(profiler.results()[0]), { 104: 2, 105: 2, 106: 2 });
});

t.test('a `while (true)` head, which V8 gives no location, counts each turn as Python\'s `while True:`', async (t) => {
  const { profiler, wrapped } = profileOnce(shapes.spin);
  t.equal(wrapped(3), 3);
  // memory_profiler 0.61, the same function with `while True:`
  t.same(occurrences(profiler.results()[0]), { 110: 1, 111: 1, 112: 3, 113: 3, 114: 3, 115: 1, 117: 1 });
});

t.test('a one-line for loop that tsc splits over two lines counts its turns through the source map', async (t) => {
  const { sourceLines, compiled } = compileDecorated(t, { sourceMap: true });
  const loop = sourceLines.findIndex((line) => line.includes('total += i')) + 1;
  t.match(fs.readFileSync(compiled, 'utf8'), /for \(let i = 0; i < n; i\+\+\)\n\s+total \+= i;/, 'tsc put the body on a line of its own');
  const printed = stderrOf(() => {
    const { Cache } = require(compiled);
    t.equal(new Cache().sum(4), 6);
  });
  const row = new RegExp(`^ *${loop} .{12} .{12}  +(\\d+)   `, 'm').exec(printed);
  t.equal(row?.[1], '5', 'four turns and the last test, as the same loop in plain JavaScript or Python');
});

t.test('a source line compiled to two JavaScript lines counts once per pass, not as a loop turn', async (t) => {
  const { twoLines } = require('./fixtures/lineprofile/two-lines.js');
  const { profiler, wrapped } = profileOnce(twoLines);
  t.equal(wrapped(), 2);
  t.equal(wrapped(), 2);
  const [result] = profiler.results();
  t.equal(result.filename, path.join(FIXTURES, 'two-lines.ts'), 'the source map\'s file');
  t.equal(result.lines[1].contents, '  const a = [1]; const b = [2];');
  t.same(occurrences(result), { 1: 2, 2: 2, 3: 2 });
});

t.test('calls still going at exit (an unfinished generator, an async call that never settles) print then', async (t) => {
  const fixture = path.join(FIXTURES, 'unfinished.js');
  const child = spawnSync(process.execPath, [fixture], { encoding: 'utf8' });
  t.equal(child.status, 0);
  const tables = child.stderr.split('Filename: ').slice(1);
  t.equal(tables.length, 2, 'one table per call');
  const source = fs.readFileSync(fixture, 'utf8').split('\n');
  const row = (table, needle) => {
    const lineno = source.findIndex((line) => line.includes(needle)) + 1;
    return new RegExp(`^ *${lineno} .{12} .{12}  +(\\d+)   `, 'm').exec(table)?.[1];
  };
  t.equal(row(tables[0], 'yield n++;'), '5', 'the generator: suspended three times, resumed twice');
  t.equal(row(tables[0], 'for (;;) {'), '3', 'its loop head, entered at each turn (as memory_profiler counts `while True:`)');
  t.equal(row(tables[1], 'const list = [1, 2, 3];'), '1', 'the async call: up to its await');
  t.equal(row(tables[1], 'return list;'), undefined, 'never reached');
});

t.test('per-line figures match process.memoryUsage() read by hand at the same points', async (t) => {
  const rss = () => process.memoryUsage().rss / MIB;
  // Buffers earlier tests dropped would be freed by the GC that allocating the buffers starts
  // in the middle of the call, moving rss between two readings by their size: collect them
  // first. A full GC hands dead buffers to a background sweeper; the second one waits for it.
  gc();
  gc();
  const profiler = new LineProfiler('rss');
  const { readings } = profiler.wrap(grow)(rss);
  // unprofiled, in a process of its own: in this one, rss was seen falling by 13-26 MiB while
  // the buffers were made (memory freed by earlier collections going back to the kernel)
  const byHand = JSON.parse(execFileSync(process.execPath, ['-e', `
    const { grow, MIB } = require(${JSON.stringify(require.resolve('./fixtures/lineprofile/grow.js'))});
    console.log(JSON.stringify(grow(() => process.memoryUsage().rss / MIB).readings));
  `], { encoding: 'utf8' }));
  const rows = Object.fromEntries(profiler.results()[0].lines.map((l) => [l.contents.trim(), l]));
  const allocA = rows['const a = Buffer.alloc(64 * MIB, 1);'];
  const allocB = rows['const b = Buffer.alloc(40 * MIB, 1);'];
  // a line's reading is taken at the next line event: right after the line ran, where the
  // function itself reads process.memoryUsage()
  t.ok(Math.abs(allocA.memUsage - readings[1]) < 1, `line a: table ${allocA.memUsage} MiB, by hand ${readings[1]} MiB`);
  t.ok(Math.abs(allocB.memUsage - readings[2]) < 1, `line b: table ${allocB.memUsage} MiB, by hand ${readings[2]} MiB`);
  t.ok(Math.abs(allocA.increment - (readings[1] - readings[0])) < 1, `line a adds ${allocA.increment} MiB, by hand ${readings[1] - readings[0]}`);
  t.ok(Math.abs(allocB.increment - (readings[2] - readings[1])) < 1, `line b adds ${allocB.increment} MiB, by hand ${readings[2] - readings[1]}`);
  t.ok(Math.abs(allocA.increment - 64) < 4 && Math.abs(allocB.increment - 40) < 4, `the buffers are resident: ${allocA.increment}, ${allocB.increment} MiB`);
  t.ok(Math.abs(byHand[2] - byHand[1] - 40) < 6, `unprofiled, line b adds ${byHand[2] - byHand[1]} MiB too`);
});

t.test('not-profiled code keeps its speed once profiled calls are over', async (t) => {
  // in a child of its own: tap's async hooks slow every await here
  const script = `
    const { Session } = require('node:inspector');
    const { LineProfiler } = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'lineprofiler', 'index.js'))});
    const { arrow } = require(${JSON.stringify(path.join(FIXTURES, 'shapes.js'))});
    const time = async () => {
      let best = Infinity;
      for (let round = 0; round < 5; round++) {
        const start = process.hrtime.bigint();
        for (let i = 0; i < 50000; i++) await null;
        best = Math.min(best, Number(process.hrtime.bigint() - start));
      }
      return best;
    };
    (async () => {
      new LineProfiler().wrap(arrow)(1, 2);
      await new Promise((resolve) => setImmediate(resolve));
      const after = await time();
      const session = new Session();
      session.connect();
      session.post('Debugger.enable');
      const debugging = await time();
      console.log(JSON.stringify({ after, debugging }));
    })();`;
  const { after, debugging } = JSON.parse(execFileSync('env', ['-u', 'NODE_OPTIONS', process.execPath, '-e', script], { encoding: 'utf8' }));
  t.ok(after * 3 < debugging, `50000 awaits: ${(after / 1e6).toFixed(1)} ms after profiling, ${(debugging / 1e6).toFixed(1)} ms with the Debugger on`);
});
