'use strict';
// Process.memoryMaps() against /proc/<pid>/smaps read here, against Debian's python3-psutil,
// with deleted files, 10,000 mappings, and its errors.
const t = require('tap');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { spawn } = require('node:child_process');
const psutil = require('memkit/psutil');
const { sleeper, reapedPid, zombie, canSetpriv, asNobody } = require('./psutil-helpers.js');
const { pythonPsutil, throwsA, lineFrom } = require('./psutil-helpers.js');

const linux = process.platform === 'linux';
const LINUX_FIELDS = ['rss', 'size', 'pss', 'shared_clean', 'shared_dirty', 'private_clean', 'private_dirty', 'referenced', 'anonymous', 'swap'];
const KEY = { rss: 'Rss', size: 'Size', pss: 'Pss', shared_clean: 'Shared_Clean', shared_dirty: 'Shared_Dirty', private_clean: 'Private_Clean', private_dirty: 'Private_Dirty', referenced: 'Referenced', anonymous: 'Anonymous', swap: 'Swap' };

// Fields that another process mapping the same file does not change between our read and the
// view's (pss and the shared / private split do; reclaim may clear `referenced` bits).
const STABLE = ['addr', 'perms', 'path', 'rss', 'size', 'anonymous', 'swap'];
const pick = (record, fields) => Object.fromEntries(fields.map((f) => [f, record[f]]));

/** /proc/<pid>/smaps read by the test: one { addr, perms, path, Key: bytes } per mapping. */
function smaps(pid) {
  const maps = [];
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^([0-9a-f]+-[0-9a-f]+)\s+(\S+)\s+\S+\s+\S+\s+\S+\s*(.*)$/.exec(line);
    if (header) {
      maps.push({ addr: header[1], perms: header[2], path: header[3].trim() || '[anon]' });
      continue;
    }
    const field = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (field) maps[maps.length - 1][field[1]] = Number(field[2]) * 1024;
  }
  return maps;
}

t.test('ungrouped: each mapping as /proc/<pid>/smaps has it', { skip: !linux && 'Linux smaps' }, async (t) => {
  const child = sleeper();
  t.teardown(() => child.kill());
  const p = new psutil.Process(child.pid);
  await new Promise((resolve) => setTimeout(resolve, 100));  // past exec
  t.same(psutil.pmmapFields, LINUX_FIELDS);
  const expected = smaps(child.pid);
  const maps = p.memoryMaps(false);
  t.equal(maps.length, expected.length, `${maps.length} mappings`);
  maps.forEach((m, i) => {
    const want = expected[i];
    const got = m.asDict();
    t.same(pick(got, STABLE), pick({ addr: want.addr, perms: want.perms, path: want.path, ...Object.fromEntries(LINUX_FIELDS.map((f) => [f, want[KEY[f]] ?? 0])) }, STABLE), `${want.addr} ${want.path}`);
    t.equal(got.shared_clean + got.shared_dirty + got.private_clean + got.private_dirty, got.rss, 'shared + private = rss');
    t.ok(got.pss <= got.rss, 'pss <= rss');
  });
  t.ok(maps.some((m) => m.path === '[stack]'), '[stack] named as the kernel names it');
  t.ok(maps.some((m) => m.path.endsWith('/sleep') || m.path.endsWith('/coreutils')), 'the executable');
  t.match(String(maps[0]), /^pmmap_ext\(addr='[0-9a-f]+-[0-9a-f]+', perms='[r-][w-][x-][ps]', path='.+', rss=\d+, size=\d+, pss=\d+, shared_clean=\d+, shared_dirty=\d+, private_clean=\d+, private_dirty=\d+, referenced=\d+, anonymous=\d+, swap=\d+\)$/);
});

