'use strict';
// memkit/sizeof against V8's object layout on this platform. Expected sizes are derived from
// V8's field lists below; all values are measured in one snapshot (sizes()), and a few again
// through getsizeof/asizeof/retainedSize to check the single-value functions agree.
const t = require('tap');
const { sizes, getsizeof, asizeof, retainedSize } = require('memkit/sizeof');

// One tagged slot. Node 20 on 64-bit platforms ships without pointer compression: 8 bytes. The sizes
// below are written for that build; with compression most slots halve.
const compressed = Boolean(process.config.variables.v8_enable_pointer_compression);
const W = 8;
const roundUp = (n) => Math.ceil(n / 8) * 8;

const JS_OBJECT = 3 * W; // map, properties, elements
const JS_ARRAY = JS_OBJECT + W; // + length
const FIXED_ARRAY = 2 * W; // map, length; then one slot per element
const SEQ_STRING = W + 4 + 4; // map, raw hash field (u32), length (u32); then the characters
const HEAP_NUMBER = W + 8; // map, float64
const JS_FUNCTION_NO_PROTOTYPE = 7 * W; // map, properties, elements, shared, context, feedback cell, code
const FUNCTION_CONTEXT = 4 * W; // map, length, scope info, previous; then one slot per captured variable
// JSArrayBufferView: buffer, byte offset, byte length, bit field (u32 + padding); JSTypedArray
// adds length, external pointer, base pointer; the API adds 2 embedder fields.
const JS_TYPED_ARRAY = JS_OBJECT + 4 * W + 3 * W + 2 * W;
// JSArrayBuffer: backing store, extension, byte length, max byte length, detach key,
// bit field (u32 + padding), then 2 embedder fields.
const JS_ARRAY_BUFFER = JS_OBJECT + 6 * W + 2 * W;
// OrderedHashMap: a FixedArray holding element count, deleted count, bucket count, then
// capacity/2 buckets and 3 slots (key, value, chain) per entry; capacity doubles from 4.
const orderedHashMap = (entries) => {
  let capacity = 4;
  while (capacity < entries) capacity *= 2;
  return FIXED_ARRAY + W * (3 + capacity / 2 + 3 * capacity);
};

function makeClass(methods) {
  class Shape {
    constructor() {
      this.a = 1;
      this.b = 2;
    }
  }
  for (let i = 0; i < methods; i++) Shape.prototype[`m${i}`] = function () { return i; };
  Shape.prototype.table = new Array(100000).fill(0.5);
  return Shape;
}

function capture() {
  const data = new Array(100).fill(0.5);
  return () => data;
}

const fourFields = Array.from({ length: 10 }, () => ({ a: 1, b: 2, c: 3, d: 4 }));
const Small = makeClass(0);
const Big = makeClass(500);
// In-object slack tracking: instances get 8 spare in-object slots until 7 have been built;
// then V8 shrinks the class's instances, existing ones included, to the fields used (2 here).
const lone = new (makeClass(0))();
const smalls = Array.from({ length: 10 }, () => new Small());
const bigs = Array.from({ length: 10 }, () => new Big());
const big = Array.from({ length: 100000 }, (_, i) => i);
const left = { big };
const right = { big };
const ring = { name: 'ring', next: null };
ring.next = { name: 'ring', next: ring };

const cases = {
  emptyObject: {},
  fourFields: fourFields[9],
  smis: Array.from({ length: 1000 }, (_, i) => i),
  doubles: Array.from({ length: 1000 }, (_, i) => i + 0.5),
  oneByte: String.fromCharCode(...new Array(1000).fill(0x78)),
  twoByte: String.fromCharCode(...new Array(1000).fill(0x4e2d)),
  buffer: Buffer.alloc(1 << 20),
  map: new Map(Array.from({ length: 10000 }, (_, i) => [i, i])),
  left,
  right,
  big,
  ring,
  ringNext: ring.next,
  lone,
  small: smalls[9],
  bigInstance: bigs[9],
  closure: capture(),
  smi: 12345,
  smiMax: 2 ** 31 - 1,
  outsideSmi: 2 ** 31,
  double: 0.5,
  minusZero: -0,
};
const names = Object.keys(cases);
const measured = sizes(Object.values(cases));
const of = Object.fromEntries(names.map((name, i) => [name, measured[i]]));

t.test('platform', async (t) => {
  t.ok(['x64', 'arm64'].includes(process.arch), `64-bit (${process.arch})`);
  t.notOk(compressed, 'no pointer compression: the sizes below assume 8-byte slots');
});

