// CPU cost of sampling one process's memory every 10 ms for 10 s, as a share of one core:
// memkit's memoryUsage() against pidusage, each in its own sampler process measured with
// process.cpuUsage(), next to a Node loop that only runs the same timer and two C floors: waking
// up 100 times a second, and that plus one pread of the target's statm per tick.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const INTERVAL_S = 0.01;
const DURATION_S = 10;

// Each sampler prints {cpu: seconds of CPU it used while sampling, samples}.
const SAMPLERS = {
  'memkit memoryUsage(pid)': `
    const { memoryUsage } = require('memkit/profiler');
    (async () => {
      const cpu = process.cpuUsage();
      const usage = await memoryUsage(PID, { interval: ${INTERVAL_S}, timeout: ${DURATION_S} });
      const d = process.cpuUsage(cpu);
      console.log(JSON.stringify({ cpu: (d.user + d.system) / 1e6, samples: usage.length }));
    })();`,
  'pidusage(pid)': `
    const pidusage = require('pidusage');
    const cpu = process.cpuUsage();
    const start = performance.now();
    let samples = 0;
    const tick = () => pidusage(PID, (error, stats) => {
      if (error) throw error;
      samples += stats.memory > 0 ? 1 : 0;
      if (samples >= ${DURATION_S / INTERVAL_S}) {
        const d = process.cpuUsage(cpu);
        pidusage.clear();
        return console.log(JSON.stringify({ cpu: (d.user + d.system) / 1e6, samples }));
      }
      setTimeout(tick, Math.max(0, start + samples * ${INTERVAL_S * 1000} - performance.now()));
    });
    tick();`,
  'timer only (no read)': `
    const cpu = process.cpuUsage();
    const start = performance.now();
    let samples = 0;
    const tick = () => {
      if (++samples >= ${DURATION_S / INTERVAL_S}) {
        const d = process.cpuUsage(cpu);
        return console.log(JSON.stringify({ cpu: (d.user + d.system) / 1e6, samples }));
      }
      setTimeout(tick, Math.max(0, start + samples * ${INTERVAL_S * 1000} - performance.now()));
    };
    tick();`,
};

// The floors in C: waking up on the same grid, and waking up plus one pread of the target's
// statm (what memkit's sampling thread does per tick on Linux).
const C_SLEEPER = `
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
int main(int argc, char **argv) {
  int fd = -1;
  char path[64], buf[256];
  if (argc > 1) {
    snprintf(path, sizeof path, "/proc/%s/statm", argv[1]);
    fd = open(path, O_RDONLY);
  }
  struct timespec start, due;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (long i = 1; i <= ${DURATION_S / INTERVAL_S}; i++) {
    long ns = start.tv_nsec + i * ${INTERVAL_S * 1e9};
    due.tv_sec = start.tv_sec + ns / 1000000000L;
    due.tv_nsec = ns % 1000000000L;
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
    if (fd >= 0 && pread(fd, buf, sizeof buf, 0) <= 0) return 1;
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  printf("{\\"cpu\\": %f, \\"samples\\": 0}\\n", cpu);
  return 0;
}`;

/** Compiles the C sleeper; null without a C compiler. */
function compileCSleeper() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-bench-'));
  fs.writeFileSync(path.join(dir, 'sleeper.c'), C_SLEEPER);
  const binary = path.join(dir, 'sleeper');
  return spawnSync(process.env.CC || 'cc', ['-O2', '-o', binary, path.join(dir, 'sleeper.c')]).status === 0 ? binary : null;
}

function runCSleeper(binary, args) {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`C sleeper exited ${code}`))));
  });
}

function runSampler(code, pid) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code.replaceAll('PID', String(pid))], {
      cwd: __dirname, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`sampler exited ${code}`))));
  });
}

module.exports = async function benchSampling() {
  const target = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    const names = Object.keys(SAMPLERS);
    const binary = compileCSleeper();
    const floors = binary ? { 'C: sleep only': [], 'C: sleep + pread statm': [String(target.pid)] } : {};
    if (process.platform !== 'linux') delete floors['C: sleep + pread statm'];
    // All samplers watch the same idle target at once: 10 s in all, and the same conditions.
    const results = await Promise.all([
      ...names.map((name) => runSampler(SAMPLERS[name], target.pid)),
      ...Object.values(floors).map((args) => runCSleeper(binary, args)),
    ]);
    names.push(...Object.keys(floors));
    const base = results[names.indexOf('pidusage(pid)')].cpu;
    console.log(`sampling one process every ${INTERVAL_S * 1000} ms for ${DURATION_S} s: CPU of the sampler process, share of one core, ratio to pidusage`);
    const width = Math.max(...names.map((n) => n.length));
    names.forEach((name, i) => {
      const { cpu, samples } = results[i];
      const share = (100 * cpu) / DURATION_S;
      const note = name.startsWith('memkit') ? `target < 0.5% ${share < 0.5 ? 'ok' : 'OVER'}` : '';
      const count = name.startsWith('C') ? '' : `${samples} samples`;
      console.log(`  ${name.padEnd(width)}  ${share.toFixed(3).padStart(6)}% of a core  ${(cpu * 1000).toFixed(0).padStart(5)} ms CPU  ${count.padStart(12)}  ${(cpu / base).toFixed(2).padStart(5)}x  ${note}`);
    });
  } finally {
    target.kill();
  }
};
