'use strict';
const t = require('tap');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { memkit, timeTable } = require('./cli-helpers.js');

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-v', 'true']).status === 0;
// dd reads 100 MiB of zeros into one buffer: the same pages touched on every run, unlike a
// JavaScript workload whose heap and threads vary with the machine's load.
const WORKLOAD = ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=100M', 'count=1', 'status=none'];

t.test('memkit time agrees with /usr/bin/time -v', { skip: !hasGnuTime && 'GNU time (Debian package `time`) is not installed' }, async (t) => {
  const gnu = timeTable(spawnSync(GNU_TIME, ['-v', ...WORKLOAD], { encoding: 'utf8' }).stderr);
  const ours = memkit(['time', '--', ...WORKLOAD]);
  t.equal(ours.status, 0, ours.stderr);
  const mine = timeTable(ours.stderr);
  const near = (label, tolerance) => {
    const [a, b] = [Number(mine[label]), Number(gnu[label])];
    t.ok(Math.abs(a - b) / b <= tolerance, `${label}: memkit ${a}, time -v ${b} (within ${tolerance * 100}%)`);
  };
  near('Maximum resident set size (kbytes)', 0.05);
  near('Minor (reclaiming a frame) page faults', 0.10);
  t.ok(Number(mine['Maximum resident set size (kbytes)']) >= 100 * 1024, 'the 100 MiB are there');
  t.equal(mine['Exit status'], '0');
});

t.test('memkit time prints the child\'s struct_rusage and passes its exit status on', async (t) => {
  const r = memkit(['time', process.execPath, '-e', 'process.exit(5)']);
  t.equal(r.status, 5);
  const repr = /^resource\.struct_rusage\(ru_utime=([\d.e-]+), ru_stime=[\d.e-]+, ru_maxrss=(\d+), (?:ru_\w+=\d+, ){12}ru_nivcsw=\d+\)$/m.exec(r.stderr);
  t.ok(repr, 'Python repr of the 16 fields');
  t.equal(Number(repr[2]) * (process.platform === 'darwin' ? 1 / 1024 : 1), Number(timeTable(r.stderr)['Maximum resident set size (kbytes)']),
    'table and repr agree');
  t.equal(timeTable(r.stderr)['Exit status'], '5');
  t.equal(memkit(['time']).status, 2, 'no command: usage error');
});
