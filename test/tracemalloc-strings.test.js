'use strict';
// getObjectTraceback() on strings, which Python traces as any object: the string is found in the
// allocation-tracking snapshot as element 0 of a holder array (it has no inspector object id).
// Traced in a plain node child (fixtures/tracemalloc/strings-traced.js), whose small heap keeps
// the snapshots quick.
const t = require('tap');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const fixtures = path.join(__dirname, 'fixtures', 'tracemalloc');

t.test('exact: getObjectTraceback() names the function that made a string', async (t) => {
  const child = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, path.join(fixtures, 'strings-traced.js')], { encoding: 'utf8' });
  t.equal(child.status, 0, child.stderr);
  if (child.status !== 0) return;
  const result = JSON.parse(child.stdout);
  for (const key of ['flat', 'rope']) {
    const frames = result[key];
    t.ok(frames, `${key}: traced`);
    t.same(frames, [
      { filename: path.join(fixtures, 'strings-traced.js'), name: 'caller' },
      { filename: path.join(fixtures, 'strings.js'), name: 'makeStrings' },
    ], `${key}: made by makeStrings in strings.js, called by caller (oldest first)`);
  }
  t.equal(result.literal, null, 'a literal was made before start()');
  t.equal(result.boolean, null, 'a boolean is no allocation');
  t.equal(result.smallInteger, null, 'nor a small integer');
});
