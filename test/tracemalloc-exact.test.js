'use strict';
// Known answers on real allocations with { exact: true }: V8 allocation tracking, snapshots read
// from a streamed heap snapshot. getObjectTraceback(): tracemalloc-objects.test.js.
const t = require('tap');
const liveChecks = require('./fixtures/tracemalloc/live-checks.js');

liveChecks(t, { exact: true });
