// memkit/sizeof on a 50 MB and a 500 MB heap: getsizeof of one value and sizes() of 1,000
// values, against the V8 heap snapshot alone (the floor: every call takes one) and against
// v8.getHeapSnapshot() read to the end. A snapshot costs time per heap object, not per byte,
// so the table gives the node count. The memory rows compare what the streaming parser keeps
// with the JSON text a join + JSON.parse would hold on top of its parsed arrays.
'use strict';
const v8 = require('node:v8');
const inspector = require('node:inspector');
const { median } = require('./lib/measure.js');
const { getsizeof, asizeof, sizes } = require('memkit/sizeof');
const { takeHeapSnapshot } = require('../dist/heapsnapshot/index.js');

const RECORD_BYTES = 1000;

/** Records of a flat 1,000-character string, a 4-double array and an id: about 1.1 KB, 4 heap objects each. */
function buildHeap(megabytes) {
  const count = Math.round((megabytes * 1e6) / 1150);
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    name: Buffer.alloc(RECORD_BYTES, 97 + (i % 26)).toString('latin1'),
    tags: [i + 0.5, i + 1.5, i + 2.5, i + 3.5],
  }));
}

function snapshotOnly() {
  const session = new inspector.Session();
  session.connect();
  let chars = 0;
  session.on('HeapProfiler.addHeapSnapshotChunk', (m) => { chars += m.params.chunk.length; });
  session.post('HeapProfiler.takeHeapSnapshot', {});
  session.disconnect();
  return chars;
}

function readGetHeapSnapshot() {
  return new Promise((resolve, reject) => {
    const stream = v8.getHeapSnapshot();
    stream.on('data', () => {});
    stream.on('end', resolve);
    stream.on('error', reject);
  });
}

async function msOf(fn, rounds) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    global.gc?.();
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

function graphBytes(graph) {
  const { strings, sections, meta, ...columns } = graph.columns;
  let total = graph.firstEdge.byteLength;
  for (const column of Object.values(columns)) total += column.byteLength;
  for (const s of strings) total += s.length;
  return total;
}

async function benchHeap(megabytes, rounds) {
  let heap = buildHeap(megabytes);
  const step = Math.floor(heap.length / 1000);
  const values = Array.from({ length: 1000 }, (_, i) => [heap[i * step], heap[i * step].name, heap[i * step].tags][i % 3]);
  const graph = takeHeapSnapshot();
  const nodes = graph.nodeCount;
  const parsedBytes = graphBytes(graph);
  const jsonChars = snapshotOnly();
  const base = await msOf(snapshotOnly, rounds);
  const rows = [
    ['V8 snapshot alone (inspector, chunks dropped)', base],
    ['v8.getHeapSnapshot() read to the end', await msOf(readGetHeapSnapshot, rounds)],
    ['getsizeof(value)', await msOf(() => getsizeof(values[0]), rounds)],
    ['asizeof(value)', await msOf(() => asizeof(values[0]), rounds)],
    ['sizes(1,000 values): all four sizes each', await msOf(() => sizes(values), rounds)],
  ];
  const heapUsed = process.memoryUsage().heapUsed;
  heap = null;
  console.log(`memkit/sizeof on a ${megabytes} MB heap (heapUsed ${(heapUsed / 1e6).toFixed(0)} MB, ${nodes.toLocaleString('en')} snapshot nodes), median of ${rounds}, ratio to the snapshot alone`);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(width)}  ${ms.toFixed(0).padStart(7)} ms  ${(ms / base).toFixed(2).padStart(6)}x`);
  const each = rows[2][1];
  const batch = rows[4][1];
  console.log(`  1,000 values: 1,000 getsizeof() calls take ~${((each * 1000) / 1000).toFixed(0)} s (a snapshot each), one sizes() call ${(batch / 1000).toFixed(1)} s: ${((each * 1000) / batch).toFixed(0)}x`);
  console.log(`  snapshot JSON text ${(jsonChars / 1e6).toFixed(0)} MB (one-byte chars); the streaming parser keeps ${(parsedBytes / 1e6).toFixed(0)} MB of columns and strings (${(parsedBytes / jsonChars).toFixed(2)}x) and never holds the text`);
}

module.exports = async function benchSizeof() {
  await benchHeap(50, 3);
  console.log();
  await benchHeap(500, 1);
  global.gc?.();
};
