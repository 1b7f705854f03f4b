// Timing helpers shared by the bench files: interleaved rounds, medians, C loops, tables.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Median ns per call of each candidate. Rounds interleave the candidates so that load from
 * elsewhere on the machine hits them alike. `external` candidates time themselves: each is
 * called once a round with the iteration count and returns ns per call (C loops).
 */
function nsPerCall(candidates, { iterations = 200000, rounds = 9, external = {} } = {}) {
  const names = [...Object.keys(candidates), ...Object.keys(external)];
  const samples = new Map(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(candidates)) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) fn();
      samples.get(name).push(Number(process.hrtime.bigint() - start) / iterations);
    }
    for (const [name, run] of Object.entries(external)) samples.get(name).push(run(iterations));
  }
  return Object.fromEntries([...samples].map(([name, values]) => [name, median(values)]));
}

/**
 * Compiles a C program (its main takes the iteration count in argv[1] and prints ns per call)
 * and returns a function running it once, returning ns per call; null without a compiler.
 */
function cLoop(name, source) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-bench-'));
  const file = path.join(dir, `${name}.c`);
  fs.writeFileSync(file, source);
  const binary = path.join(dir, name);
  const compiled = spawnSync(process.env.CC || 'cc', ['-O2', '-o', binary, file], { encoding: 'utf8' });
  if (compiled.status !== 0) return null;
  return (iterations) => Number(execFileSync(binary, [String(iterations)], { encoding: 'utf8' }).trim());
}

/** The C preamble for cLoop programs: a clock and the timing loop around BODY. */
const cTimer = (includes, setup, body) => `
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
${includes}
int main(int argc, char **argv) {
  long n = atol(argv[1]);
  ${setup}
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < n; i++) { ${body} }
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%.2f\\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
  return 0;
}
`;

/** Prints rows of [name, ns/call, ratio to `base`, target note]. */
function printTable(title, rows, base) {
  console.log(title);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, ns, note = ''] of rows) {
    const ratio = base ? `${(ns / base).toFixed(2)}x` : '';
    console.log(`  ${name.padEnd(width)}  ${ns.toFixed(1).padStart(9)} ns/call  ${ratio.padStart(7)}  ${note}`);
  }
}

module.exports = { nsPerCall, cLoop, cTimer, printTable, median };
