// Shared by the metrics tests: children that hold known memory, and an exposition parser
// written apart from prom-client's (the text format's sample lines).
'use strict';
const { spawn } = require('node:child_process');
const { once } = require('node:events');

/**
 * A node child that touches `mib` MiB and idles; `marker` is appended to its command line so
 * that `match` can find it. Killed when the test ends.
 */
async function holder(t, { mib = 16, marker = 'memkit-holder' } = {}) {
  const source = `globalThis.keep = Buffer.alloc(${mib} << 20, 1); console.log('ready'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', source, marker], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => child.kill('SIGKILL'));
  await once(child.stdout, 'data');
  return child;
}

async function killed(child) {
  const exit = once(child, 'exit');
  child.kill('SIGKILL');
  await exit;
}

/** Sample lines as [{ name, labels: {..}, value }], comments skipped. */
function samples(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The one sample of `name` whose labels include `labels`; undefined when there is none. */
function sample(list, name, labels = {}) {
  const found = list.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0];
}

/** Whether value lies between two readings taken around it, give or take `slack` (a fraction). */
function bracketed(value, a, b, slack = 0.01) {
  return value >= Math.min(a, b) * (1 - slack) && value <= Math.max(a, b) * (1 + slack);
}

module.exports = { holder, killed, samples, sample, bracketed };
