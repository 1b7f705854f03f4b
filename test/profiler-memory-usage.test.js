'use strict';
const t = require('tap');
const fs = require('node:fs');
const { memoryUsage } = require('memkit/profiler');

const MiB = 1024 * 1024;
/** This process's RSS in MiB from /proc (Linux) or ps: the independent view. */
function rssNow(pid = process.pid) {
  if (process.platform === 'linux') {
    return Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096 / MiB;
  }
  return Number(require('node:child_process').execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' })) / 1024;
}

/** Blocks the event loop while it touches `mib` MiB, 1 MiB every 15 ms; returns what it kept. */
function blockAndGrow(mib) {
  const keep = [];
  for (let i = 0; i < mib; i++) {
    keep.push(Buffer.alloc(MiB, 1));
    const pause = Date.now() + 15;
    while (Date.now() < pause);
  }
  return keep;
}

t.test('a sync function is sampled while it blocks the event loop; retval returns its value', async (t) => {
  const seen = {};
  const run = (mib) => {
    seen.start = rssNow();
    const kept = blockAndGrow(mib);
    seen.end = rssNow();
    seen.kept = kept;
    return kept;
  };
  const [usage, kept] = await memoryUsage([run, [40]], { interval: 0.05, retval: true, timestamps: true });
  t.equal(kept, seen.kept, `retval is the function's return value (${kept.length} buffers)`);
  t.ok(usage.length >= 2, `the baseline and the sample after the return, at least (${usage.length})`);
  const mem = usage.map(([m]) => m);
  const ts = usage.map(([, s]) => s);
  t.ok(ts.every((x, i) => i === 0 || x >= ts[i - 1]), 'timestamps rise');
  t.ok(mem.slice(1).every((m, i) => m >= mem[i] - 1), 'memory never falls while the function only allocates');
  const grown = Math.max(...mem) - mem[0];
  t.ok(grown >= kept.length * 0.8, `growth ${grown.toFixed(1)} MiB ~ ${kept.length} MiB kept`);
  // The kernel's view from inside the function: the first and last samples bracket it.
  t.ok(Math.abs(mem[0] - seen.start) < 5, `baseline ${mem[0].toFixed(1)} MiB ~ /proc at the call ${seen.start.toFixed(1)} MiB`);
  t.ok(Math.abs(mem[mem.length - 1] - seen.end) < 5, `last ${mem[mem.length - 1].toFixed(1)} MiB ~ /proc at return ${seen.end.toFixed(1)} MiB`);
});

t.test('an async function with args and kwargs, maxUsage', async (t) => {
  const fn = async (a, b, opts) => {
    const buf = Buffer.alloc(64 * MiB, 1);
    await new Promise((r) => setTimeout(r, 200));
    return a + b + opts.c + buf.length * 0;
  };
  const [peak, value] = await memoryUsage([fn, [1, 2], { c: 3 }], { interval: 0.02, maxUsage: true, retval: true });
  t.equal(value, 6, 'kwargs arrive as the last argument');
  t.ok(typeof peak === 'number' && peak >= 64, `maxUsage is one number ${peak.toFixed(1)} MiB`);
});

t.test('a thrown error propagates and stops the sampler', async (t) => {
  await t.rejects(memoryUsage(() => { throw new Error('boom'); }, { interval: 0.01 }), { message: 'boom' });
});

t.test('a pid: one sample, maxIterations samples, or samples until a wall-clock timeout', async (t) => {
  const one = await memoryUsage(process.pid);
  t.equal(one.length, 1);
  t.ok(Math.abs(one[0] - rssNow()) < 5, `${one[0].toFixed(1)} MiB ~ /proc`);
  const five = await memoryUsage(-1, { interval: 0.01, maxIterations: 5 });
  t.equal(five.length, 5, 'maxIterations: 5');
  const started = Date.now();
  const many = await memoryUsage(-1, { interval: 1e-5, timeout: 0.3, timestamps: true });
  const elapsed = (Date.now() - started) / 1000;
  // 0.3 / 1e-5 = 30000 reads would take seconds; the timeout is wall time.
  t.ok(elapsed < 3.3, `resolved after ${elapsed.toFixed(2)} s for a 0.3 s timeout`);
  t.ok(many.length >= 1 && many.every(([, ts], i) => i === 0 || ts >= many[i - 1][1]), `${many.length} samples in time order`);
});

t.test('a pid that does not exist: NoSuchProcess, as memory_profiler raises', async (t) => {
  const child = require('node:child_process').spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  const gone = Number(child.stdout);
  await t.rejects(memoryUsage(gone), { name: 'NoSuchProcess', pid: gone });
  await t.rejects(memoryUsage(gone, { maxUsage: true }), { name: 'NoSuchProcess' });
  await t.rejects(memoryUsage(gone, { timeout: 0.1, interval: 0.01 }), { name: 'NoSuchProcess' });
});

t.test('onSample that throws rejects the promise (no crash); stream gets mprof lines', async (t) => {
  let calls = 0;
  const boom = new Error('from onSample');
  await t.rejects(memoryUsage(-1, { interval: 0.01, timeout: 5, onSample: () => { calls += 1; if (calls === 2) throw boom; } }), boom);
  await t.rejects(memoryUsage([process.execPath, '-e', 'setTimeout(() => {}, 300)'], { interval: 0.01, onSample: () => { throw boom; } }), boom);
  await t.rejects(memoryUsage(() => 1, { onSample: () => { throw boom; } }), boom);
  const written = [];
  const before = rssNow();
  const result = await memoryUsage(-1, { interval: 0.01, maxIterations: 3, stream: { write: (text) => written.push(text) } });
  const after = rssNow();
  t.same(result, [], 'the readings went to the stream');
  t.equal(written.length, 3);
  t.ok(written.every((line) => /^MEM \d+\.\d{6} \d+\.\d{4}\n$/.test(line)), `MEM <MiB> <time> lines (${JSON.stringify(written[0])})`);
  const value = Number(written[0].split(' ')[1]);
  t.ok(value >= Math.min(before, after) - 2 && value <= Math.max(before, after) + 2, `${value} MiB: this process's RSS (/proc: ${before.toFixed(1)}, then ${after.toFixed(1)})`);
  const peak = await memoryUsage(-1, { maxIterations: 2, interval: 0.01, maxUsage: true, stream: { write() {} } });
  t.ok(peak > 0, 'maxUsage still gives the peak with a stream');
});

t.test('a command array is spawned and sampled until it exits; children via includeChildren/multiprocess', async (t) => {
  const alloc = (mib, ms) => `const b = Buffer.alloc(${mib} * 1024 * 1024, 1); setTimeout(() => b, ${ms})`;
  const peak = await memoryUsage([process.execPath, '-e', alloc(80, 400)], { interval: 0.05, maxUsage: true });
  t.ok(peak >= 80, `peak ${peak.toFixed(1)} MiB`);
  const parent = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(alloc(60, 500))}]).on('exit', () => {})`;
  const rows = await memoryUsage([process.execPath, '-e', parent], { interval: 0.05, multiprocess: true });
  const withChild = rows.filter((row) => row.length === 2);
  t.ok(withChild.length > 2, 'rows [own, child] while the child lives');
  t.ok(Math.max(...withChild.map((row) => row[1])) >= 60, 'the child\'s own series reaches 60 MiB');
  const summed = await memoryUsage([process.execPath, '-e', parent], { interval: 0.05, includeChildren: true, maxUsage: true });
  t.ok(summed >= 60 + 20, `includeChildren sums parent and child: ${summed.toFixed(1)} MiB`);
});

t.test('backends', async (t) => {
  if (process.platform === 'linux') {
    const [rss] = await memoryUsage(-1);
    const [uss] = await memoryUsage(-1, { backend: 'uss' });
    const [pss] = await memoryUsage(-1, { backend: 'pss' });
    t.ok(uss > 0 && uss <= rss && pss <= rss && pss >= uss, `uss ${uss.toFixed(1)} <= pss ${pss.toFixed(1)} <= rss ${rss.toFixed(1)}`);
  }
  if (process.platform === 'freebsd') await t.rejects(memoryUsage(-1, { backend: 'pss' }), /backend 'pss' is not available on freebsd/);
});

t.test('bad arguments', async (t) => {
  await t.rejects(memoryUsage('node'), { code: 'ERR_INVALID_ARG_TYPE' });
  await t.rejects(memoryUsage([]), { code: 'ERR_INVALID_ARG_TYPE' });
  await t.rejects(memoryUsage(-5), { code: 'ERR_OUT_OF_RANGE' });
  await t.rejects(memoryUsage(1.5), { code: 'ERR_INVALID_ARG_TYPE' });
  await t.rejects(memoryUsage(-1, { interval: 0 }), { code: 'ERR_OUT_OF_RANGE' });
  await t.rejects(memoryUsage(-1, { timeout: -1 }), { code: 'ERR_OUT_OF_RANGE' });
  await t.rejects(memoryUsage(-1, { backend: 'vms' }), { code: 'ERR_INVALID_ARG_TYPE' });
  await t.rejects(memoryUsage([() => 1, 'notargs']), { code: 'ERR_INVALID_ARG_TYPE' });
  await t.rejects(memoryUsage(['memkit-no-such-command']), { code: 'ENOENT' });
  await t.rejects(memoryUsage(-1, { timeout: Infinity }), { code: 'ERR_OUT_OF_RANGE' });
  await t.rejects(memoryUsage(-1, { maxIterations: 0 }), { code: 'ERR_OUT_OF_RANGE' });
  await t.rejects(memoryUsage(-1, { maxIterations: 1.5 }), { code: 'ERR_OUT_OF_RANGE' });
  await t.rejects(memoryUsage(-1, { stream: {} }), { code: 'ERR_INVALID_ARG_TYPE' });
  await t.rejects(memoryUsage(-1, { maxUsage: 'yes' }), { code: 'ERR_INVALID_ARG_TYPE' });
  let ran = false;
  await t.rejects(memoryUsage(() => { ran = true; }, { onSample: 5 }), { code: 'ERR_INVALID_ARG_TYPE', message: /options\.onSample/ });
  t.notOk(ran, 'options are checked before the function runs');
});
