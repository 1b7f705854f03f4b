'use strict';
const t = require('tap');
const { memkit } = require('./cli-helpers.js');

t.test('memkit demo runs the seed workload and prints both records before and after', async (t) => {
  const r = memkit(['demo']);
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stderr, '');
  t.match(r.stdout, /new MemEater\(\)\.eat\(12345\) built 75,304 map entries and characters/, 'the workload ran');
  const rusage = r.stdout.match(/^(before|after): +resource\.struct_rusage\(ru_utime=.*ru_nivcsw=\d+\)$/gm) ?? [];
  t.equal(rusage.length, 2, 'struct_rusage before and after');
  const pmem = r.stdout.match(/^(before|after): +pmem\(rss=\d+, vms=\d+.*\)$/gm) ?? [];
  t.equal(pmem.length, 2, 'pmem before and after');
  for (const field of ['ru_maxrss', 'ru_minflt', 'ru_utime', 'rss', 'vms']) {
    t.match(r.stdout, new RegExp(`^  ${field}: [+-]?[\\d.]+ \\w+\\n {6}\\S.*\\.$`, 'm'), `${field} difference with its sentence`);
  }
});
