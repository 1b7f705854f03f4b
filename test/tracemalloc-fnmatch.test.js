'use strict';
// fnmatch against CPython's own fnmatch.fnmatch over generated patterns: random strings of the
// characters that mean something in a pattern ([, ], !, -, *, ?, ^, \) and a few plain ones,
// each tried on generated names. Any answer that differs, and any pattern that one side rejects
// and the other not, is a failure.
const t = require('tap');
const { spawnSync } = require('node:child_process');
const { fnmatch } = require('../dist/tracemalloc/fnmatch.js');
const { Filter, Snapshot, Trace, Traceback, Frame } = require('../dist/tracemalloc/index.js');

const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;

function rng(seed) {
  let s = seed >>> 0;
  return (n) => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s % n;
  };
}

const PATTERN_CHARS = ['[', ']', '!', '-', '*', '?', '^', '\\', 'a', 'b', 'c', 'z', '/', '.', '&', '~', '|', 'é', '😀'];
const NAME_CHARS = ['a', 'b', 'c', 'z', '-', '!', '^', '\\', ']', '[', '/', '.', 'y', '&', '\n', 'é', '😀'];

function cases() {
  const pick = rng(20261201);
  const word = (chars, max) => Array.from({ length: pick(max + 1) }, () => chars[pick(chars.length)]).join('');
  const out = [['a', '[z-a]'], ['z', '[z-a]'], ['b', '[a--c]'], ['-', '[a--c]'], ['x', '[!z-a]'], ['', '[]'], ['a', '[!]']];
  for (let p = 0; p < 3000; p++) {
    const pattern = word(PATTERN_CHARS, 8);
    for (let n = 0; n < 4; n++) out.push([word(NAME_CHARS, 6), pattern]);
    // names shaped like the pattern, so that many pairs match
    const shaped = [...pattern].map((c) => (c === '*' ? word(NAME_CHARS, 3) : c === '?' ? NAME_CHARS[pick(NAME_CHARS.length)] : c));
    out.push([shaped.join(''), pattern], [shaped.filter((c) => !'[]!'.includes(c)).join(''), pattern]);
  }
  return out;
}

function ours(name, pattern) {
  try {
    return fnmatch(name, pattern);
  } catch (error) {
    return `error ${error.constructor.name}`;
  }
}

t.test('fnmatch answers as CPython\'s fnmatch.fnmatch', { skip: !hasPython && 'python3 is not installed' }, async (t) => {
  const all = cases();
  const script = [
    'import fnmatch, json, sys, warnings',
    "warnings.simplefilter('ignore')",
    'def one(n, p):',
    '    try:',
    '        return fnmatch.fnmatch(n, p)',
    '    except Exception as e:',
    "        return 'error'",
    'print(json.dumps([one(n, p) for n, p in json.load(sys.stdin)]))',
  ].join('\n');
  const out = spawnSync('python3', ['-c', script], { input: JSON.stringify(all), encoding: 'utf8', maxBuffer: 1 << 26 });
  t.equal(out.status, 0, out.stderr);
  const expected = JSON.parse(out.stdout);
  const differ = all
    .map(([name, pattern], i) => ({ name, pattern, python: expected[i], memkit: ours(name, pattern) }))
    .filter((c) => (c.python === 'error' ? !String(c.memkit).startsWith('error') : c.python !== c.memkit));
  t.same(differ.slice(0, 10), [], `${all.length} name/pattern pairs agree`);
  t.ok(expected.filter((r) => r === true).length > 2000, 'the generated cases match often enough to test something');
});

t.test('reversed and doubled ranges work through Filter and filterTraces', async (t) => {
  t.equal(fnmatch('a', '[z-a]'), false);
  // CPython 3.11 reads [a--c] as a, the empty range a-- dropped, then -c: the set [c]
  t.equal(fnmatch('c', '[a--c]'), true);
  t.equal(fnmatch('-', '[a--c]'), false);
  const trace = (file) => new Trace(10, 1, new Traceback([new Frame(file, 1, 'f')]));
  const snapshot = new Snapshot([trace('/x/a.js'), trace('/x/c.js')], 1);
  const kept = snapshot.filterTraces([new Filter(true, '/x/[a--c].js')]);
  t.same(kept.traces.map((tr) => tr.traceback.at(-1).filename), ['/x/c.js']);
  t.same(snapshot.filterTraces([new Filter(false, '/x/[z-a].js')]).traces.length, 2);
});
