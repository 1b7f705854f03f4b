'use strict';
const t = require('tap');
const { execFileSync, spawn } = require('node:child_process');
const { once } = require('node:events');
const { memkit } = require('./cli-helpers.js');

t.test('memkit ps PID --json matches ps -o rss= for an idle process', async (t) => {
  // An idle child that touched 32 MiB: this test process's own rss moves while tap runs.
  const child = spawn(process.execPath, ['-e', 'globalThis.keep = Buffer.alloc(32 << 20, 1); console.log("ready"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => child.kill());
  await once(child.stdout, 'data');
  const r = memkit(['ps', String(child.pid), '--json']);
  t.equal(r.status, 0, r.stderr);
  const psRss = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)], { encoding: 'utf8' }).trim()) * 1024;
  const [row] = JSON.parse(r.stdout);
  t.equal(row.pid, child.pid);
  t.match(row.name, /node/);
  t.ok(Number.isInteger(row.rss) && Number.isInteger(row.vms), 'bytes');
  t.ok(row.rss >= 32 << 20, 'the touched 32 MiB are resident');
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

t.test('memkit ps with no PID leaves out other users\' processes', { skip: process.getuid?.() !== 0 && 'needs root to start a process as nobody' }, async (t) => {
  const other = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '5'], { stdio: 'ignore' });
  t.teardown(() => other.kill());
  await new Promise((resolve) => setTimeout(resolve, 200));
  const pids = JSON.parse(memkit(['ps', '--json']).stdout).map((row) => row.pid);
  t.notOk(pids.includes(other.pid), `nobody's sleep (${other.pid}) is not listed`);
  t.ok(pids.includes(process.pid), 'ours is');
  const explicit = JSON.parse(memkit(['ps', String(other.pid), '--json']).stdout);
  t.equal(explicit[0].pid, other.pid, 'named explicitly, it is shown');
});
