'use strict';
// tracemalloc where programs run: ES modules, TypeScript with source maps, worker threads, and
// an inspector that someone else (a debugger, another session) already uses.
const t = require('tap');
const path = require('node:path');
const inspector = require('node:inspector');
const { spawn, spawnSync } = require('node:child_process');
const tm = require('memkit/tracemalloc');

const fixtures = path.join(__dirname, 'fixtures', 'tracemalloc');
// tap's process-info hook adds its own options to node children; `env -i` sheds them.
const env = { PATH: process.env.PATH, HOME: process.env.HOME };
const runJson = (args) => {
  const result = spawnSync('env', ['-i', `PATH=${env.PATH}`, process.execPath, ...args], { cwd: fixtures, encoding: 'utf8', timeout: 60000 });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
};

t.test('ES modules: file URLs shown as paths', async (t) => {
  const top = runJson([path.join(fixtures, 'esm-main.mjs')]);
  t.equal(top.filename, path.join(fixtures, 'alloc.mjs'));
  t.equal(top.lineno, 3, 'the arrow function allocating the objects');
});

t.test('TypeScript positions come back through source maps, with or without --enable-source-maps', async (t) => {
  for (const flags of [['--enable-source-maps'], []]) {
    const mapped = runJson([...flags, path.join(fixtures, 'ts-main.js')]);
    t.same([mapped.filename, mapped.lineno, mapped.name], [path.join(fixtures, 'ts', 'alloc.ts'), 9, 'allocatePoints'], flags.join(' ') || 'no flag');
  }
});

t.test('a worker thread traces its own isolate', async (t) => {
  const result = runJson([path.join(fixtures, 'worker-main.js')]);
  t.ok(result.names.includes('allocateInWorker'), result.names.join(', '));
  t.notOk(result.names.includes('allocateInMain'), 'the main thread is not traced');
  t.equal(result.mainTracing, false);
});

t.test('another inspector session already sampling: start() fails clearly', async (t) => {
  const other = new inspector.Session();
  other.connect();
  other.post('HeapProfiler.enable');
  other.post('HeapProfiler.startSampling');
  t.throws(() => tm.start(), { code: 'ERR_TRACEMALLOC_INSPECTOR_BUSY', message: /already in use by another inspector session/ });
  t.notOk(tm.isTracing());
  other.post('HeapProfiler.stopSampling');
  tm.start();
  t.ok(tm.isTracing(), 'free again once the other session stops');
  other.post('HeapProfiler.startSampling');
  other.post('HeapProfiler.stopSampling');
  t.throws(() => tm.takeSnapshot(), { code: 'ERR_TRACEMALLOC_INSPECTOR_BUSY', message: /stopped by another inspector session/ });
  t.notOk(tm.isTracing(), 'tracing ends when the profiler was taken away');
  other.disconnect();
});

t.test('exact mode: another session disabling the heap profiler ends tracking with a clear error', async (t) => {
  const { traced, error, tracing } = runJson([path.join(fixtures, 'taken-away.js')]);
  t.ok(traced, 'an object is traced while tracking runs');
  t.match(error, { code: 'ERR_TRACEMALLOC_INSPECTOR_BUSY', message: /stopped by another inspector session; tracemalloc stopped tracing/ });
  t.equal(tracing, false, 'tracing ends, as the message says');
});

t.test('under node --inspect=0, with and without a debugger holding the sampler', async (t) => {
  const run = (debuggerMethods) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--inspect=0', path.join(fixtures, 'start-on-go.js')], { env, cwd: fixtures });
      let stdout = '';
      let stderr = '';
      let client;
      // With a debugger attached, Node waits at exit for it to leave: let it go once answered.
      child.stdout.on('data', (data) => {
        stdout += data;
        if (stdout.endsWith('\n')) client?.kill();
      });
      child.on('exit', () => resolve(JSON.parse(stdout)));
      child.on('error', reject);
      child.stderr.on('data', (data) => {
        stderr += data;
        const url = /ws:\/\/\S+(?=\s)/.exec(stderr)?.[0];
        if (!url || child.started) return;
        child.started = true;
        if (debuggerMethods.length === 0) return child.stdin.write('go\n');
        client = spawn(process.execPath, [path.join(fixtures, 'debugger-client.js'), url, ...debuggerMethods], { env });
        client.stdout.on('data', (data) => {
          if (String(data).includes('done')) child.stdin.write('go\n');
        });
      });
    });
  const alone = await run([]);
  t.ok(alone.ok, `works under --inspect: ${alone.top ?? alone.message}`);
  const taken = await run(['HeapProfiler.enable', 'HeapProfiler.startSampling']);
  t.same([taken.ok, taken.code], [false, 'ERR_TRACEMALLOC_INSPECTOR_BUSY'], taken.message);
});
