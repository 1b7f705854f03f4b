'use strict';
// The .dat reader behind parseMprofile, memkit plot and memkit peak: numbers read from the bytes
// are the doubles Number() gives for the same text, and a file read in chunks gives what its
// whole text gives.
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseMprofile } = require('memkit/profiler');
const { readMprofileFile, MprofileSyntaxError } = require('../dist/profiler/mprofile-reader.js');

const scratchFile = (t, name, text) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-reader-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

t.test('every plain decimal reads as the double Number() gives', async (t) => {
  const texts = ['0', '7', '5.', '.5', '0.1', '0.3', '00012.500000', '123456789012345', '1234567890123456', '12345678901234567890',
    '0.000000000000001', '999999999999999.9', '1700000000.1235', '9007199254740993', '177.812500', '0.0000000000000000001'];
  for (let i = 0; i < 3000; i++) {
    const digits = 1 + Math.floor(Math.random() * 17);
    let text = String(Math.floor(Math.random() * 10 ** digits));
    const point = Math.floor(Math.random() * (text.length + 1));
    if (i % 3) text = `${text.slice(0, point)}.${text.slice(point)}`;
    if (text !== '.') texts.push(text);
  }
  const text = texts.map((x, i) => `MEM ${x} ${texts[texts.length - 1 - i]}\nCHLD ${i % 5} ${x} ${i}\n`).join('');
  const p = parseMprofile(text);
  t.same(p.mem.map((s) => s.mem), texts.map(Number), 'MiB');
  t.same(p.mem.map((s) => s.ts), [...texts].reverse().map(Number), 'timestamps');
  t.same([...p.children.keys()], [0, 1, 2, 3, 4], 'children in order of appearance');
  t.same(p.children.get(3).map((s) => s.mem), texts.filter((_, i) => i % 5 === 3).map(Number), 'CHLD MiB');
});

t.test("what else Python's float() reads, and the rest of a line ignored", async (t) => {
  const p = parseMprofile('MEM nan 1\nMEM -inf 2\nMEM Infinity 3\nMEM 1e3 4.5E-1\nMEM +2.5 -5\nMEM 3 4 extra\r\nCHLD 7.0 1e1 2 x\nMEM 1 2');
  t.same(p.mem.slice(1), [{ mem: -Infinity, ts: 2 }, { mem: Infinity, ts: 3 }, { mem: 1000, ts: 0.45 }, { mem: 2.5, ts: -5 }, { mem: 3, ts: 4 }, { mem: 1, ts: 2 }]);
  t.ok(Number.isNaN(p.mem[0].mem), 'nan');
  t.same([...p.children], [[7, [{ mem: 10, ts: 2 }]]], 'a pid written 7.0 is the integer 7');
  for (const [line, reason] of [['MEM 1.2.3 4', /MEM needs/], ['MEM 1  2', /MEM needs/], ['MEM 1,5 2', /MEM needs/], ['CHLD 7 1', /CHLD needs/], ['CHLD 7.5 1 2', /integer/]]) {
    t.throws(() => parseMprofile(`MEM 1 2\n${line}\n`, 'x.dat'), { name: 'MprofileSyntaxError', line: 2, message: reason }, line);
  }
});

t.test('a file read in chunks gives what its whole text gives', async (t) => {
  // over 4 MiB (the chunk), with a CMDLINE longer than a chunk, CRLF lines and no final newline
  const lines = [`CMDLINE node ${'x'.repeat(5 << 20)}.js`];
  for (let i = 0; i < 160000; i++) {
    lines.push(`MEM ${(i % 977 / 7).toFixed(6)} ${(1700000000 + i / 10).toFixed(4)}${i % 1000 === 0 ? '\r' : ''}`);
    if (i % 3 === 0) lines.push(`CHLD ${4000 + (i % 4)} ${(i / 1e4).toFixed(6)} ${(1700000000 + i / 10).toFixed(4)}`);
    if (i % 50000 === 1) lines.push(`FUNC app.f${i} 1.0 ${1700000000 + i / 10} 2.0 ${1700000001 + i / 10} ${i % 3}`);
  }
  const text = lines.join('\n');
  const file = scratchFile(t, 'big.dat', text);
  const columns = readMprofileFile(file);
  const whole = parseMprofile(text, file);
  t.equal(columns.cmdline, whole.cmdline, 'the long CMDLINE');
  t.equal(columns.mem.mem.length, 160000);
  t.same(Array.from(columns.mem.mem), whole.mem.map((s) => s.mem), 'MiB');
  t.same(Array.from(columns.mem.ts), whole.mem.map((s) => s.ts), 'timestamps');
  t.same([...columns.children.keys()], [...whole.children.keys()], 'children');
  for (const [pid, series] of columns.children) t.same(Array.from(series.mem), whole.children.get(pid).map((s) => s.mem), `child ${pid}`);
  t.same(columns.funcs, whole.funcs, 'FUNC spans');
  const memLines = lines.filter((l) => l.startsWith('MEM ')).map((l) => l.split(' '));
  t.same(Array.from(columns.mem.ts), memLines.map((f) => Number(f[2])), 'against the text itself');
});

t.test('an error past the first chunk names its line; fs errors are thrown as they are', async (t) => {
  const lines = Array.from({ length: 300000 }, (_, i) => `MEM 1.000000 ${i}.0000`);
  lines.splice(250000, 0, '');
  const file = scratchFile(t, 'bad.dat', `${lines.join('\n')}\n`);
  t.throws(() => readMprofileFile(file), { name: 'MprofileSyntaxError', line: 250001, message: `${file}:250001: empty line (mprof: "Sampling time was too short")` });
  const error = t.throws(() => readMprofileFile(path.join(path.dirname(file), 'none.dat')));
  t.equal(error.code, 'ENOENT');
  t.notOk(error instanceof MprofileSyntaxError);
  t.equal(t.throws(() => readMprofileFile(path.dirname(file))).code, 'EISDIR');
});
