'use strict';
// The native core never aborts its host when a worker is terminated, or the process exits, in
// the middle of any native call. Each run is a child process: an abort or a crash shows there as
// a signal or exit status 134, never in this test runner.
const t = require('tap');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const fixtures = path.join(__dirname, 'fixtures', 'native');
const runNode = (args) => spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 240000 });
const outcome = (r) => `status ${r.status}, signal ${r.signal}\n${r.stderr}`;
// About 100 worker starts and 20 processes (about 67 s under two CPU hogs here): a budget of its own, twice the default.
t.setTimeout(600000);

t.test('worker.terminate() in the middle of every native call family never kills the process', async (t) => {
  const rounds = { load: 20, memoryInfoMany: 6, memoryInfoManyAsync: 6, pids: 10, children: 10, readProcess: 10, memoryMaps: 10, sampler: 12, memoryUsage: 10 };
  for (const [family, count] of Object.entries(rounds)) {
    const run = runNode([path.join(fixtures, 'terminate-workers.js'), family, String(count)]);
    t.equal(run.signal, null, `${family}: no signal (${outcome(run)})`);
    t.equal(run.status, 0, `${family}: exit 0`);
    t.equal(run.stdout.trim(), 'survived', `${family}: ${count} terminations survived`);
  }
});

t.test('process.exit() while native samplers run, 20 times: never a signal or an abort', async (t) => {
  for (let i = 0; i < 20; i++) {
    const run = runNode([path.join(fixtures, 'exit-while-sampling.js')]);
    if (run.signal !== null || run.status !== 0) {
      t.fail(`run ${i}: ${outcome(run)}`);
      return;
    }
  }
  t.pass('20 exits, all clean');
});
