// Shared by the exporter tests: start `memkit exporter` on a free port and scrape it.
'use strict';
const http = require('node:http');
const { memkitAsync } = require('./cli-helpers.js');

/** Starts `memkit exporter --port 0 ...args`; resolves once it serves, with its port. */
async function startExporter(t, args) {
  const run = memkitAsync(['exporter', '--port', '0', ...args]);
  t.teardown(() => run.child.kill('SIGKILL'));
  const port = await new Promise((resolve, reject) => {
    const check = () => {
      const m = /serving http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(run.output());
      if (m) resolve(Number(m[1]));
    };
    run.child.stderr.on('data', check);
    run.done.then((r) => reject(new Error(`exporter exited ${r.status}: ${r.stderr}`)));
  });
  return { ...run, port };
}

/** GET http://127.0.0.1:port/path: { status, headers, body }. */
function get(port, path = '/metrics', headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, headers, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (d) => { body += d; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

module.exports = { startExporter, get };
