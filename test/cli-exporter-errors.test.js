'use strict';
// memkit exporter's refusals: one line on stderr, a non-zero exit, never a stack trace.
const t = require('tap');
const net = require('node:net');
const { once } = require('node:events');
const { spawnSync } = require('node:child_process');
const { memkit, MAIN } = require('./cli-helpers.js');

t.test('bad input: one line on stderr and a non-zero exit', async (t) => {
  const busy = net.createServer().listen(0, '127.0.0.1');
  await once(busy, 'listening');
  t.teardown(() => busy.close());
  const cases = [
    [['--port', String(busy.address().port)], 1, /^memkit: exporter: 127\.0\.0\.1:\d+ is already in use/],
    [['--match', '('], 2, /^memkit: exporter: --match is not a valid regular expression/],
    [['--port', '70000'], 2, /^memkit: exporter: --port must be an integer 0\.\.65535, got '70000'/],
    [['--port', 'http'], 2, /--port must be an integer/],
    [['--pid', '-3'], 2, /^memkit: exporter: /],
    [['--pid', 'abc'], 2, /--pid must be a process id, got 'abc'/],
    [['--host', '203.0.113.1', '--port', '0'], 1, /^memkit: exporter: cannot listen on 203\.0\.113\.1:0: EADDRNOTAVAIL/],
    [['extra'], 2, /unexpected argument 'extra'/],
    [['--colour'], 2, /^memkit: exporter: Unknown option '--colour'/],
  ];
  for (const [args, status, message] of cases) {
    const r = memkit(['exporter', ...args]);
    t.equal(r.status, status, `${args.join(' ')}: exit ${status}`);
    t.match(r.stderr, message, args.join(' '));
    t.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
  }
  const hide = ['-e', `
    const Module = require('node:module'); const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request === 'prom-client') { const e = new Error('hidden'); e.code = 'MODULE_NOT_FOUND'; throw e; }
      return resolve.call(this, request, ...rest);
    };
    process.argv.splice(1, 0, ${JSON.stringify(MAIN)}); require(${JSON.stringify(MAIN)});`, 'exporter', '--port', '0'];
  const missing = spawnSync(process.execPath, hide, { encoding: 'utf8', timeout: 30000 });
  t.equal(missing.status, 1);
  t.equal(missing.stderr, "memkit: memkit exporter needs the optional package 'prom-client': npm install prom-client\n");
});

t.test('--help', async (t) => {
  const r = memkit(['exporter', '--help']);
  t.equal(r.status, 0);
  t.match(r.stdout, /Usage: memkit exporter \[--port 9464\]/);
  t.match(memkit(['--help']).stdout, /^\s+exporter\s+serve/m, 'listed in memkit --help');
});
