// Independent views of the kernel's numbers, for tests to compare memkit against.
'use strict';
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** Fields of /proc/<pid|self|thread-self>/stat after the command name, 1-based as in proc(5). */
function procStat(which = 'self') {
  const text = fs.readFileSync(`/proc/${which}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).trim().split(' ');
  return (n) => Number(fields[n - 3]);
}

/** /proc/<pid>/status as a map of key -> first number (kB fields stay in kB). */
function procStatus(which = 'self') {
  const out = {};
  for (const line of fs.readFileSync(`/proc/${which}/status`, 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

// Spins until libuv's process.cpuUsage() has seen `seconds` more CPU: a wall-clock spin on a
// loaded machine may get far less CPU than it lasts. As source too, for worker threads.
const spinSource = `function spin(seconds) {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 100000; i++) x += Math.sqrt(i);
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1e6 >= seconds) return x;
  }
}`;
const spin = new Function(`${spinSource}; return spin;`)();

module.exports = { CLK_TCK, procStat, procStatus, spin, spinSource, isLinux: process.platform === 'linux' };
