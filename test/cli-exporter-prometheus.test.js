// A real Prometheus server (Debian's `prometheus`, installed by .ci/run) scrapes memkit exporter.
'use strict';
const t = require('tap');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { once } = require('node:events');
const { spawn, spawnSync } = require('node:child_process');
const { scratch } = require('./cli-helpers.js');
const { procStatus } = require('./helpers.js');
const { holder } = require('./metrics-helpers.js');
const { startExporter, get } = require('./cli-exporter-helpers.js');

const installed = spawnSync('prometheus', ['--version']).status === 0;
const skip = process.platform !== 'linux' ? 'compares with /proc'
  : !installed ? 'prometheus is not installed (Debian: apt-get install prometheus; .ci/run installs it)' : false;

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Asks Prometheus' HTTP API until `accept(data)` holds: no time budget but the test's own. */
async function poll(port, apiPath, accept) {
  for (;;) {
    const r = await get(port, apiPath).catch(() => null);
    if (r && r.status === 200) {
      const { data } = JSON.parse(r.body);
      if (accept(data)) return data;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

t.test('Prometheus scrapes memkit exporter; the resident memory it stores is /proc/<pid>/status VmRSS', { skip, timeout: 110000 }, async (t) => {
  const child = await holder(t, { mib: 100 });
  const exporter = await startExporter(t, ['--pid', String(child.pid)]);
  const dir = scratch(t);
  const config = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(config, `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: memkit
    static_configs:
      - targets: ['127.0.0.1:${exporter.port}']
`);
  const check = spawnSync('promtool', ['check', 'config', config], { encoding: 'utf8' });
  t.equal(check.status, 0, `promtool check config: ${check.stderr}`);
  const port = await freePort();
  const server = spawn('prometheus', [
    `--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  t.teardown(async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
  });
  server.on('exit', (code) => { if (code) t.fail(`prometheus exited ${code}: ${log}`); });

  const [target] = (await poll(port, '/api/v1/targets', (d) => d.activeTargets?.[0]?.health === 'up')).activeTargets;
  t.equal(target.lastError, '', 'the scrape parsed');
  const query = `/api/v1/query?query=${encodeURIComponent(`process_resident_memory_bytes{pid="${child.pid}"}`)}`;
  const [result] = (await poll(port, query, (d) => d.result.length > 0)).result;
  const status = procStatus(child.pid);
  const stored = Number(result.value[1]);
  t.equal(result.metric.name, 'node', 'labelled with the name');
  t.ok(Math.abs(stored - status.VmRSS * 1024) <= 0.1 * status.VmRSS * 1024, `Prometheus has ${stored} B, VmRSS is ${status.VmRSS} kB`);
  t.ok(stored >= 100 << 20, 'the held 100 MiB');

  // Prometheus asks for OpenMetrics first: the counters arrive as *_total series.
  const counter = `/api/v1/query?query=${encodeURIComponent(`memkit_process_cpu_seconds_total{pid="${child.pid}",mode="user"}`)}`;
  t.equal((await poll(port, counter, (d) => d.result.length > 0)).result.length, 1, 'the cpu counter is queryable');
  const metadata = await poll(port, '/api/v1/metadata?metric=memkit_process_cpu_seconds', (d) => Object.keys(d).length > 0);
  t.equal(metadata.memkit_process_cpu_seconds?.[0]?.type, 'counter', 'stored as a counter (OpenMetrics family name)');
});