t.test('{} and an object with 4 fields', async (t) => {
  // An empty literal preallocates 4 in-object property slots; a literal with 4 fields has exactly 4.
  t.equal(of.emptyObject.shallow, JS_OBJECT + 4 * W);
  t.equal(of.fourFields.shallow, JS_OBJECT + 4 * W);
  t.equal(of.fourFields.deep, JS_OBJECT + 4 * W, 'small integer fields take no heap of their own');
  t.equal(of.fourFields.retained, JS_OBJECT + 4 * W, 'the hidden class is shared with its 9 siblings');
});

t.test('1,000 small integers vs 1,000 doubles', async (t) => {
  t.equal(of.smis.shallow, JS_ARRAY, 'getsizeof is the JSArray alone; its elements are a separate object');
  t.equal(of.doubles.shallow, JS_ARRAY);
  // PACKED_SMI_ELEMENTS stores each integer in a tagged slot, PACKED_DOUBLE_ELEMENTS unboxed
  // float64s: both 8 bytes without pointer compression (4 vs 8 with it).
  t.equal(of.smis.deep, JS_ARRAY + FIXED_ARRAY + 1000 * W);
  t.equal(of.doubles.deep, JS_ARRAY + FIXED_ARRAY + 1000 * 8);
  t.equal(of.smis.retained, of.smis.deep);
  t.equal(of.doubles.retained, of.doubles.deep);
});

t.test('one-byte vs two-byte strings of 1,000 characters', async (t) => {
  t.equal(of.oneByte.shallow, roundUp(SEQ_STRING + 1000));
  t.equal(of.twoByte.shallow, roundUp(SEQ_STRING + 2000));
  t.equal(of.oneByte.deep, of.oneByte.shallow);
  t.equal(of.twoByte.deep, of.twoByte.shallow);
});

t.test('Buffer.alloc(1 << 20): 1 MiB outside the heap, reported apart', async (t) => {
  t.equal(of.buffer.shallow, JS_TYPED_ARRAY);
  t.equal(of.buffer.external, 1 << 20);
  t.equal(of.buffer.deep, JS_TYPED_ARRAY + JS_ARRAY_BUFFER + (1 << 20));
  t.equal(of.buffer.retained, of.buffer.deep);
});

t.test('Map of 10,000 entries', async (t) => {
  t.equal(of.map.shallow, JS_OBJECT + W, 'JSMap: header + table');
  t.equal(of.map.deep, JS_OBJECT + W + orderedHashMap(10000));
  t.equal(of.map.retained, of.map.deep);
});

t.test('shared substructure: asizeof counts it for each holder, retainedSize for neither', async (t) => {
  const bigDeep = JS_ARRAY + FIXED_ARRAY + 100000 * W;
  t.equal(of.big.deep, bigDeep);
  for (const name of ['left', 'right']) {
    t.equal(of[name].deep, JS_OBJECT + W + bigDeep, `${name}: {big} is 3 words + 1 field, plus the array`);
    t.equal(of[name].retained, JS_OBJECT + W, `${name} alone frees only itself`);
  }
});

t.test('cycles terminate and count each object once', async (t) => {
  t.equal(of.ring.deep, of.ringNext.deep, 'both ends of the cycle reach the same two objects');
  t.equal(of.ring.deep, 2 * (JS_OBJECT + 2 * W) + roundUp(SEQ_STRING + 4), "two 2-field literals and one 'ring' string");
});

t.test('a class instance does not include its prototype', async (t) => {
  t.equal(of.lone.shallow, JS_OBJECT + (2 + 8) * W, 'a lone instance: 2 fields + 8 spare slots');
  t.equal(of.small.shallow, JS_OBJECT + 2 * W, 'after 7 instances V8 shrinks to the 2 fields');
  t.equal(of.bigInstance.shallow, of.small.shallow, '500 methods and an 800 KB array on the prototype change nothing');
  t.equal(of.bigInstance.deep, of.small.deep);
  t.equal(of.bigInstance.retained, of.small.retained);
});

t.test('closures count their captured variables', async (t) => {
  t.equal(of.closure.shallow, JS_FUNCTION_NO_PROTOTYPE);
  t.equal(of.closure.deep, JS_FUNCTION_NO_PROTOTYPE + FUNCTION_CONTEXT + W + JS_ARRAY + FIXED_ARRAY + 100 * 8);
});

t.test('numbers: small integers take no heap, others a heap number', async (t) => {
  for (const name of ['smi', 'smiMax']) t.same(of[name], { shallow: 0, deep: 0, external: 0, retained: 0 }, name);
  for (const name of ['outsideSmi', 'double', 'minusZero']) t.equal(of[name].shallow, HEAP_NUMBER, name);
});

// One snapshot each, and a snapshot of tap's heap takes seconds: three calls only.
t.test('the single-value functions agree with sizes()', async (t) => {
  t.equal(getsizeof(cases.twoByte), of.twoByte.shallow);
  t.equal(asizeof(cases.buffer), of.buffer.deep);
  t.equal(retainedSize(left), of.left.retained);
});
