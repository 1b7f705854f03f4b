'use strict';
// The Python classes ported: formats, ordering, grouping, filters and the snapshot file, checked
// against values printed by CPython's own tracemalloc and fnmatch (see each table's source).
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { inspect } = require('node:util');
const tm = require('memkit/tracemalloc');
const { formatSize } = require('../dist/tracemalloc/format-size.js');
const { fnmatch } = require('../dist/tracemalloc/fnmatch.js');
const { Frame, Traceback, Trace, Snapshot, Statistic, StatisticDiff, Filter } = tm;

const tb = (...frames) => new Traceback(frames.map(([f, l, n]) => new Frame(f, l, n)));

t.test('formatSize matches Python 3 tracemalloc._format_size', async (t) => {
  // python3 -c 'import tracemalloc; print([tracemalloc._format_size(v, s) for v in VALUES])'
  const values = [0, 1, 99, 100, 1023, 10239, 10240, 687104, 102400, 1048576 * 80.5, -687104, -5, 1.5, 2.5, 56.4, 1024 ** 5 * 3, 1024 * 99.95, 1024 * 99.25];
  const plain = ['0 B', '1 B', '99 B', '100 B', '1023 B', '10239 B', '10.0 KiB', '671 KiB', '100 KiB', '80.5 MiB', '-671 KiB', '-5 B', '2 B', '2 B', '56 B', '3072 TiB', '100.0 KiB', '99.2 KiB'];
  const signed = ['+0 B', '+1 B', '+99 B', '+100 B', '+1023 B', '+10239 B', '+10.0 KiB', '+671 KiB', '+100 KiB', '+80.5 MiB', '-671 KiB', '-5 B', '+2 B', '+2 B', '+56 B', '+3072 TiB', '+100.0 KiB', '+99.2 KiB'];
  t.same(values.map((v) => formatSize(v)), plain);
  t.same(values.map((v) => formatSize(v, true)), signed);
});

t.test('Statistic and StatisticDiff print as Python does', async (t) => {
  const traceback = tb(['tracemalloc_test.js', 13, '']);
  t.equal(String(new Statistic(traceback, 687104, 12346)), 'tracemalloc_test.js:13: size=671 KiB, count=12346, average=56 B');
  t.equal(String(new Statistic(traceback, 0, 0)), 'tracemalloc_test.js:13: size=0 B, count=0');
  t.equal(
    String(new StatisticDiff(traceback, 687104, 687104, 12346, 12346)),
    'tracemalloc_test.js:13: size=671 KiB (+671 KiB), count=12346 (+12346), average=56 B',
  );
  t.equal(String(new StatisticDiff(traceback, 0, -1024, 0, -3)), 'tracemalloc_test.js:13: size=0 B (-1024 B), count=0 (-3)');
  t.equal(String(tb(['a.js', 3, 'eat'])), 'a.js:3 (eat)', 'a function frame carries its name');
  t.match(inspect(new Statistic(traceback, 10, 1)), /^<Statistic traceback=<Traceback \(<Frame filename='tracemalloc_test.js' lineno=13 name=''>,\)> size=10 count=1>$/);
});

t.test('Traceback: oldest first, str is the oldest frame, format() with limits', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-tm-'));
  const file = path.join(dir, 'src.js');
  fs.writeFileSync(file, 'line one\n  line two  \nline three\n');
  const traceback = tb([file, 1, 'outer'], [file, 2, 'inner']);
  t.equal(traceback.length, 2);
  t.equal(traceback[0].lineno, 1);
  t.equal(traceback.at(-1).name, 'inner');
  t.equal(String(traceback), `${file}:1 (outer)`);
  t.ok(traceback.includes(new Frame(file, 2, 'inner')));
  t.same(traceback.format(), [`  File "${file}", line 1, in outer`, '    line one', `  File "${file}", line 2, in inner`, '    line two']);
  t.same(traceback.format(1), [`  File "${file}", line 2, in inner`, '    line two']);
  t.same(traceback.format(-1), [`  File "${file}", line 1, in outer`, '    line one']);
  t.same(traceback.format(null, true)[0], `  File "${file}", line 2, in inner`);
  t.same(tb(['/nonexistent.js', 1, '']).format(), ['  File "/nonexistent.js", line 1']);
});

t.test('fnmatch matches as Python 3 fnmatch.fnmatch does on POSIX', async (t) => {
  // python3 -c 'import fnmatch; print([fnmatch.fnmatch(n, p) for n, p in CASES])'
  const cases = [
    ['a/b/c.js', '*.js', true], ['a/b/c.js', 'a/*', true], ['abc', 'a?c', true], ['abc', 'a[bx]c', true],
    ['abc', 'a[!b]c', false], ['a]c', 'a[]]c', true], ['a[c', 'a[c', true], ['a.c', 'a.c', true], ['abc', 'a.c', false],
    ['x/fix.js', '*/fix.js', true], ['fix.js', '*/fix.js', false], ['a-c', 'a[a-z-]c', true], ['a^c', 'a[^]c', true],
    ['a\\c', 'a[\\]c', true], ['ABC', 'abc', false],
  ];
  for (const [name, pattern, expected] of cases) t.equal(fnmatch(name, pattern), expected, `${name} ~ ${pattern}`);
});

