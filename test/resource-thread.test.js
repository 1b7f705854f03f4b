'use strict';
const t = require('tap');
const { Worker } = require('node:worker_threads');
const resource = require('memkit/resource');
const { CLK_TCK, spin, spinSource } = require('./helpers.js');

const hasThread = resource.RUSAGE_THREAD !== undefined;

function runWorker(source, workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited ${code}`)));
  });
}

t.test('RUSAGE_THREAD in a busy worker is that thread\'s CPU', { skip: !hasThread && 'no RUSAGE_THREAD on this platform' }, async (t) => {
  spin(0.3);
  // While the worker spins the main thread waits, so the process's CPU is the worker's.
  const result = await runWorker(`
    const { parentPort } = require('node:worker_threads');
    const fs = require('node:fs');
    const r = require('memkit/resource');
    ${spinSource}
    spin(0.4);
    const thread = r.getrusage(r.RUSAGE_THREAD);
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const self = r.getrusage(r.RUSAGE_SELF);
    parentPort.postMessage({ thread: thread.asDict(), self: self.asDict(), stat });
  `);
  const threadCpu = result.thread.ru_utime + result.thread.ru_stime;
  const selfCpu = result.self.ru_utime + result.self.ru_stime;
  t.ok(threadCpu >= 0.35, `the worker's thread burned ${threadCpu}s`);
  t.ok(selfCpu - threadCpu >= 0.25, `RUSAGE_SELF (${selfCpu}s) also counts the main thread's spin`);
  if (process.platform === 'linux') {
    const fields = result.stat.slice(result.stat.lastIndexOf(')') + 2).split(' ');
    const procCpu = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    t.ok(Math.abs(procCpu - threadCpu) <= 0.03, `matches /proc/thread-self/stat (${procCpu}s)`);
  }
});

t.test('8 worker threads calling getrusage 100k times each', async (t) => {
  const source = `
    const { parentPort } = require('node:worker_threads');
    const r = require('memkit/resource');
    const out = new Float64Array(16);
    let maxrss = 0;
    for (let i = 0; i < 100000; i++) {
      const who = i % 2 ? r.RUSAGE_SELF : (r.RUSAGE_THREAD ?? r.RUSAGE_CHILDREN);
      maxrss = Math.max(maxrss, r.getrusage(who).ru_maxrss);
      r.getrusageInto(r.RUSAGE_SELF, out);
    }
    parentPort.postMessage({ maxrss, last: out[2] });
  `;
  const results = await Promise.all(Array.from({ length: 8 }, () => runWorker(source)));
  t.equal(results.length, 8);
  for (const r of results) t.ok(r.maxrss > 0 && r.last > 0, `worker saw ru_maxrss ${r.maxrss}`);
});
