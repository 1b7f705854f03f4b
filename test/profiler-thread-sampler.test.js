'use strict';
// The native sampling thread behind memoryUsage(pid), memoryUsage([command]) and memkit run.
const t = require('tap');
const fs = require('node:fs');
const { spawn, spawnSync } = require('node:child_process');
const { once } = require('node:events');
const { Worker } = require('node:worker_threads');
const { memoryUsage } = require('memkit/profiler');
const { native } = require('../dist/native.js');

const linux = process.platform === 'linux';
const PAGE = Number(spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).stdout);
const threads = () => fs.readdirSync('/proc/self/task').length;

async function idleChild(mib) {
  const child = spawn(process.execPath, ['-e', `globalThis.keep = Buffer.alloc(${mib} << 20, 1); console.log('ready'); setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  return child;
}

t.test('samples an idle process on a grid with values equal to statm', { skip: !linux && 'Linux procfs' }, async (t) => {
  const child = await idleChild(48);
  t.teardown(() => child.kill());
  const before = Number(fs.readFileSync(`/proc/${child.pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
  const usage = await memoryUsage(child.pid, { interval: 0.02, maxIterations: 25, timestamps: true });
  const after = Number(fs.readFileSync(`/proc/${child.pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
  t.equal(usage.length, 25, 'maxIterations: 25 samples');
  const [low, high] = [Math.min(before, after), Math.max(before, after)].map((b) => b / 2 ** 20);
  t.ok(usage.every(([mem]) => mem >= low - 1 && mem <= high + 1), `every sample within statm's [${low}, ${high}] MiB +-1`);
  t.ok(usage.every(([mem]) => mem >= 48), 'the 48 touched MiB are in every sample');
  // A loaded machine makes gaps longer, never shorter than the grid allows.
  const gaps = usage.slice(1).map(([, ts], i) => ts - usage[i][1]);
  t.ok(gaps.every((g) => g >= 0.01), `no two samples closer than half the interval (${Math.min(...gaps).toFixed(4)} s)`);
});

t.test('a command is sampled until it exits, with no zeros from its zombie', async (t) => {
  const usage = await memoryUsage([process.execPath, '-e', 'Buffer.alloc(64 << 20, 1); setTimeout(() => {}, 400)'], { interval: 0.02 });
  t.ok(usage.length >= 10, `${usage.length} samples`);
  t.ok(usage.every((mem) => mem > 0), 'every sample is of the live process');
  t.ok(Math.max(...usage) >= 64, `peak ${Math.max(...usage).toFixed(1)} MiB`);
});

t.test('backend uss reads memoryFullInfo on the thread', { skip: !linux && 'uss and pss: Linux here' }, async (t) => {
  const child = await idleChild(16);
  t.teardown(() => child.kill());
  const [uss] = await memoryUsage(child.pid, { backend: 'uss' });
  const [rss] = await memoryUsage(child.pid);
  t.ok(uss >= 16 && uss <= rss, `uss ${uss} <= rss ${rss}`);
});

t.test('a process that may not be read rejects with AccessDenied', { skip: (!linux || process.getuid?.() !== 0) && 'needs root to run a checker as nobody' }, async (t) => {
  const script = `
    const { memoryUsage } = require(${JSON.stringify(require.resolve('memkit/profiler'))});
    memoryUsage(1, { backend: 'uss' }).then(() => console.log('read'), (e) => console.log(e.constructor.name));
  `;
  const out = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script], { encoding: 'utf8' });
  t.equal(out.stdout.trim(), 'AccessDenied', out.stderr);
});

t.test('threads are joined: stop(), after the last sample, and at worker exit', { skip: !linux && 'counts /proc/self/task' }, async (t) => {
  const base = threads();
  for (let i = 0; i < 20; i++) {
    const sampler = new native.Sampler(process.pid, 0.001, false, 0, Infinity);
    sampler.stop();
    sampler.stop();
    t.same(sampler.drain().status, native.status.samplerDone, 'a stopped sampler reports done');
  }
  const done = new native.Sampler(process.pid, 0.001, false, 0, 3);
  // Drained until it reports done, however slowly a busy machine lets it run.
  const samples = [];
  let status;
  do {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const drained = done.drain();
    status = drained.status;
    samples.push(...drained.samples);
  } while (status !== native.status.samplerDone);
  t.equal(samples.length, 6, '3 (time, bytes) pairs');
  for (let i = 0; i < 500 && threads() !== base; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(threads(), base, 'no sampler thread left behind');
  const worker = new Worker(`
    const { native } = require(${JSON.stringify(require.resolve('../dist/native.js'))});
    globalThis.kept = new native.Sampler(process.pid, 0.001, false, 0, Infinity);
    require('node:worker_threads').parentPort.postMessage('started');
  `, { eval: true });
  await once(worker, 'message');
  await worker.terminate();
  // a thread that is exiting may still be listed for a moment
  for (let i = 0; i < 500 && threads() !== base; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(threads(), base, 'a worker that never stopped its sampler exits cleanly: its threads are all gone');
});

t.test('the native constructor rejects bad arguments', async (t) => {
  t.throws(() => new native.Sampler('1', 0.1, false, 0, 1), TypeError);
  t.throws(() => new native.Sampler(1, 0, false, 0, 1), RangeError);
  t.throws(() => new native.Sampler(1, 0.1, false, 99, 1), RangeError);
  t.throws(() => new native.Sampler(1, 0.1, false, 0, 0), RangeError);
});
