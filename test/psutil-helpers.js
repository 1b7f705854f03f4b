// Child processes for the psutil tests: allocators, sleepers, zombies, trees, and running
// memkit as another user.
'use strict';
const fs = require('node:fs');
const { spawn, spawnSync } = require('node:child_process');

const PAGE = Number(spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).stdout.trim());

/** Resolves once `predicate()` is truthy (polling every 10 ms), rejects after `ms`. */
async function until(predicate, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function lineFrom(child) {
  return new Promise((resolve) => child.stdout.once('data', (data) => resolve(String(data).trim())));
}

/** A node child that allocates and touches `mib` MiB when sent a line, then prints 'done'. */
async function allocator(mib) {
  const child = spawn(process.execPath, ['-e', `
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      globalThis.keep = Buffer.alloc(${mib} * 1048576);
      globalThis.keep.fill(1);
      process.stdout.write('done\\n');
    });
  `], { stdio: ['pipe', 'pipe', 'inherit'] });
  await lineFrom(child);
  return {
    pid: child.pid,
    allocate: async () => {
      child.stdin.write('go\n');
      await lineFrom(child);
    },
    kill: () => child.kill('SIGKILL'),
  };
}

function sleeper(seconds = 30) {
  return spawn('sleep', [String(seconds)], { stdio: 'ignore' });
}

/** Spawns and waits for a child to exit: node reaps it, so its pid is free. */
function reapedPid() {
  return new Promise((resolve) => {
    const child = spawn('true');
    child.on('exit', () => resolve(child.pid));
  });
}

function statField(pid, n) {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[n - 3];
}

function childPids(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * A zombie: sh starts `sleep 0.05` in the background and execs `sleep 30`, which never waits
 * for it. Returns the zombie's pid and its parent.
 */
async function zombie() {
  const parent = spawn('sh', ['-c', 'sleep 0.05 & exec sleep 30'], { stdio: 'ignore' });
  const pid = await until(() => childPids(parent.pid).find((child) => statField(child, 3) === 'Z'));
  return { pid, parent };
}

const canSetpriv = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

/** Runs `source` in node as user nobody (65534), optionally under a hidepid=1 /proc; its stdout parsed as JSON. */
function asNobody(source, { hidepid = false } = {}) {
  const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', source];
  const cmd = hidepid
    ? ['unshare', '--mount', 'sh', '-c', 'mount -t proc -o hidepid=1 proc /proc && exec "$@"', 'sh', ...nobody]
    : nobody;
  const result = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', cwd: __dirname });
  if (result.status !== 0) throw new Error(`as nobody: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

module.exports = { PAGE, until, allocator, sleeper, reapedPid, zombie, childPids, statField, canSetpriv, asNobody };

// Debian's python3-psutil (/usr/bin/python3, not a pyenv shim) as the independent view; null
// when it is not installed.
const pythonPsutil = (() => {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import psutil'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  return (expression) => {
    const result = spawnSync('/usr/bin/python3', ['-c', `import json, psutil\nprint(json.dumps(${expression}))`], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`python3-psutil: ${result.stderr}`);
    return JSON.parse(result.stdout);
  };
})();

// `name` on psutil's errors is the process's name (as in psutil), so tap's class matching,
// which compares `name`, does not apply: check instanceof instead.
function throwsA(t, fn, cls, extra = {}) {
  try {
    fn();
  } catch (error) {
    t.ok(error instanceof cls, `${error} is a ${cls.name}`);
    t.match(error, extra);
    return error;
  }
  t.fail(`expected a ${cls.name}`);
  return undefined;
}

module.exports.pythonPsutil = pythonPsutil;
module.exports.throwsA = throwsA;
module.exports.lineFrom = lineFrom;
