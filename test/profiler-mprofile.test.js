'use strict';
const t = require('tap');
const profiler = require('memkit/profiler');

const { parseMprofile, formatCmdline, cmdlineLine, memLine, chldLine, defaultProfileName, peakOf, MprofileSyntaxError } = profiler;

t.test('lines are written exactly as memory_profiler writes them', async (t) => {
  t.equal(memLine(12.3456789, 1700000000.123456), 'MEM 12.345679 1700000000.1235\n', "'MEM {0:.6f} {1:.4f}'");
  t.equal(chldLine(4242, 1, 1700000000), 'CHLD 4242 1.000000 1700000000.0000\n', "'CHLD {0} {1:.6f} {2:.4f}'");
  t.equal(formatCmdline(['node', 'a b.js', 'c\td', "x'y"]), "node 'a b.js' 'c\td' x'y", 'get_cmd_line quotes args with blanks');
  t.equal(cmdlineLine(['sleep', '1']), 'CMDLINE sleep 1\n');
  t.equal(defaultProfileName(new Date(2024, 0, 2, 3, 4, 5)), 'mprofile_20240102030405.dat', 'local time, %Y%m%d%H%M%S');
});

t.test('parses what it writes and what mprof writes', async (t) => {
  const text = cmdlineLine(['python', 'x.py']) + memLine(1.5, 10) + chldLine(7, 2, 10.1) + memLine(3, 10.2)
    + 'FUNC __main__.f 1.0000 10.0000 2.0000 10.1000 0\n' + 'FUTURE field\r\n';
  const p = parseMprofile(text, 'x.dat');
  t.equal(p.cmdline, 'python x.py');
  t.same(p.mem, [{ mem: 1.5, ts: 10 }, { mem: 3, ts: 10.2 }]);
  t.same([...p.children], [[7, [{ mem: 2, ts: 10.1 }]]]);
  t.same(p.funcs, [{ name: '__main__.f', start: { mem: 1, ts: 10 }, end: { mem: 2, ts: 10.1 }, level: 0 }]);
  t.same(peakOf(p.mem), { mem: 3, ts: 10.2 });
  t.equal(peakOf([]), undefined);
  t.same(peakOf([{ mem: NaN, ts: 1 }, { mem: 2, ts: 2 }, { mem: 2, ts: 3 }, { mem: 1, ts: 4 }]), { mem: 2, ts: 2 }, 'NaN skipped, the first of equal peaks');
  t.equal(peakOf([{ mem: NaN, ts: 1 }]), undefined, 'no number, no peak');
});

t.test('malformed input names the file and the line', async (t) => {
  const bad = [
    ['MEM 1 2\nMEM x 3\n', 2, /MEM needs <MiB> <timestamp>/],
    ['MEM 1\n', 1, /MEM needs/],
    ['MEM 1 2\n\nMEM 1 2\n', 2, /empty line/],
    ['CHLD 1.5 2 3\n', 1, /CHLD pid must be an integer/],
    ['garbage\n', 1, /expected "<FIELD> <values>"/],
  ];
  for (const [text, line, reason] of bad) {
    const error = t.throws(() => parseMprofile(text, 'f.dat'));
    t.ok(error instanceof MprofileSyntaxError && error instanceof SyntaxError);
    t.equal(error.line, line);
    t.equal(error.file, 'f.dat');
    t.match(error.message, new RegExp(`^f\\.dat:${line}: `));
    t.match(error.message, reason);
  }
});
