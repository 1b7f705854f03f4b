'use strict';
const t = require('tap');
const { once } = require('node:events');
const { spawn, spawnSync } = require('node:child_process');
const { MAIN } = require('./cli-helpers.js');
const { procStatus } = require('./helpers.js');
const { holder, killed, samples, sample, bracketed } = require('./metrics-helpers.js');
const { startExporter, get } = require('./cli-exporter-helpers.js');

const linux = process.platform === 'linux';
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
const MiB = 1 << 20;

t.test('--pid: Prometheus text against /proc/<pid>/status; promtool accepts it', { skip: !linux && 'reads /proc' }, async (t) => {
  const child = await holder(t, { mib: 48 });
  const exporter = await startExporter(t, ['--pid', String(child.pid)]);
  const before = procStatus(child.pid);
  const r = await get(exporter.port);
  t.equal(r.status, 200);
  t.match(r.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const list = samples(r.body);
  const rss = sample(list, 'process_resident_memory_bytes', { pid: String(child.pid), name: 'node' });
  const status = procStatus(child.pid);
  t.ok(bracketed(rss.value, before.VmRSS * 1024, status.VmRSS * 1024), `rss ${rss.value} vs VmRSS ${before.VmRSS}..${status.VmRSS} kB`);
  t.ok(rss.value >= 48 * MiB);
  t.same(new Set(list.map((s) => s.labels.pid)), new Set([String(child.pid)]), 'only the watched pid, always labelled');
  t.ok(sample(list, 'memkit_process_cpu_seconds_total', { pid: String(child.pid), mode: 'user' }), 'cpu counter');
  if (hasPromtool) {
    const check = spawnSync('promtool', ['check', 'metrics'], { input: r.body, encoding: 'utf8' });
    t.equal(check.status, 0, `promtool check metrics: ${check.stdout}${check.stderr}`);
  }
});

t.test('OpenMetrics when Accept asks for it', async (t) => {
  const exporter = await startExporter(t, ['--pid', String(process.pid)]);
  const open = await get(exporter.port, '/metrics', { Accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' });
  t.match(open.headers['content-type'], /^application\/openmetrics-text; version=1\.0\.0/);
  t.match(open.body, /\n# EOF\n$/, 'ends with # EOF');
  t.match(open.body, /^# TYPE memkit_process_cpu_seconds counter$/m, 'counter families named without _total');
  t.match(open.body, /^memkit_process_cpu_seconds_total\{pid="\d+",name="[^"]+",mode="user"\} /m, 'samples with _total');
  const text = await get(exporter.port, '/metrics', { Accept: 'text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5' });
  t.match(text.headers['content-type'], /^text\/plain/, 'text when it is preferred');
  t.notMatch(text.body, /# EOF/);
  t.match((await get(exporter.port, '/metrics', {})).headers['content-type'], /^text\/plain/, 'text without Accept');
  t.equal((await get(exporter.port, '/nope')).status, 404);
  t.equal((await get(exporter.port, '/metrics', {}, 'POST')).status, 405);
  const head = await get(exporter.port, '/metrics', {}, 'HEAD');
  t.equal(head.status, 200);
  t.equal(head.body, '');
});

t.test('--match: pid churn between scrapes; never the exporter itself', { skip: !linux && 'matches /proc/<pid>/cmdline' }, async (t) => {
  const marker = `memkit-exporter-churn-${process.pid}`;
  const first = await holder(t, { marker });
  const exporter = await startExporter(t, ['--match', marker]);
  const scraped = async () => [...new Set(samples((await get(exporter.port)).body).map((s) => Number(s.labels.pid)))].sort();
  t.same(await scraped(), [first.pid], 'the match, and not the exporter whose command line holds the pattern');
  const second = await holder(t, { marker });
  t.same(await scraped(), [first.pid, second.pid].sort(), 'a new match appears');
  await killed(first);
  t.same(await scraped(), [second.pid], 'an exited one vanishes');
});

t.test('--children: the watched process\'s descendants', { skip: !linux && 'uses pgrep' }, async (t) => {
  const shell = spawn('sh', ['-c', 'sleep 30 & sleep 31 & wait'], { stdio: 'ignore' });
  t.teardown(() => shell.kill());
  let kids = [];
  for (let i = 0; i < 100 && kids.length < 2; i++) {
    kids = spawnSync('pgrep', ['-P', String(shell.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
    if (kids.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.teardown(() => kids.forEach((pid) => { try { process.kill(pid); } catch {} }));
  const exporter = await startExporter(t, ['--pid', String(shell.pid), '--children']);
  const list = samples((await get(exporter.port)).body).filter((s) => s.name === 'process_resident_memory_bytes');
  t.same(list.map((s) => Number(s.labels.pid)).sort(), [shell.pid, ...kids].sort(), 'sh and its two sleeps');
  t.same(list.map((s) => s.labels.name).sort(), ['sh', 'sleep', 'sleep']);
});

t.test('no selector: every process on the machine, as ps -e lists them', { skip: !linux && 'compares with procps ps' }, async (t) => {
  const exporter = await startExporter(t, []);
  const psPids = () => new Set(spawnSync('ps', ['-e', '-o', 'pid='], { encoding: 'utf8' }).stdout.trim().split(/\s+/).map(Number));
  const before = psPids();
  const list = samples((await get(exporter.port)).body).filter((s) => s.name === 'process_resident_memory_bytes');
  const after = psPids();
  const scraped = new Set(list.map((s) => Number(s.labels.pid)));
  // Processes come and go meanwhile: only those alive across the scrape must be in it.
  const stable = [...before].filter((pid) => after.has(pid));
  t.same(stable.filter((pid) => !scraped.has(pid)), [], 'every process alive across the scrape is there');
  t.ok(list.every((s) => s.labels.name !== '' && s.value >= 0), 'each named, with its rss');
  t.ok(scraped.has(exporter.child.pid), 'the exporter too');
});

t.test('--full adds uss, pss and swap', { skip: !linux && 'Linux pfullmem' }, async (t) => {
  const exporter = await startExporter(t, ['--pid', String(process.pid), '--full']);
  const types = samples((await get(exporter.port)).body).filter((s) => s.name === 'memkit_process_memory_bytes').map((s) => s.labels.type);
  for (const type of ['uss', 'pss', 'swap']) t.ok(types.includes(type), type);
});

t.test('Ctrl-C stops it cleanly, under a terminal too', async (t) => {
  const exporter = await startExporter(t, ['--pid', String(process.pid)]);
  await get(exporter.port);
  exporter.child.kill('SIGINT');
  const r = await exporter.done;
  t.equal(r.status, 0);
  t.equal(r.stderr.trim().split('\n').length, 1, 'only the serving line');
  const refused = await get(exporter.port).then(() => false, (error) => error.code === 'ECONNREFUSED');
  t.ok(refused, 'the port is closed');

  // exec: script(1) runs the line with $SHELL -c, and a shell that stays (dash does) is in the
  // terminal's foreground group too, so the ^C would end it with 130 whatever the exporter does.
  const script = spawn('script', ['-qec', `exec ${process.execPath} ${MAIN} exporter --port 0 --pid ${process.pid}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  t.teardown(() => script.kill('SIGKILL'));
  let out = '';
  script.stdout.on('data', (d) => { out += d; });
  while (!/serving http/.test(out)) await once(script.stdout, 'data');
  script.stdin.write('\x03');
  const [status] = await once(script, 'exit');
  t.equal(status, 0, 'a ^C typed at the terminal ends it with status 0');
  t.notMatch(out, /Error|at .*\.js/, `no stack trace: ${JSON.stringify(out)}`);
});