t.test('grouped: one record per path, the sums of its mappings, in first-seen order', { skip: !linux && 'Linux smaps' }, async (t) => {
  const child = sleeper();
  t.teardown(() => child.kill());
  const p = new psutil.Process(child.pid);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const ext = p.memoryMaps(false);
  const grouped = p.memoryMaps();
  t.same(grouped.map((g) => g.path), [...new Set(ext.map((m) => m.path))]);
  for (const g of grouped) {
    const mine = ext.filter((m) => m.path === g.path);
    for (const field of LINUX_FIELDS) t.equal(g[field], mine.reduce((sum, m) => sum + m[field], 0), `${g.path} ${field}`);
  }
  t.match(String(grouped[0]), /^pmmap_grouped\(path='.+', rss=\d+, size=\d+, pss=/);
  t.same(Object.keys(grouped[0].asDict()), ['path', ...LINUX_FIELDS]);
  const self = new psutil.Process().memoryMaps();
  t.ok(self.some((g) => g.path === '[anon]'), 'a mapping without a path is [anon], as psutil names it');
  t.ok(self.find((g) => g.path === process.execPath || g.path === fs.realpathSync(process.execPath)).rss > 0, 'node itself is resident');
});

t.test('the same tuples as Debian\'s python3-psutil', { skip: !(linux && pythonPsutil) && 'needs /usr/bin/python3 with psutil' }, async (t) => {
  const child = sleeper();
  t.teardown(() => child.kill());
  await new Promise((resolve) => setTimeout(resolve, 100));
  const theirs = pythonPsutil(`[m._asdict() for m in psutil.Process(${child.pid}).memory_maps(grouped=False)]`);
  t.same(new psutil.Process(child.pid).memoryMaps(false).map((m) => pick(m, STABLE)), theirs.map((m) => pick(m, STABLE)));
  const grouped = pythonPsutil(`[m._asdict() for m in psutil.Process(${child.pid}).memory_maps()]`);
  const fields = ['path', ...STABLE.slice(3)];
  t.same(new psutil.Process(child.pid).memoryMaps().map((m) => pick(m, fields)), grouped.map((m) => pick(m, fields)));
  t.same(Object.keys(grouped[0]), ['path', ...LINUX_FIELDS], 'the same fields in the same order');
});

/** A python child that maps `count` one-page regions (alternating protections, so none merge). */
async function mapper(source) {
  const child = spawn('/usr/bin/python3', ['-c', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.equal(await lineFrom(child), 'ready');
  return child;
}

t.test('a file deleted after it was mapped: psutil drops " (deleted)"', { skip: !(linux && pythonPsutil !== undefined && fs.existsSync('/usr/bin/python3')) && 'needs /usr/bin/python3' }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-maps-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'mapped-then-deleted');
  const child = await mapper(`
import mmap, os, sys, time
f = open(${JSON.stringify(file)}, 'w+b'); f.write(b'x' * 8192); f.flush()
m = mmap.mmap(f.fileno(), 8192); m[0]
os.unlink(${JSON.stringify(file)})
print('ready', flush=True); time.sleep(60)`);
  t.teardown(() => child.kill());
  t.ok(smaps(child.pid).some((m) => m.path === `${file} (deleted)`), 'the kernel says (deleted)');
  const grouped = new psutil.Process(child.pid).memoryMaps();
  t.ok(grouped.some((g) => g.path === file), 'memoryMaps gives the bare path');
  t.notOk(grouped.some((g) => g.path.endsWith('(deleted)')));
});

t.test('10,000 mappings are read in one pass, all of them', { skip: !(linux && fs.existsSync('/usr/bin/python3')) && 'needs /usr/bin/python3' }, async (t) => {
  const child = await mapper(`
import mmap, time
keep = [mmap.mmap(-1, mmap.PAGESIZE, flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ if i % 2 else mmap.PROT_READ | mmap.PROT_WRITE) for i in range(10000)]
print('ready', flush=True); time.sleep(60)`);
  t.teardown(() => child.kill());
  const expected = smaps(child.pid);
  const maps = new psutil.Process(child.pid).memoryMaps(false);
  t.ok(maps.length >= 10000, `${maps.length} mappings`);
  t.same(maps.map((m) => `${m.addr} ${m.perms} ${m.path}`), expected.map((m) => `${m.addr} ${m.perms} ${m.path}`));
  const anon = new psutil.Process(child.pid).memoryMaps().find((g) => g.path === '[anon]');
  t.equal(anon.size, expected.filter((m) => m.path === '[anon]').reduce((sum, m) => sum + m.Size, 0), '[anon] size is the sum over all of them');
});

t.test('errors: NoSuchProcess, ZombieProcess, bad arguments; kernel threads have none', async (t) => {
  const child = sleeper();
  const p = new psutil.Process(child.pid);
  await new Promise((resolve) => { child.on('exit', resolve); child.kill(); });
  throwsA(t, () => p.memoryMaps(), psutil.NoSuchProcess, { pid: child.pid, processName: 'sleep' });
  const reaped = await reapedPid();
  t.equal(psutil.pidExists(reaped), false);
  t.throws(() => new psutil.Process().memoryMaps('yes'), { name: 'TypeError', message: /"grouped" argument must be a boolean/ });
  t.throws(() => new psutil.Process().memoryMaps(1), TypeError);
  if (linux) {
    const z = await zombie();
    t.teardown(() => z.parent.kill());
    throwsA(t, () => new psutil.Process(z.pid).memoryMaps(), psutil.ZombieProcess, { pid: z.pid, ppid: z.parent.pid });
    t.same(new psutil.Process(2).memoryMaps(), [], 'kthreadd: an empty smaps, as psutil returns []');
  }
});

t.test('AccessDenied: another user\'s process', { skip: !(linux && canSetpriv) && 'needs root, setpriv and Linux' }, async (t) => {
  const root = sleeper();
  t.teardown(() => root.kill());
  const out = asNobody(`
    const psutil = require('memkit/psutil');
    const p = new psutil.Process(${root.pid});
    const result = {};
    try { p.memoryMaps(); } catch (e) { result.maps = { cls: e.constructor.name, message: e.message, code: e.code }; }
    try { p.memoryMaps(false); } catch (e) { result.ext = e.constructor.name; }
    result.own = new psutil.Process().memoryMaps().length > 0;
    console.log(JSON.stringify(result));
  `);
  t.same(out.maps, { cls: 'AccessDenied', message: `(pid=${root.pid}, name='sleep')`, code: 'EACCES' });
  t.equal(out.ext, 'AccessDenied');
  t.ok(out.own, 'its own maps are readable');
});
