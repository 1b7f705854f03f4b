'use strict';
const t = require('tap');
const { spawn, execFileSync, spawnSync } = require('node:child_process');
const { Process } = require('memkit/psutil');

const canSetpriv = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

function psUids(pid) {
  return execFileSync('ps', ['-o', 'ruid=,euid=,suid=', '-p', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
}

t.test('uids() matches ps for this process', async (t) => {
  const uids = new Process().uids();
  t.same([...uids], psUids(process.pid));
  t.equal(uids.real, process.getuid());
  t.equal(uids.effective, process.geteuid());
  t.match(String(uids), /^puids\(real=\d+, effective=\d+, saved=\d+\)$/);
});

t.test('uids() of a process running as another user', { skip: !canSetpriv && 'needs root and setpriv' }, async (t) => {
  const child = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '5'], { stdio: 'ignore' });
  t.teardown(() => child.kill());
  await new Promise((resolve) => setTimeout(resolve, 200));
  const uids = new Process(child.pid).uids();
  t.same([...uids], [65534, 65534, 65534]);
  t.same([...uids], psUids(child.pid), 'ps agrees');
});
