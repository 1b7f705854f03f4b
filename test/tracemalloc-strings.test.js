'use strict';
// getObjectTraceback() on strings, which Python traces as any object: the string is found in the
// allocation-tracking snapshot as element 0 of a holder array (it has no inspector object id).
const t = require('tap');
const path = require('node:path');
const tm = require('memkit/tracemalloc');
const { makeStrings } = require('./fixtures/tracemalloc/strings.js');

t.test('exact: getObjectTraceback() names the function that made a string', async (t) => {
  tm.start(2, { exact: true });
  t.teardown(tm.stop);
  const literal = 'a string literal of this file, made when it was compiled';
  const made = makeStrings(12345);
  const where = path.join(__dirname, 'fixtures', 'tracemalloc', 'strings.js');
  for (const key of ['flat', 'rope']) {
    const traceback = tm.getObjectTraceback(made[key]);
    t.ok(traceback, `${key}: traced`);
    t.equal(traceback?.at(-1).filename, where, `${key}: made in strings.js`);
    t.equal(traceback?.at(-1).name, 'makeStrings', `${key}: by makeStrings`);
    t.equal(traceback?.at(-2)?.filename, __filename, `${key}: called from this test`);
  }
  t.equal(tm.getObjectTraceback(literal), null, 'a literal was made before start()');
  t.equal(tm.getObjectTraceback(true), null, 'a boolean is no allocation');
  t.equal(tm.getObjectTraceback(7), null, 'nor a small integer');
});
