// npm run bench: every bench/*.bench.js in one run, each printing its own table of ratios.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

const only = process.argv.slice(2);
console.log(`memkit bench ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0].model}, ${os.cpus().length} cores, ${os.platform()} ${os.release()}, node ${process.version}\n`);
for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.js')).sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  require(path.join(__dirname, file));
}
