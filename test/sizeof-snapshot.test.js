'use strict';
// The layers under memkit/sizeof on hand-made snapshots whose answers are known by
// construction: the streaming parser, DevTools' dominator rules, the asizeof traversal
// rules, and the TypeError/default path for values a snapshot has no node for.
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { parseHeapSnapshot, HeapSnapshotParser, dominators } = require('../dist/heapsnapshot/index.js');
const { measure, shallowSize, requireAttributed, measureAll } = require('../dist/sizeof/measure.js');

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic',
  'concatenated string', 'sliced string', 'symbol', 'bigint', 'object shape'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

/**
 * Snapshot JSON from {name: [type, nodeName, selfSize, [[edgeType, edgeName, targetName]...]]};
 * the first entry is the root. `escape` writes every string with \u escapes.
 */
function snapshotText(spec, { escape = false } = {}) {
  const names = Object.keys(spec);
  const strings = [];
  const stringIndex = (s) => {
    const i = strings.indexOf(s);
    return i >= 0 ? i : strings.push(s) - 1;
  };
  const nodes = [];
  const edges = [];
  names.forEach((key, i) => {
    const [type, name, self, out = []] = spec[key];
    nodes.push(NODE_TYPES.indexOf(type), stringIndex(name), 2 * i + 1, self, out.length, 0, 0);
    for (const [edgeType, edgeName, to] of out) {
      const nameOrIndex = typeof edgeName === 'number' ? edgeName : stringIndex(edgeName);
      edges.push(EDGE_TYPES.indexOf(edgeType), nameOrIndex, names.indexOf(to) * 7);
    }
  });
  const meta = {
    node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
    node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
    edge_fields: ['type', 'name_or_index', 'to_node'],
    edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
  };
  const quote = (s) => (escape ? `"${s.split("").map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(s));
  return `{"snapshot":{"meta":${JSON.stringify(meta)},"node_count":${names.length},"edge_count":${edges.length / 3},"trace_function_count":0},\n`
    + `"nodes":[${nodes.join(',')}],\n"edges":[${edges.join(',')}],\n"trace_tree":[[1,[]]],\n`
    + `"strings":[${strings.map(quote).join(',\n')}]}`;
}

const chunked = (text, size) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
const byName = (graph, name) => Array.from({ length: graph.nodeCount }, (_, n) => n).find((n) => graph.nodeName(n) === name);

t.test('parser: any chunking gives the same columns, escapes decoded', async (t) => {
  const tricky = ['"quoted"', 'back\\slash', 'tab\there\nnewline', 'caf\u00e9 \u4e2d\u6587', 'emoji \ud83d\ude00', ''];
  const spec = { root: ['synthetic', '', 0, tricky.map((name, i) => ['property', name, `n${i}`])] };
  tricky.forEach((name, i) => { spec[`n${i}`] = ['string', name, 16 + i]; });
  for (const escape of [false, true]) {
    const text = snapshotText(spec, { escape });
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      const graph = parseHeapSnapshot(chunked(text, size));
      t.same(Array.from({ length: graph.edgeCount }, (_, e) => graph.edgeName(e)), tricky, `edge names, chunks of ${size}${escape ? ', \\u-escaped' : ''}`);
      t.same(Array.from(graph.columns.nodeSelfSize), [0, 16, 17, 18, 19, 20, 21]);
      t.same(Array.from(graph.columns.edgeTo), [1, 2, 3, 4, 5, 6], 'to_node offsets become ordinals');
      t.same(graph.columns.sections.trace_tree, [[1, []]], 'other sections are JSON-parsed');
    }
  }
});

t.test('parser: malformed input is a SyntaxError', async (t) => {
  const text = snapshotText({ root: ['synthetic', '', 0, [['element', 1, 'a']]], a: ['object', 'A', 8] });
  const parse = (s) => () => parseHeapSnapshot([s]);
  t.throws(parse(text.slice(0, -10)), SyntaxError, 'truncated');
  t.throws(parse(`${text} x`), SyntaxError, 'text after the end');
  t.throws(parse(text.replace('"node_count":2', '"node_count":3')), /rows, meta says 3/, 'node_count mismatch');
  t.throws(parse(text.replace('"nodes":[9', '"nodes":[-9')), SyntaxError, 'negative number');
  t.throws(() => new HeapSnapshotParser().finish(), SyntaxError, 'nothing pushed');
});

t.test('parser: a real V8 snapshot matches JSON.parse', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-sizeof-'));
  const file = path.join(dir, 'child.heapsnapshot');
  execFileSync(process.execPath, ['-e', `require('v8').writeHeapSnapshot(${JSON.stringify(file)})`], { env: { PATH: process.env.PATH } });
  const text = fs.readFileSync(file, 'utf8');
  fs.rmSync(dir, { recursive: true });
  const expected = JSON.parse(text);
  const graph = parseHeapSnapshot(chunked(text, 65536));
  const width = expected.snapshot.meta.node_fields.length;
  const { nodeType, nodeName, nodeId, nodeSelfSize, nodeEdgeCount, edgeType, edgeNameOrIndex, edgeTo, strings } = graph.columns;
  const mismatches = [];
  for (let n = 0; n < graph.nodeCount; n++) {
    const row = expected.nodes.slice(n * width, n * width + 5);
    if (row.join() !== [nodeType[n], nodeName[n], nodeId[n], nodeSelfSize[n], nodeEdgeCount[n]].join()) mismatches.push(`node ${n}`);
  }
  for (let e = 0; e < graph.edgeCount; e++) {
    const row = expected.edges.slice(e * 3, e * 3 + 3);
    if (row.join() !== [edgeType[e], edgeNameOrIndex[e], edgeTo[e] * width].join()) mismatches.push(`edge ${e}`);
  }
  t.equal(graph.nodeCount, expected.snapshot.node_count);
  t.equal(graph.edgeCount, expected.snapshot.edge_count);
  t.same(mismatches.slice(0, 5), [], 'every node and edge');
  t.ok(strings.length === expected.strings.length && strings.every((s, i) => s === expected.strings[i]), 'every string');
});

t.test("dominators: DevTools' rules", async (t) => {
  // G is the global object (the root's shortcut target, so "page-owned"). C is reached from G
  // through A and through B, D through A only; E is only weakly held; H hangs off (GC roots),
  // not page-owned, and its edge into A must not make the root A's dominator. B's shortcut
  // edge to D (shortcuts only count from the root) must not make G D's dominator.
  const graph = parseHeapSnapshot([snapshotText({
    root: ['synthetic', '', 0, [['element', 1, 'gcRoots'], ['shortcut', 'global', 'G']]],
    gcRoots: ['synthetic', '(GC roots)', 0, [['element', 1, 'H'], ['element', 2, 'G']]],
    G: ['object', 'G', 1, [['property', 'a', 'A'], ['property', 'b', 'B']]],
    A: ['object', 'A', 2, [['property', 'c', 'C'], ['property', 'd', 'D']]],
    B: ['object', 'B', 4, [['property', 'c', 'C'], ['shortcut', 'd', 'D']]],
    C: ['object', 'C', 8, [['internal', 'f', 'F']]],
    D: ['object', 'D', 16, [['weak', 'e', 'E']]],
    E: ['object', 'E', 32],
    F: ['native', 'F', 64],
    H: ['object', 'H', 128, [['property', 'a', 'A']]],
  })]);
  const { dominator, retained } = dominators(graph);
  const expected = { G: ['root', 1 + 2 + 4 + 8 + 16 + 64], A: ['G', 2 + 16], B: ['G', 4], C: ['G', 8 + 64], D: ['A', 16], E: ['root', 32], F: ['C', 64], H: ['gcRoots', 128] };
  for (const [name, [idom, size]] of Object.entries(expected)) {
    const n = byName(graph, name);
    t.equal(graph.nodeName(dominator[n]) || 'root', idom === 'gcRoots' ? '(GC roots)' : idom, `${name} is dominated by ${idom}`);
    t.equal(retained[n], size, `${name} retains ${size}`);
  }
  t.equal(retained[0], 255, 'the root retains everything, weakly held E included');
});

t.test('asizeof rules: what is shared runtime, what is external', async (t) => {
  const spec = {
    root: ['synthetic', '', 0, [['element', 1, 'V']]],
    V: ['object', 'Thing', 100, [
      ['property', '__proto__', 'P'], ['internal', 'map', 'M'], ['property', 'data', 'D'], ['internal', 'buffer', 'N'],
      ['weak', 'w', 'W'], ['property', 'fn', 'F'], ['property', 'u', 'U'], ['property', 'ctor', 'AF'], ['property', 'self', 'V'],
    ]],
    P: ['object', 'Object', 1000],
    M: ['object shape', 'system / Map', 2000],
    D: ['array', '(object elements)', 10, [['element', 0, 'P']]],
    N: ['native', 'system / JSArrayBufferData', 4096],
    W: ['object', 'Weak', 8000],
    F: ['closure', 'fn', 50, [['internal', 'context', 'C1'], ['internal', 'shared', 'S'], ['property', 'prototype', 'FP']]],
    FP: ['object', 'Object', 900],
    C1: ['object', 'system / Context', 20, [['context', 'x', 'X'], ['internal', 'previous', 'C0']]],
    X: ['object', 'Object', 5],
    C0: ['object', 'system / Context', 7000, [['context', 'moduleLevel', 'Y'], ['internal', 'previous', 'NC']]],
    Y: ['object', 'Object', 70000],
    NC: ['hidden', 'system / NativeContext', 9000, [['internal', 'array_function', 'AF']]],
    AF: ['closure', 'Array', 64000],
    S: ['code', '(shared function info)', 3000],
    U: ['hidden', 'system / Oddball', 48, [['hidden', 0, 'US']]],
    US: ['string', 'undefined', 32],
  };
  const graph = parseHeapSnapshot([snapshotText(spec)]);
  const nodes = Int32Array.from(['V', 'F', 'U', 'P'], (key) => Object.keys(spec).indexOf(key));
  const { deep } = measure(graph, nodes, [{}, {}, {}, {}], { deep: true });
  t.equal(deep.total[0], 100 + 10 + 4096 + 50 + 20 + 5, 'V: itself, elements, backing store, closure and its own context');
  t.equal(deep.external[0], 4096, 'native nodes are external');
  t.equal(deep.total[1], 50 + 20 + 5, 'a closure stops at the module-level context');
  t.equal(deep.total[2], 48, 'an oddball alone, not its name string');
  t.equal(deep.total[3], 1000, 'a shared value asked for directly is still sized');
});

t.test('stack, handle-scope and external-string roots do not own; read-only objects retain 0; external strings count their characters', async (t) => {
  // The caller's register (stack roots) holds A's array X too: without the rule X is the root's.
  // X2 is an external one-byte string of 5 characters (its name), S2 a two-byte one of 3; both
  // are listed by '(External strings)' too, which must not make them the root's.
  const spec = {
    root: ['synthetic', '', 0, [['element', 1, 'gcRoots']]],
    gcRoots: ['synthetic', '(GC roots)', 0, [['element', 1, 'stack'], ['element', 2, 'globals'], ['element', 3, 'ro'], ['element', 4, 'ext']]],
    stack: ['synthetic', '(Stack roots)', 0, [['element', 1, 'X']]],
    ro: ['synthetic', '(Read-only roots)', 0, [['element', 1, 'U'], ['element', 2, 'M1'], ['element', 3, 'M2']]],
    ext: ['synthetic', '(External strings)', 0, [['element', 1, 'X2'], ['element', 2, 'S2']]],
    globals: ['synthetic', '(Global handles)', 0, [['element', 1, 'A']]],
    A: ['object', 'A', 32, [['property', 'big', 'X'], ['property', 'u', 'U'], ['property', 's', 'X2'], ['property', 't', 'S2']]],
    X: ['array', 'X', 800016],
    U: ['hidden', 'system / Oddball', 48],
    X2: ['string', 'hello', 32, [['internal', 'map', 'M1']]],
    S2: ['string', 'été', 32, [['internal', 'map', 'M2']]],
    M1: ['hidden', 'system / Map (ExternalOneByteString)', 40],
    M2: ['hidden', 'system / Map (ExternalString)', 40],
  };
  const graph = parseHeapSnapshot([snapshotText(spec)]);
  const nodes = Int32Array.from(['A', 'U', 'X2', 'S2'], (key) => Object.keys(spec).indexOf(key));
  const [a, u, x2, s2] = measureAll(graph, nodes, [{}, undefined, {}, {}]);
  t.equal(a.retained, 32 + 800016 + (32 + 5) + (32 + 6), 'A retains its array and both strings with their characters');
  t.equal(u.retained, 0, 'an oddball under (Read-only roots) retains nothing');
  t.equal(u.deep, 48, 'and still has its own size');
  t.same([x2.deep, x2.external, s2.deep, s2.external], [37, 5, 38, 6], 'one byte a character, two for a two-byte string');
  t.equal(a.external, 11, 'A reaches both strings\' characters');
  t.equal(dominators(graph).retained[nodes[0]], 32, 'with DevTools\' rules alone, the stack and the string table keep them');
});

t.test('values without a node: 0 for numbers, default or TypeError otherwise', async (t) => {
  const graph = parseHeapSnapshot([snapshotText({ root: ['synthetic', '', 0] })]);
  t.equal(shallowSize(graph, -1, 42), 0, 'a small integer');
  t.equal(shallowSize(graph, -1, {}, { value: -1 }), -1, 'the default');
  t.equal(shallowSize(graph, -1, {}, { value: undefined }), undefined, 'an explicit undefined default');
  t.throws(() => shallowSize(graph, -1, new Map()), { name: 'TypeError', code: 'ERR_MEMKIT_UNATTRIBUTED', message: /getsizeof: .*an instance of Map/ });
  t.throws(() => requireAttributed('asizeof', Int32Array.of(-1), ['x']), { name: 'TypeError', message: /^asizeof: .*\(type string \('x'\)\)$/ });
  t.throws(() => measureAll(graph, Int32Array.of(0, -1), [{}, Symbol('s')]), { name: 'TypeError', message: /^sizes: .*at index 1 \(type symbol \(Symbol\(s\)\)\)/ });
  t.same(measureAll(graph, Int32Array.of(-1), [7]), [{ shallow: 0, deep: 0, external: 0, retained: 0 }]);
});
