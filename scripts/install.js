#!/usr/bin/env node
// npm's install step: node-gyp-build loads a matching prebuild or compiles the addon with
// node-gyp. node-gyp downloads Node's headers unless it is told where they are, so when the
// running Node's headers are installed beside it (<prefix>/include/node, as distribution
// packages, Homebrew and the nodejs.org archives install them) it is pointed there. A nodedir
// the user configured is kept.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const prefix = path.resolve(path.dirname(process.execPath), '..');
const env = { ...process.env };
if (!env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))) {
  env.npm_config_nodedir = prefix;
}
const result = spawnSync(process.execPath, [require.resolve('node-gyp-build/bin.js')], { stdio: 'inherit', env });
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
