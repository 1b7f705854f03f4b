// memkit exporter: an HTTP /metrics endpoint (Prometheus text or OpenMetrics) for the watched
// processes, like node_exporter's process collector, made of memkit/metrics' prom-client collector.
import http from 'node:http';
import { once } from 'node:events';
import type { Registry, RegistryContentType } from 'prom-client';
import { optionalPeer } from '../metrics/optional-peer.js';
import { watchPlan } from '../metrics/options.js';
import type { Command } from './args.js';
import { CliError, UsageError } from './errors.js';

type PromClient = typeof import('prom-client');

function portOf(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`exporter: --port must be an integer 0..65535, got '${value}'`);
  return port;
}

function pidsOf(values: readonly string[]): number[] {
  return values.map((value) => {
    if (!/^\d+$/.test(value) || Number(value) > 0x7fffffff) throw new UsageError(`exporter: --pid must be a process id, got '${value}'`);
    return Number(value);
  });
}

function patternOf(value: string | undefined): RegExp | undefined {
  if (value === undefined) return undefined;
  try {
    return new RegExp(value);
  } catch (error) {
    throw new UsageError(`exporter: --match is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** The quality the Accept header gives a media type (0 when absent; a bare Accept-less request takes text). */
function quality(accept: string, type: string): number {
  let best = 0;
  for (const range of accept.split(',')) {
    const [media, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (media !== type && media !== '*/*' && media !== `${type.split('/')[0]}/*`) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    // An exact match outranks a wildcard of the same quality.
    best = Math.max(best, media === type ? value + 1e-3 : value);
  }
  return best;
}

function wantsOpenMetrics(accept: string | undefined): boolean {
  if (!accept) return false;
  const open = quality(accept, 'application/openmetrics-text');
  return open > 0 && open > quality(accept, 'text/plain');
}

function handler(registries: { text: Registry; openMetrics: Registry<RegistryContentType> }) {
  return (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      const known = path === '/';
      response.writeHead(known ? 200 : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(known ? 'memkit exporter: metrics at /metrics\n' : 'not found: metrics are at /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('method not allowed\n');
      return;
    }
    const registry = wantsOpenMetrics(request.headers.accept) ? registries.openMetrics : registries.text;
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'Content-Type': registry.contentType });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: Error) => {
        process.stderr.write(`memkit exporter: scrape failed: ${error.message}\n`);
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(`scrape failed: ${error.message}\n`);
      },
    );
  };
}

async function listen(server: http.Server, port: number, host: string): Promise<void> {
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`exporter: ${host}:${port} is already in use (pick another with --port)`);
    throw new CliError(`exporter: cannot listen on ${host}:${port}: ${code ?? (error as Error).message}`);
  }
}

/** Resolves at the first SIGINT or SIGTERM after the call (handlers are in place when it returns). */
function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

export const exporter: Command = {
  name: 'exporter',
  summary: 'serve processes\' memory on http://HOST:PORT/metrics for Prometheus (text or OpenMetrics)',
  help: `Usage: memkit exporter [--port 9464] [--host 127.0.0.1] [--pid N ...] [--match REGEX] [--children] [--full]

Serves /metrics in Prometheus' text format (OpenMetrics when the Accept header asks for it),
read at each scrape: process_resident_memory_bytes, process_virtual_memory_bytes,
memkit_process_memory_bytes{type=...}, memkit_process_cpu_seconds_total{mode=...} and
memkit_process_context_switches_total{type=...}, labelled pid and name. Processes that exit
vanish from the next scrape; new ones that match appear. With no --pid or --match: every
process on the machine. Needs the prom-client package (npm install prom-client).

Options:
      --port N       TCP port (default 9464; 0 picks a free one, printed on stderr)
      --host ADDR    address to listen on (default 127.0.0.1)
      --pid N        watch this process (repeatable)
      --match REGEX  watch processes whose name or command line (Linux) matches REGEX
      --children     also watch the descendants of the watched processes
      --full         add uss, pss and swap (memory_full_info; costlier)
  -h, --help         this help
Ctrl-C stops it.
`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    pid: { type: 'string', multiple: true },
    match: { type: 'string' },
    children: { type: 'boolean' },
    full: { type: 'boolean' },
  },
  async run(values, positionals) {
    if (positionals.length > 0) throw new UsageError(`exporter: unexpected argument '${positionals[0]}'`);
    const port = portOf((values.port as string | undefined) ?? '9464');
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const pids = pidsOf((values.pid as unknown as string[] | undefined) ?? []);
    const match = patternOf(values.match as string | undefined);
    let client: PromClient;
    try {
      client = optionalPeer<PromClient>('prom-client', 'memkit exporter');
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    // Loaded here: they read the addon, which `memkit --help` and the file commands do without.
    const [{ registerWatcher }, { ProcessWatcher }] = await Promise.all([import('../metrics/prometheus.js'), import('../metrics/watch.js')]);
    const watcher = new ProcessWatcher(watchPlan({ self: false, pids, match, children: values.children === true, fullInfo: values.full === true }, { self: false }));
    const openMetrics = new client.Registry<RegistryContentType>();
    openMetrics.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);
    const registries = { text: new client.Registry(), openMetrics };
    registerWatcher(registries.text, watcher);
    registerWatcher(registries.openMetrics, watcher);
    const server = http.createServer(handler(registries));
    await listen(server, port, host);
    const address = server.address() as { port: number };
    const shown = host.includes(':') ? `[${host}]` : host;
    // Handlers first: a Ctrl-C sent as soon as the line is read must find them installed.
    const stopped = untilStopSignal();
    process.stderr.write(`memkit exporter: serving http://${shown}:${address.port}/metrics\n`);
    await stopped;
    await closeServer(server);
    return 0;
  },
};
