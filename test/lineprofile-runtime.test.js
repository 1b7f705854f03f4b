'use strict';
// Importing memkit changes nothing in the process: the line profiler's runtime (its inspector
// session, the breakpoint hook on Array, its exit handler) starts when a function is profiled,
// and its session and hook go once no profiled call is going on. Seen from outside memkit: a
// fresh process counts node:inspector sessions and compares the global state (watch.js).
const t = require('tap');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const FIXTURES = path.join(__dirname, 'fixtures', 'lineprofile');
const WATCH = path.join(FIXTURES, 'watch.js');
const NOTHING = { sessions: 0, array: [], globals: [], exitListeners: 0, compileHooked: false };

function run(args) {
  // without tap's loaders, which tap adds to every child's NODE_OPTIONS and which change globals
  const child = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, '--require', WATCH, ...args], { encoding: 'utf8', cwd: path.join(__dirname, '..') });
  if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`);
  return child.stdout;
}

t.test('importing every entry point has no side effect; profiling starts and ends the runtime', async (t) => {
  const report = JSON.parse(run([path.join(FIXTURES, 'side-effects.js')]));
  t.same(report.imported, NOTHING, 'nothing changed at require or import: no session, no hook, no listener');
  t.equal(report.during.sessions, 1, 'one inspector session while the profiled call runs');
  t.same(report.during.array, ['memkit:lineprofiler:hit'], 'and the breakpoints\' hook on Array');
  t.equal(report.during.exitListeners, 1, 'an exit handler ends calls still going on at exit');
  t.equal(report.result, 100, 'the profiled code did its work');
  t.equal(report.idle.sessions, 0, 'the session is closed once the process is idle');
  t.same(report.idle.array, [], 'and the hook is gone');
  t.equal(report.again, 50, 'a later call profiles again');
  t.same([report.idleAgain.sessions, report.idleAgain.array], [0, []], 'and its session closes too');
  // work(100) then work(50): the loop line runs n + 1 times per call
  t.same(report.occurrences.filter((n) => n !== null), [2, 2, 152, 2, 2], 'both calls recorded (the loop line n + 1 times per call)');
});

t.test('memkit/profile wires in the load-time hook and opens no inspector session', async (t) => {
  const out = run(['--require', 'memkit/profile', '-p', 'JSON.stringify({ sessions: watch.sessions(), ...watch.changes() })']);
  const state = JSON.parse(out.trim().split('\n')[0]);
  t.equal(state.sessions, 0, 'no inspector session');
  t.same(state.array, [], 'no breakpoint hook');
  t.ok(state.compileHooked, 'CommonJS modules are instrumented as they load');
  t.ok(state.globals.includes('profile'), 'profile is a global, as memory_profiler\'s builtin');
});
