// npm run bench [name...]: runs every bench/*.bench.js (each exports an async function that
// prints its own table of ratios) in one process, one after another.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

async function main() {
  const only = process.argv.slice(2);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`memkit bench ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores, ${os.platform()} ${os.release()}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.js')).sort();
  for (const file of files) {
    if (only.length > 0 && !only.some((name) => file.includes(name))) continue;
    await require(path.join(__dirname, file))();
    console.log();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
