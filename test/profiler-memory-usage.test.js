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

/** Blocks the event loop for `ms`, touching 1 MiB more every few ms; returns what it kept. */
function blockAndGrow(ms) {
  const keep = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    keep.push(Buffer.alloc(MiB, 1));
    const pause = Date.now() + 4;
    while (Date.now() < pause);
  }
  return keep;
}

t.test('a sync function is sampled while it blocks the event loop; retval returns its value', async (t) => {
  const seen = {};
  const run = (ms) => {
    seen.start = rssNow();
    const kept = blockAndGrow(ms);
    seen.end = rssNow();
    seen.kept = kept;
    return kept;
  };
  const [usage, kept] = await memoryUsage([run, [600]], { interval: 0.05, retval: true, timestamps: true });
  t.equal(kept, seen.kept, `retval is the function's return value (${kept.length} buffers)`);
  t.ok(usage.length >= 8, `samples taken during the 0.6 s call: ${usage.length}`);
  const mem = usage.map(([m]) => m);
  const ts = usage.map(([, s]) => s);
  t.ok(ts.every((x, i) => i === 0 || x >= ts[i - 1]), 'timestamps rise');
  const rising = mem.slice(1, -1).filter((m, i) => m > mem[i]).length;
  t.ok(rising >= usage.length / 2, `memory rises sample after sample while the function runs (${rising} of ${usage.length - 2})`);
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

t.test('a pid: one sample, or timeout / interval samples', async (t) => {
  const one = await memoryUsage(process.pid);
  t.equal(one.length, 1);
  t.ok(Math.abs(one[0] - rssNow()) < 5, `${one[0].toFixed(1)} MiB ~ /proc`);
  const many = await memoryUsage(-1, { interval: 0.05, timeout: 0.3, timestamps: true });
  t.equal(many.length, 6, '0.3 / 0.05 = 6');
  t.ok(many[5][1] - many[0][1] >= 0.2, 'spread over the timeout');
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
});
