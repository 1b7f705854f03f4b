'use strict';
const t = require('tap');
const { memkit } = require('./cli-helpers.js');

const COMMANDS = ['run', 'attach', 'plot', 'peak', 'list', 'rm', 'clean', 'time', 'ps', 'demo'];

t.test('--help lists every command; <cmd> --help shows its usage', async (t) => {
  const top = memkit(['--help']);
  t.equal(top.status, 0);
  for (const name of COMMANDS) t.match(top.stdout, new RegExp(`^  ${name} +\\S`, 'm'), `lists ${name}`);
  for (const name of COMMANDS) {
    const r = memkit([name, '--help']);
    t.equal(r.status, 0, `${name} --help exits 0`);
    t.match(r.stdout, new RegExp(`^Usage: memkit ${name}\\b`), `${name} usage`);
  }
});

t.test('usage errors are one line on stderr and exit 2', async (t) => {
  const cases = [
    [[], /^memkit: a command is required/],
    [['frobnicate'], /^memkit: unknown command 'frobnicate'/],
    [['--frob'], /^memkit: unknown option '--frob'/],
    [['run', '--frob', '--', 'true'], /^memkit: run: Unknown option '--frob'/],
    [['run'], /^memkit: run: a command to run is required/],
    [['run', '--interval', '0', 'true'], /^memkit: --interval must be a number of seconds > 0, got '0'/],
    [['run', '-T', 'soon', 'true'], /^memkit: --interval must be a number/],
    [['run', '--backend', 'vms', 'true'], /^memkit: --backend must be one of rss, uss, pss/],
    [['peak', '--frob'], /^memkit: peak: Unknown option '--frob'/],
    [['list', 'extra'], /^memkit: list: takes no argument/],
    [['plot', '-o'], /^memkit: plot: Option '-o, --output <value>' argument missing/],
  ];
  for (const [args, pattern] of cases) {
    const r = memkit(args);
    t.equal(r.status, 2, `${JSON.stringify(args)} exits 2`);
    t.match(r.stderr, pattern, JSON.stringify(args));
    t.equal(r.stderr.split('\n').length, 2, 'one line');
    t.equal(r.stdout, '', 'nothing on stdout');
  }
});

t.test('options after the command belong to the command', async (t) => {
  const r = memkit(['time', process.execPath, '-e', 'process.exit(process.argv.includes("--flag") ? 7 : 1)', '--', '--flag']);
  t.equal(r.status, 7, 'memkit did not eat --flag');
});