function sample() {
  const main = ['/app/main.js', 1, ''];
  const eat = ['/app/eater.js', 11, 'eat'];
  const join = ['/app/lib/join.js', 4, 'join'];
  return new Snapshot([
    new Trace(1000, 10, tb(main, eat)),
    new Trace(500, 5, tb(main, eat, join)),
    new Trace(300, 3, tb(main)),
    new Trace(200, 1, tb(main, ['/app/lib/join.js', 9, 'split'])),
  ], 3);
}

t.test('statistics: lineno, filename, traceback and cumulative, sorted by size', async (t) => {
  const snapshot = sample();
  t.same(snapshot.statistics('lineno').map(String), [
    '/app/eater.js:11 (eat): size=1000 B, count=10, average=100 B',
    '/app/lib/join.js:4 (join): size=500 B, count=5, average=100 B',
    '/app/main.js:1: size=300 B, count=3, average=100 B',
    '/app/lib/join.js:9 (split): size=200 B, count=1, average=200 B',
  ]);
  t.same(snapshot.statistics('filename').map((s) => [String(s.traceback), s.size, s.count]), [
    ['/app/eater.js:0', 1000, 10], ['/app/lib/join.js:0', 700, 6], ['/app/main.js:0', 300, 3],
  ]);
  t.same(snapshot.statistics('lineno', true).map((s) => [String(s.traceback), s.size]), [
    ['/app/main.js:1', 2000], ['/app/eater.js:11 (eat)', 1500], ['/app/lib/join.js:4 (join)', 500], ['/app/lib/join.js:9 (split)', 200],
  ]);
  t.same(snapshot.statistics('filename', true).map((s) => [String(s.traceback), s.size]), [
    ['/app/main.js:0', 2000], ['/app/eater.js:0', 1500], ['/app/lib/join.js:0', 700],
  ]);
  const byTraceback = snapshot.statistics('traceback');
  t.equal(byTraceback.length, 4);
  t.equal(byTraceback[1].traceback.length, 3);
});

t.test('compareTo: new, grown, shrunk and gone entries, biggest change first', async (t) => {
  const old = sample();
  const eat = tb(['/app/main.js', 1, ''], ['/app/eater.js', 11, 'eat']);
  const now = new Snapshot([new Trace(5000, 50, eat), new Trace(64, 1, tb(['/app/new.js', 2, 'fresh']))], 3);
  t.same(now.compareTo(old, 'lineno').map(String), [
    '/app/eater.js:11 (eat): size=5000 B (+4000 B), count=50 (+40), average=100 B',
    '/app/lib/join.js:4 (join): size=0 B (-500 B), count=0 (-5)',
    '/app/main.js:1: size=0 B (-300 B), count=0 (-3)',
    '/app/lib/join.js:9 (split): size=0 B (-200 B), count=0 (-1)',
    '/app/new.js:2 (fresh): size=64 B (+64 B), count=1 (+1), average=64 B',
  ]);
});

t.test('filterTraces: inclusive any-of, exclusive all-of, lineno and allFrames', async (t) => {
  const snapshot = sample();
  const sizes = (filters) => snapshot.filterTraces(filters).traces.map((trace) => trace.size);
  t.same(sizes([]), [1000, 500, 300, 200], 'no filters: a copy');
  t.same(sizes([new Filter(true, '*/lib/*')]), [500, 200], 'inclusive: most recent frame');
  t.same(sizes([new Filter(false, '*/lib/*')]), [1000, 300]);
  t.same(sizes([new Filter(true, '*/lib/*', 4)]), [500]);
  t.same(sizes([new Filter(false, '*/lib/*', 4)]), [1000, 300, 200]);
  t.same(sizes([new Filter(true, '/app/eater.js', null, true)]), [1000, 500], 'allFrames: any frame');
  t.same(sizes([new Filter(false, '/app/eater.js', null, true)]), [300, 200]);
  t.same(sizes([new Filter(true, '*/lib/*'), new Filter(true, '/app/main.js')]), [500, 300, 200], 'inclusive filters: any');
  t.same(sizes([new Filter(false, '*/lib/*'), new Filter(false, '/app/main.js')]), [1000], 'exclusive filters: all');
  t.same(sizes([new Filter(true, '/app/*'), new Filter(false, '*/join.js')]), [1000, 300]);
  t.equal(snapshot.filterTraces([]).tracebackLimit, 3);
});

