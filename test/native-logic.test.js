'use strict';
// The pure parts of process reading (src-native/process-logic.h), compiled and run here on
// their own: FreeBSD's start identity across a clock step, and psutil's state table.
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { PROC_STATES, STATUS_UNKNOWN } = require('../dist/psutil/constants.js');

const source = `
#include <cstdio>
#include "process-logic.h"
using memkit::ProcState;
int main() {
  struct timeval boot = {1700000000, 250000}, start = {1700000123, 750000};
  // ntpd steps the clock by +3600.4 s: the kernel now adds the new boottime to ki_start.
  struct timeval stepped_boot = {1700003600, 650000}, stepped_start = {1700003724, 150000};
  struct timeval later_start = {1700000123, 750001};
  std::printf("{\\"identity\\": %.6f, \\"stepped\\": %.6f, \\"same\\": %d, \\"later\\": %d,",
              memkit::StartSinceBoot(start, boot), memkit::StartSinceBoot(stepped_start, stepped_boot),
              memkit::StartSinceBoot(start, boot) == memkit::StartSinceBoot(stepped_start, stepped_boot),
              memkit::StartSinceBoot(later_start, boot) != memkit::StartSinceBoot(start, boot));
  std::printf("\\"states\\": {");
  const char letters[] = "RSDTtZXxKWIP?Y";
  for (int i = 0; letters[i]; ++i) {
    std::printf("%s\\"%c\\": %d", i ? ", " : "", letters[i], static_cast<int>(memkit::LinuxState(letters[i])));
  }
  std::printf("}, \\"unknown\\": %d, \\"names\\": [", static_cast<int>(ProcState::kUnknown));
  const char* cases[][2] = {{"long-process-na", "/usr/local/bin/long-process-name-here"},
                            {"long-process-na", "other-name-entirely"}, {"short", "short-but-longer"},
                            {"long-process-na", "long-process-na"}};
  for (int i = 0; i < 4; ++i) {
    char name[memkit::kNameMax];
    std::snprintf(name, sizeof name, "%s", cases[i][0]);
    memkit::ExtendWithArgv0(cases[i][1], name);
    std::printf("%s\\"%s\\"", i ? ", " : "", name);
  }
  std::printf("]}\\n");
}
`;

t.test('process-logic.h: identity survives a clock step; states map as psutil names them; argv[0] extends a cut name', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-logic-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'logic.cc'), source);
  const compile = spawnSync(process.env.CXX || 'c++', ['-std=c++17', '-Wall', '-Wextra', '-Werror',
    '-I', path.join(__dirname, '..', 'src-native'), '-o', path.join(dir, 'logic'), path.join(dir, 'logic.cc'), '-lpthread'], { encoding: 'utf8' });
  t.equal(compile.status, 0, compile.stderr);
  const run = spawnSync(path.join(dir, 'logic'), { encoding: 'utf8' });
  t.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  t.equal(result.identity, 123.5, 'start minus boot, in seconds');
  t.equal(result.stepped, result.identity, 'the same after a clock step');
  t.equal(result.same, 1, 'compared exactly');
  t.equal(result.later, 1, 'a microsecond later is another process');
  const names = Object.fromEntries(Object.entries(result.states).map(([letter, state]) => [letter, PROC_STATES[state]]));
  t.same(names, {
    R: 'running', S: 'sleeping', D: 'disk-sleep', T: 'stopped', t: 'tracing-stop', Z: 'zombie', X: 'dead', x: 'dead',
    K: 'wake-kill', W: 'waking', I: 'idle', P: 'parked', '?': '?', Y: '?',
  }, "psutil's PROC_STATUSES, '?' for the rest");
  t.equal(PROC_STATES[result.unknown], STATUS_UNKNOWN, "TypeScript's table has the addon's order");
  t.same(result.names, ['long-process-name-here', 'long-process-na', 'short-but-longer', 'long-process-na'],
    "argv[0]'s basename replaces the cut name only when it extends it (callers skip names under 15 characters)");
});
