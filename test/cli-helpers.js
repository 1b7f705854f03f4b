// Shared by the cli tests: run the built `memkit` command and make scratch folders.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const MAIN = path.join(__dirname, '..', 'dist', 'cli', 'main.js');

/** Runs `node dist/cli/main.js ...args` to completion: { status, signal, stdout, stderr }. */
function memkit(args, options = {}) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 100000, ...options });
  if (result.error) throw result.error;
  return result;
}

/** Same, but asynchronously, returning the child too (for signal tests). */
function memkitAsync(args, options = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })));
  return { child, done, output: () => stdout + stderr };
}

/** A fresh folder under the OS temp dir, removed when the test ends. */
function scratch(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-cli-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `files` ({name: text}) into `dir`. */
function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

/** The lines of an mprofile .dat, split into fields, read independently of memkit's parser. */
function readDat(file) {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => line.split(' '));
}

/** A /usr/bin/time -v table as { label: value }. */
function timeTable(text) {
  const out = {};
  for (const m of text.matchAll(/^\t(.+?): (.*)$/gm)) out[m[1]] = m[2];
  return out;
}

module.exports = { MAIN, memkit, memkitAsync, scratch, writeFiles, readDat, timeTable };
