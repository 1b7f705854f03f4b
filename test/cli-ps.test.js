'use strict';
const t = require('tap');
const { execFileSync } = require('node:child_process');
const { memkit } = require('./cli-helpers.js');

t.test('memkit ps PID --json matches ps -o rss= for this test process', async (t) => {
  const r = memkit(['ps', String(process.pid), '--json']);
  t.equal(r.status, 0, r.stderr);
  const psRss = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(process.pid)], { encoding: 'utf8' }).trim()) * 1024;
  const [row] = JSON.parse(r.stdout);
  t.equal(row.pid, process.pid);
  t.match(row.name, /node/);
  t.ok(Number.isInteger(row.rss) && Number.isInteger(row.vms), 'bytes');
  t.ok(Math.abs(row.rss - psRss) <= Math.max(256 * 1024, psRss * 0.01), `rss ${row.rss} vs ps ${psRss}`);
});

t.test('memkit ps with no PID lists this user\'s processes, largest rss first', async (t) => {
  const r = memkit(['ps', '--json']);
  t.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout);
  t.ok(rows.some((row) => row.pid === process.pid), 'includes this process');
  t.ok(rows.every((row, i) => i === 0 || rows[i - 1].rss >= row.rss), 'sorted by rss, descending');
  const byPid = JSON.parse(memkit(['ps', '--json', '--sort', 'pid']).stdout);
  t.ok(byPid.every((row, i) => i === 0 || byPid[i - 1].pid < row.pid), '--sort pid');
  const table = memkit(['ps', String(process.pid)]).stdout.split('\n');
  t.match(table[0], /^\s*PID\s+RSS\s+VMS\b.*NAME$/, 'table header');
  t.match(table[1], new RegExp(`^\\s*${process.pid}\\s+[\\d.]+ MiB`), 'human units');
});

t.test('memkit ps rejects bad input', async (t) => {
  const gone = memkit(['ps', '2147483646']);
  t.equal(gone.status, 1);
  t.match(gone.stderr, /memkit ps: .*pid=2147483646/);
  t.equal(memkit(['ps', 'abc']).status, 2);
  t.equal(memkit(['ps', '--sort', 'colour']).status, 2);
});