t.test('dump and load round-trip', async (t) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-tm-')), 'snap.json');
  const snapshot = sample();
  snapshot.dump(file);
  const loaded = Snapshot.load(file);
  t.equal(loaded.tracebackLimit, 3);
  t.same(loaded.statistics('traceback').map(String), snapshot.statistics('traceback').map(String));
  t.same(loaded.traces.map((trace) => [trace.size, trace.count, trace.traceback.key]), snapshot.traces.map((trace) => [trace.size, trace.count, trace.traceback.key]));
  t.same(loaded.compareTo(snapshot, 'traceback').map((d) => d.sizeDiff), [0, 0, 0, 0]);
  fs.writeFileSync(file, '{"format":"something else"}');
  t.throws(() => Snapshot.load(file), { code: 'ERR_TRACEMALLOC_BAD_SNAPSHOT' });
  fs.writeFileSync(file, 'not json');
  t.throws(() => Snapshot.load(file), { code: 'ERR_TRACEMALLOC_BAD_SNAPSHOT' });
  t.throws(() => Snapshot.load(file + '.missing'), { code: 'ENOENT' });
  // Each malformed row is named, with the file, instead of a raw TypeError from deep inside.
  const good = JSON.parse(fs.readFileSync((snapshot.dump(file), file), 'utf8'));
  const broken = [
    ['a null frame', (f) => { f.frames[0] = null; }, /frame 0 is null/],
    ['a frame without its line', (f) => { f.frames[1] = ['x.js']; }, /frame 1 is \["x.js"\]/],
    ['a null trace row', (f) => { f.traces[1] = null; }, /trace 1 is null/],
    ['a size that is not a number', (f) => { f.traces[0][0] = 'big'; }, /trace 0: size and count/],
    ['a frame index out of range', (f) => { f.traces[0].push(99); }, /trace 0 names a missing frame/],
    ['a fractional frame index', (f) => { f.traces[0][2] = 0.5; }, /trace 0 names a missing frame/],
    ['no tracebackLimit', (f) => { delete f.tracebackLimit; }, /tracebackLimit/],
  ];
  for (const [what, breakIt, message] of broken) {
    const copy = structuredClone(good);
    breakIt(copy);
    fs.writeFileSync(file, JSON.stringify(copy));
    t.throws(() => Snapshot.load(file), { code: 'ERR_TRACEMALLOC_BAD_SNAPSHOT', message }, what);
    t.throws(() => Snapshot.load(file), { message: new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a memkit tracemalloc snapshot`) }, `${what}: names the file`);
  }
});

t.test('bad arguments are TypeErrors (and RangeErrors for numbers out of range)', async (t) => {
  const snapshot = sample();
  t.throws(() => snapshot.statistics('line'), { name: 'TypeError', message: "unknown key_type: 'line'" });
  t.throws(() => snapshot.statistics(3), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  t.throws(() => snapshot.statistics('traceback', true), { name: 'TypeError', message: "cumulative mode cannot by used with key type 'traceback'" });
  t.throws(() => snapshot.statistics('lineno', 1), { name: 'TypeError' });
  t.throws(() => snapshot.compareTo({}, 'lineno'), { name: 'TypeError' });
  t.throws(() => snapshot.filterTraces(new Filter(true, '*')), { name: 'TypeError' });
  t.throws(() => snapshot.filterTraces(['*.js']), { name: 'TypeError' });
  t.throws(() => snapshot.filterTraces(null), { name: 'TypeError' });
  t.throws(() => snapshot.dump(42), { name: 'TypeError' });
  t.throws(() => new Filter('yes', '*'), { name: 'TypeError' });
  t.throws(() => new Filter(true, /x/), { name: 'TypeError' });
  t.throws(() => new Filter(true, '*', '3'), { name: 'TypeError' });
  t.throws(() => new Filter(true, '*', null, 1), { name: 'TypeError' });
  t.throws(() => new Frame(1, 2), { name: 'TypeError' });
  t.throws(() => new Frame('a.js', 1.5), { name: 'TypeError' });
  t.throws(() => new Traceback([{ filename: 'a.js', lineno: 1 }]), { name: 'TypeError' });
  t.throws(() => tm.start('1'), { name: 'TypeError' });
  t.throws(() => tm.start(0), { name: 'RangeError' });
  t.throws(() => tm.start(65536), { name: 'RangeError' });
  t.throws(() => tm.start(1, { exact: 'yes' }), { name: 'TypeError' });
  t.throws(() => tm.start(1, { samplingInterval: '512' }), { name: 'TypeError' });
  t.throws(() => tm.start(1, { samplingInterval: 0 }), { name: 'RangeError' });
  t.throws(() => tm.start(1, null), { name: 'TypeError' });
  t.notOk(tm.isTracing(), 'a rejected start() does not start');
});

t.test('before start(): Python\'s message, empty memory, no traceback', async (t) => {
  t.throws(() => tm.takeSnapshot(), { message: 'the tracemalloc module must be tracing memory allocations to take a snapshot' });
  t.same(tm.getTracedMemory(), [0, 0]);
  t.equal(tm.getTracemallocMemory(), 0);
  t.equal(tm.getObjectTraceback({}), null);
  t.equal(tm.getTracebackLimit(), 1);
});
