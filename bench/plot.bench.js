// Plotting a large mprofile: 2 million samples (a 61 MB .dat, 55 hours at 0.1 s), to SVG, PNG
// and the terminal, and memkit peak next to mprof peak (memory_profiler 0.61) on the same file.
// Targets (issue 13): SVG or PNG under 5 s and 500 MB of RSS, the file under 1 MB, the peak exact.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const SAMPLES = 2e6;
const MAIN = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
const MPROF = '/usr/bin/python3-mprof';
const TIME = '/usr/bin/time';

function writeProfile(file) {
  const out = fs.openSync(file, 'w');
  let lines = ['CMDLINE bench'];
  let peak = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const mem = 100 + 50 * Math.sin(i / 1e4) + (i === 1234567 ? 400.5 : 0);
    peak = Math.max(peak, Number(mem.toFixed(6)));
    lines.push(`MEM ${mem.toFixed(6)} ${(1700000000 + i * 0.1).toFixed(4)}`);
    if (lines.length === 100000) {
      fs.writeSync(out, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  fs.writeSync(out, `${lines.join('\n')}\n`);
  fs.closeSync(out);
  return peak;
}

/** Wall seconds and max RSS (MiB) of a command, from GNU time. */
function measure(command, cwd) {
  const r = spawnSync(TIME, ['-f', '%e %M', ...command], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const [seconds, kib] = r.stderr.trimEnd().split('\n').pop().split(' ').map(Number);
  return { seconds, mib: kib / 1024, status: r.status, stdout: r.stdout };
}

module.exports = async function plotBench() {
  console.log(`memkit plot of ${SAMPLES / 1e6}M samples: wall time and max RSS (GNU time), target < 5 s and < 500 MB`);
  if (!fs.existsSync(TIME)) return console.log('  skipped: GNU time (Debian package `time`) is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-plot-bench-'));
  try {
    const dat = path.join(dir, 'big.dat');
    const peak = writeProfile(dat);
    console.log(`  file: ${(fs.statSync(dat).size / 1e6).toFixed(1)} MB`);
    const rows = [
      ['memkit plot -o big.svg', [process.execPath, MAIN, 'plot', '-o', 'big.svg', 'big.dat'], 'big.svg'],
      ['memkit plot -o big.png', [process.execPath, MAIN, 'plot', '-o', 'big.png', 'big.dat'], 'big.png'],
      ['memkit plot (terminal)', [process.execPath, MAIN, 'plot', 'big.dat']],
      ['memkit peak', [process.execPath, MAIN, 'peak', 'big.dat']],
    ];
    let ours;
    for (const [label, command, output] of rows) {
      const m = measure(command, dir);
      const size = output ? `  ${(fs.statSync(path.join(dir, output)).size / 1e3).toFixed(0)} kB` : '';
      const ok = m.seconds < 5 && m.mib < 500 ? 'ok' : 'over target';
      console.log(`  ${label.padEnd(26)} ${m.seconds.toFixed(2).padStart(7)} s ${m.mib.toFixed(0).padStart(6)} MiB${size}  ${output ? ok : ''}`);
      if (label === 'memkit peak') ours = m;
    }
    const svg = fs.readFileSync(path.join(dir, 'big.svg'), 'utf8');
    console.log(`  peak label in the SVG: ${svg.includes(`peak ${peak.toFixed(1)} MiB`) ? 'exact' : 'WRONG'} (${peak.toFixed(1)} MiB)`);
    if (fs.existsSync(MPROF)) {
      const theirs = measure([MPROF, 'peak', 'big.dat'], dir);
      console.log(`  mprof peak                 ${theirs.seconds.toFixed(2).padStart(7)} s ${theirs.mib.toFixed(0).padStart(6)} MiB  memkit ${(theirs.seconds / ours.seconds).toFixed(2)}x faster, same output: ${theirs.stdout === ours.stdout}`);
    } else {
      console.log('  mprof peak: python3-memory-profiler is not installed');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
