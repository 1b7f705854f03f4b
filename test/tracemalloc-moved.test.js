'use strict';
// Exact mode when the GC moves traced objects. V8 follows an object's allocation trace across a
// move only until a heap snapshot has numbered it (HeapProfiler::ObjectMoveEvent), and every
// getObjectTraceback()/takeSnapshot() takes one; memkit carries each object's trace over by its
// snapshot id. Under --compact-on-every-full-gc every snapshot's GC moves every object
// (fixtures/tracemalloc/moved-traced.js); under --no-compact, the reference, none is compacted.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const COUNT = 50;
const fixture = path.join(__dirname, 'fixtures', 'tracemalloc', 'moved-traced.js');
const lineOf = (text) => fs.readFileSync(fixture, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;

function run(flag) {
  const child = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, flag, fixture, String(COUNT)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`moved-traced.js ${flag} exited ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

t.test('exact: every object and string keeps its traceback when the GC moves it', async (t) => {
  const objectLine = lineOf('function makeObject(');
  const stringLine = lineOf('function makeString(');
  const moved = run('--compact-on-every-full-gc');
  const expected = Array.from({ length: COUNT }, (_, i) =>
    i % 5 === 4 ? [fixture, stringLine, 'makeString'] : [fixture, objectLine, 'makeObject']);
  t.same(moved.frames, expected, `${COUNT} lookups (${COUNT / 5} strings, a snapshot each), every value moved after its first snapshot`);
  t.ok(moved.counts[objectLine] >= COUNT * 4 / 5, `takeSnapshot() after the moves counts every object of makeObject (${moved.counts[objectLine]})`);
  t.ok(moved.counts[stringLine] >= COUNT / 5, `and every string of makeString (${moved.counts[stringLine]})`);
  const still = run('--no-compact');
  t.same(still.frames, expected, 'the same tracebacks when nothing is compacted');
  t.same([moved.counts[objectLine], moved.counts[stringLine]], [still.counts[objectLine], still.counts[stringLine]],
    'and the same live objects of makeObject and makeString');
});
