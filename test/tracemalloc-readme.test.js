'use strict';
// The README's tracemalloc example, run as a user would (a file that requires 'memkit/tracemalloc'),
// prints the keys the README shows: the same file:line (function) of each entry. Exact mode is
// compared entry by entry; in the default sampling mode, small objects are only likely to be
// sampled, so only the big entry is.
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const start = readme.indexOf('// tracemalloc_test.js');
const snippet = readme.slice(start, readme.indexOf('```', start));
/** The text of the n-th fenced block after the snippet (whose closing fence comes first). */
function blockAfter(n) {
  const fences = [];
  for (let at = readme.indexOf('```', start); at >= 0 && fences.length < 2 * n + 1; at = readme.indexOf('```', at + 3)) fences.push(at);
  return readme.slice(readme.indexOf('\n', fences[2 * n - 1]) + 1, fences[2 * n]);
}
const keys = (text) => [...text.matchAll(/tracemalloc_test\.js:\d+(?: \(\w+\))?/g)].map((m) => m[0]).sort();

function run(t, source) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-readme-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(__dirname, '..'), path.join(dir, 'node_modules', 'memkit'));
  fs.writeFileSync(path.join(dir, 'tracemalloc_test.js'), source);
  const result = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, 'tracemalloc_test.js'], { cwd: dir, encoding: 'utf8' });
  t.equal(result.status, 0, result.stderr);
  return keys(result.stdout);
}

t.test("the README's tracemalloc example prints the lines the README shows", async (t) => {
  const sampling = keys(blockAfter(1));
  const exact = keys(blockAfter(2));
  t.ok(start > 0 && sampling.length >= 3 && exact.length >= 3, 'the README has the snippet and both outputs');
  t.ok(snippet.includes('tracemalloc.start();'), 'the snippet starts tracing with the defaults');
  const big = sampling.find((key) => key.endsWith('(eat)'));
  t.ok(run(t, snippet).includes(big), `sampling: ${big} is printed`);
  const exactSource = `${snippet.replace('tracemalloc.start();', 'tracemalloc.start(1, { exact: true });')}tracemalloc.stop();\n`;
  t.same(run(t, exactSource), exact, `exact: ${exact.join(', ')} are printed`);
});
