'use strict';
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const resource = require('memkit/resource');

const { getrlimit, setrlimit, prlimit, RLIMIT_NOFILE, RLIMIT_FSIZE, RLIMIT_CORE, RLIM_INFINITY } = resource;

/** Runs a node script in a child and returns its JSON answer. */
function child(script) {
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const openFiles = (n) => `
  const fs = require('node:fs');
  const fds = [];
  let error = null;
  try { for (let i = 0; i < ${n}; i++) fds.push(fs.openSync('/dev/null', 'r')); } catch (e) { error = e.code; }
  console.log(JSON.stringify({ opened: fds.length, error }));
`;

t.test('getrlimit matches the kernel view of this process', async (t) => {
  const [soft, hard] = getrlimit(RLIMIT_NOFILE);
  if (process.platform === 'linux') {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const [, s, h] = /Max open files\s+(\S+)\s+(\S+)/.exec(line);
    t.equal(soft, Number(s));
    t.equal(hard, Number(h));
  }
  const shell = spawnSync('sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' }).stdout.trim().split('\n');
  t.same([soft, hard], shell.map((v) => (v === 'unlimited' ? Infinity : Number(v))), 'sh ulimit agrees');
  const [, asHard] = getrlimit(resource.RLIMIT_AS ?? resource.RLIMIT_DATA);
  const kib = spawnSync('sh', ['-c', resource.RLIMIT_AS === undefined ? 'ulimit -Hd' : 'ulimit -Hv'], { encoding: 'utf8' }).stdout.trim();
  t.equal(asHard, kib === 'unlimited' ? Infinity : Number(kib) * 1024, `address space hard limit: sh ulimit says ${kib} (KiB)`);
  t.equal(RLIM_INFINITY, Infinity);
});

t.test('lowering RLIMIT_NOFILE is seen by getrlimit and makes a child\'s extra opens fail', async (t) => {
  const baseline = child(openFiles(200));
  t.same(baseline, { opened: 200, error: null }, 'without the limit 200 opens succeed');
  const lowered = child(`
    const r = require('memkit/resource');
    const { spawnSync } = require('node:child_process');
    // Node raises its soft limit to the hard one at start-up, so lower both.
    r.setrlimit(r.RLIMIT_NOFILE, [100, 100]);
    const seen = r.getrlimit(r.RLIMIT_NOFILE);
    const grandchild = spawnSync(process.execPath, ['-e', ${JSON.stringify(openFiles(200))}], { encoding: 'utf8' });
    console.log(JSON.stringify({ seen, grandchild: JSON.parse(grandchild.stdout) }));
  `);
  t.same(lowered.seen, [100, 100], 'getrlimit sees the new limits');
  t.equal(lowered.grandchild.error, 'EMFILE', 'the child runs out of descriptors');
  t.ok(lowered.grandchild.opened < 100, `and opened only ${lowered.grandchild.opened}`);
});

t.test('lowering RLIMIT_FSIZE makes a child\'s oversized write fail with EFBIG', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-fsize-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (limit) => child(`
    const r = require('memkit/resource');
    const fs = require('node:fs');
    if (${limit}) r.setrlimit(r.RLIMIT_FSIZE, [${limit}, r.getrlimit(r.RLIMIT_FSIZE)[1]]);
    let code = null;
    try { fs.writeFileSync(${JSON.stringify(path.join(dir, 'big'))}, Buffer.alloc(2 << 20)); } catch (e) { code = e.code; }
    console.log(JSON.stringify({ code, size: fs.statSync(${JSON.stringify(path.join(dir, 'big'))}).size }));
  `);
  t.same(write(0), { code: null, size: 2 << 20 }, 'unlimited: the 2 MiB write succeeds');
  const limited = write(1 << 20);
  t.equal(limited.code, 'EFBIG');
  t.equal(limited.size, 1 << 20, 'the file stops at the limit');
});

t.test('setrlimit round-trips and prlimit reads and sets another process', async (t) => {
  const original = getrlimit(RLIMIT_CORE);
  t.teardown(() => setrlimit(RLIMIT_CORE, original));
  const target = original[1] === Infinity ? 4096 : Math.min(4096, original[1]);
  setrlimit(RLIMIT_CORE, [target, original[1]]);
  t.same(getrlimit(RLIMIT_CORE), [target, original[1]]);
  setrlimit(RLIMIT_CORE, [original[1], original[1]].map((v, i) => (i === 0 ? v : original[1])));
  t.same(getrlimit(RLIMIT_CORE)[0], original[1], 'soft raised back up to hard');
  if (!resource.resourceConstants || process.platform !== 'linux') return;
  const sleeper = require('node:child_process').spawn('sleep', ['5']);
  t.teardown(() => sleeper.kill());
  const before = prlimit(sleeper.pid, RLIMIT_NOFILE);
  t.same(before, getrlimit(RLIMIT_NOFILE), 'the child inherited our limits');
  t.same(prlimit(sleeper.pid, RLIMIT_NOFILE, [64, before[1]]), before, 'setting returns the old limits');
  const line = fs.readFileSync(`/proc/${sleeper.pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  t.match(line, /Max open files\s+64\s/, '/proc/<pid>/limits shows the new soft limit');
  t.same(prlimit(0, RLIMIT_NOFILE), getrlimit(RLIMIT_NOFILE), 'pid 0 is this process');
});
