// Plotting a large mprofile: 2 million samples (a 61 MB .dat, 55 hours at 0.1 s), to SVG, PNG
// and the terminal, each beside mprof plot and mprof peak (memory_profiler 0.61) on the same file.
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

const hasMprof = fs.existsSync(MPROF);
/** matplotlib for mprof plot: Debian's python3-matplotlib, which mprof's own python (/usr/bin/python3) imports. */
const hasMatplotlib = hasMprof && spawnSync('/usr/bin/python3', ['-c', 'import matplotlib'], { stdio: 'ignore' }).status === 0;

function row(label, m, output, dir, note = '') {
  const size = output ? `${(fs.statSync(path.join(dir, output)).size / 1e3).toFixed(0)} kB` : '';
  console.log(`  ${label.padEnd(24)} ${m.seconds.toFixed(2).padStart(6)} s ${m.mib.toFixed(0).padStart(5)} MiB ${size.padStart(10)}  ${note}`);
}

module.exports = async function plotBench() {
  console.log(`memkit plot of ${SAMPLES / 1e6}M samples beside mprof (memory_profiler 0.61, matplotlib): wall time and max RSS (GNU time); target < 5 s, < 500 MB, file < 1 MB`);
  if (!fs.existsSync(TIME)) return console.log('  skipped: GNU time (Debian package `time`) is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-plot-bench-'));
  try {
    const dat = path.join(dir, 'big.dat');
    const peak = writeProfile(dat);
    console.log(`  file: ${(fs.statSync(dat).size / 1e6).toFixed(1)} MB`);
    const rows = [
      ['plot -o FILE.svg', ['plot', '-o', 'big.svg', 'big.dat'], 'big.svg', hasMatplotlib],
      ['plot -o FILE.png', ['plot', '-o', 'big.png', 'big.dat'], 'big.png', hasMatplotlib],
      ['plot (terminal)', ['plot', 'big.dat']],
      ['peak', ['peak', 'big.dat'], undefined, hasMprof],
    ];
    for (const [label, args, output, compare] of rows) {
      const ours = measure([process.execPath, MAIN, ...args], dir);
      const onTarget = ours.seconds < 5 && ours.mib < 500 && (!output || fs.statSync(path.join(dir, output)).size < 1e6);
      row(`memkit ${label}`, ours, output, dir, onTarget ? 'on target' : 'OVER TARGET');
      if (!compare) continue;
      const theirs = measure([MPROF, ...args.map((arg) => arg.replace(/^big\.(svg|png)$/, 'mprof.$1'))], dir);
      const same = label === 'peak' ? `, same output: ${theirs.stdout === ours.stdout}` : '';
      row(`mprof ${label}`, theirs, output && `mprof${path.extname(output)}`, dir, `memkit ${(theirs.seconds / ours.seconds).toFixed(1)}x faster${same}`);
    }
    if (!hasMprof) console.log('  mprof: python3-memory-profiler is not installed');
    else if (!hasMatplotlib) console.log('  mprof plot: python3-matplotlib is not installed');
    const svg = fs.readFileSync(path.join(dir, 'big.svg'), 'utf8');
    console.log(`  peak label in the SVG: ${svg.includes(`peak ${peak.toFixed(1)} MiB`) ? 'exact' : 'WRONG'} (${peak.toFixed(1)} MiB)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
