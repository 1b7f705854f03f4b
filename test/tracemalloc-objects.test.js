'use strict';
// getObjectTraceback() in exact mode, in this process and when the GC moves traced objects. V8
// follows an object's allocation trace across a move only until a heap snapshot has numbered it
// (HeapProfiler::ObjectMoveEvent), and every getObjectTraceback()/takeSnapshot() takes one;
// memkit carries each object's trace over by its snapshot id. Under --compact-on-every-full-gc
// every snapshot's GC moves every object (fixtures/tracemalloc/moved-traced.js); under
// --no-compact, the reference, none is compacted.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const tm = require('memkit/tracemalloc');
const { allocateArrays } = require('./fixtures/tracemalloc/arrays.js');

const COUNT = 50;
const fixture = path.join(__dirname, 'fixtures', 'tracemalloc', 'moved-traced.js');
const lineOf = (text) => fs.readFileSync(fixture, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;

/** The fixture's JSON under a node flag; the two runs go in parallel. */
function run(flag) {
  return new Promise((resolve, reject) => {
    execFile('env', ['-u', 'NODE_OPTIONS', process.execPath, flag, fixture, String(COUNT)], (error, stdout, stderr) => {
      if (error) reject(new Error(`moved-traced.js ${flag}: ${error.message} ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

t.test('exact: every object and string keeps its traceback when the GC moves it', async (t) => {
  const objectLine = lineOf('function makeObject(');
  const stringLine = lineOf('function makeString(');
  const [moved, still] = await Promise.all([run('--compact-on-every-full-gc'), run('--no-compact')]);
  const expected = Array.from({ length: COUNT }, (_, i) =>
    i % 5 === 4 ? [fixture, stringLine, 'makeString'] : [fixture, objectLine, 'makeObject']);
  t.same(moved.frames, expected, `${COUNT} lookups (${COUNT / 5} strings, a snapshot each), every value moved after its first snapshot`);
  t.ok(moved.counts[objectLine] >= COUNT * 4 / 5, `takeSnapshot() after the moves counts every object of makeObject (${moved.counts[objectLine]})`);
  t.ok(moved.counts[stringLine] >= COUNT / 5, `and every string of makeString (${moved.counts[stringLine]})`);
  t.same(still.frames, expected, 'the same tracebacks when nothing is compacted');
  t.same([moved.counts[objectLine], moved.counts[stringLine]], [still.counts[objectLine], still.counts[stringLine]],
    'and the same live objects of makeObject and makeString');
});

t.test('exact: getObjectTraceback() names where an object was allocated', async (t) => {
  tm.start(3, { exact: true });
  t.teardown(tm.stop);
  const inline = { allocatedHere: true };
  const [array] = allocateArrays(1);
  const traceback = tm.getObjectTraceback(array);
  t.ok(traceback, 'traced');
  t.equal(traceback.at(-1).filename, path.join(__dirname, 'fixtures', 'tracemalloc', 'arrays.js'));
  t.equal(traceback.at(-1).name, 'allocateArrays');
  t.equal(traceback.at(-2).filename, __filename);
  const own = tm.getObjectTraceback(inline);
  const testLine = fs.readFileSync(__filename, 'utf8').split('\n').findIndex((line) => line.includes("t.test('exact: getObjectTraceback() names")) + 1;
  t.same([own.at(-1).filename, own.at(-1).lineno], [__filename, testLine], 'an object made in this test function: its frame is the function\'s line');
  t.equal(tm.getObjectTraceback(globalThis), null, 'allocated before start()');
  t.equal(tm.getObjectTraceback(42), null, 'a small integer is no heap object');
  tm.stop();
});
