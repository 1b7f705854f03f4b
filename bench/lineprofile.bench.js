// The line profiler: what one line event costs on the seed's MemEater().eat(12345), on memkit's
// two paths and under memory_profiler 0.61 (Debian's python3-memory-profiler, when installed),
// against one memory reading; and what an instrumented module's other code pays.
//
// Each measurement runs in a child of its own: the instrumenting path needs its load-time hook
// (memkit/profile) in place before the measured module loads, and the children keep the
// Debugger's and the hooks' costs out of this process and each other.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { printTable } = require('./lib/measure.js');

const N = 12345;
const DIST = path.join(__dirname, '..', 'dist');
const PYTHON = '/usr/bin/python3';

// The measured module: MemEater wrapped by a local `profile` (which the hook sees and
// instruments), an unprofiled twin of it, and work() that nobody profiles.
const NODE_CHILD = `'use strict';
const v8 = require('node:v8');
const { LineProfiler } = require(${JSON.stringify(path.join(DIST, 'lineprofiler', 'index.js'))});
const { memoryInfo } = require(${JSON.stringify(path.join(DIST, 'psutil', 'index.js'))});
const [backend, n, WARM_UP, ROUNDS] = [process.argv[2], ...process.argv.slice(3).map(Number)];
const profiler = new LineProfiler(backend);
const profile = (fn) => profiler.wrap(fn);

class MemEater {
  constructor() {
    this._dict = new Map();
    this._all = '';
  }

  eat(n) {
    for (let i = 0; i < n; i++) {
      this._dict.set(i, String(i));
    }
    this._all = [...this._dict.values()].join(' ');
  }
}
const PlainEater = class extends MemEater {};

function work(turns) {
  let sum = 0;
  for (let i = 0; i < turns; i++) {
    sum += i;
    sum ^= i << 1;
    sum -= i >> 2;
  }
  return sum;
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
function ms(run, rounds) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}
function nsPerCall(read) {
  const samples = [];
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20000; i++) read();
    samples.push(Number(process.hrtime.bigint() - start) / 20000);
  }
  return median(samples);
}

// work() of this module against the same work() in a module the hook leaves alone (no
// profile in it), interleaved, before any profiled call (the inspector path's Debugger stays on
// until the event loop turns)
const plainWork = require(process.argv[6]);
const work1 = [];
const work2 = [];
for (let r = 0; r < 16; r++) {
  const [first, second] = r % 2 === 0 ? [work1, work2] : [work2, work1];
  first.push(ms(() => (first === work1 ? work : plainWork)(2e6), 1));
  second.push(ms(() => (second === work1 ? work : plainWork)(2e6), 1));
}
const [workMs, otherWorkMs] = [Math.min(...work1), Math.min(...work2)];
const eat = profile(MemEater.prototype.eat);
// V8 optimizes the probes and the profiled code over the first calls: those are left out
for (let r = 0; r < WARM_UP; r++) {
  new PlainEater().eat(n);
  eat.call(new MemEater(), n);
}
const plainSamples = [];
const profiledSamples = [];
for (let r = 0; r < ROUNDS; r++) {
  plainSamples.push(ms(() => new PlainEater().eat(n), 1));
  profiledSamples.push(ms(() => eat.call(new MemEater(), n), 1));
}
const plain = median(plainSamples);
const profiled = median(profiledSamples);
const events = profiler.results().find((r) => r.name === 'eat').lines.reduce((sum, l) => sum + (l.occurrences ?? 0), 0) / (WARM_UP + ROUNDS);
console.log(JSON.stringify({
  instrumented: /\\$mk\\$/.test(MemEater.prototype.eat.toString()),
  plain, profiled, events, workMs, otherWorkMs,
  rss: nsPerCall(() => memoryInfo().rss),
  heap: nsPerCall(() => v8.getHeapStatistics().used_heap_size),
}));
`;

// the same work() as NODE_CHILD's, in a module with nothing profiled
const PLAIN_WORK = `'use strict';
module.exports = function work(turns) {
  let sum = 0;
  for (let i = 0; i < turns; i++) {
    sum += i;
    sum ^= i << 1;
    sum -= i >> 2;
  }
  return sum;
};
`;

const PYTHON_CHILD = `import json, sys, time
from memory_profiler import LineProfiler

class MemEater:
    def __init__(self):
        self._dict = {}
        self._all = ''

    def eat(self, n):
        for i in range(n):
            self._dict[i] = str(i)
        self._all = ' '.join(self._dict.values())

def ms(run, rounds):
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)[len(samples) // 2]

n = int(sys.argv[1])
prof = LineProfiler(backend='psutil')
eat = prof(MemEater.eat)
plain = ms(lambda: MemEater().eat(n), 5)
profiled = ms(lambda: eat(MemEater(), n), 3)
events = sum(m[2] for _, lines in prof.code_map.items() for _, m in lines if m) / 3
print(json.dumps({'plain': plain, 'profiled': profiled, 'events': events, 'version': sys.version.split()[0]}))
`;

function run(command, args) {
  const childEnv = { ...process.env };
  delete childEnv.NODE_OPTIONS;
  const child = spawnSync(command, args.map(String), { encoding: 'utf8', env: childEnv });
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

const perEvent = (m) => ((m.profiled - m.plain) * 1e6) / m.events;

module.exports = async function benchLineProfile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-bench-lineprofile-'));
  try {
    const nodeChild = path.join(dir, 'eater.js');
    const pythonChild = path.join(dir, 'eater.py');
    fs.writeFileSync(nodeChild, NODE_CHILD);
    fs.writeFileSync(pythonChild, PYTHON_CHILD);
    const plainWork = path.join(dir, 'work.js');
    fs.writeFileSync(plainWork, PLAIN_WORK);
    const hook = ['--require', path.join(DIST, 'profile.js')];
    const hasPython = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import memory_profiler, psutil']).status === 0;
    // memory_profiler and the probes take turns, three times, and each row is its median turn:
    // the load from elsewhere on the machine drifts over a minute. Probes: 4 warm-up calls and
    // the median of 7 each turn; breakpoints (seconds a call): one call.
    const turns = { python: [], rss: [], heap: [] };
    for (let turn = 0; turn < 3; turn++) {
      if (hasPython) turns.python.push(run(PYTHON, [pythonChild, N]));
      turns.rss.push(run(process.execPath, [...hook, nodeChild, 'rss', N, 4, 7, plainWork]));
      turns.heap.push(run(process.execPath, [...hook, nodeChild, 'heap', N, 4, 7, plainWork]));
    }
    const medianTurn = (list) => [...list].sort((a, b) => perEvent(a) - perEvent(b))[list.length >> 1];
    const python = hasPython ? medianTurn(turns.python) : undefined;
    const probes = { rss: medianTurn(turns.rss), heap: medianTurn(turns.heap) };
    const breakpoints = { rss: run(process.execPath, [nodeChild, 'rss', N, 0, 1, plainWork]), heap: run(process.execPath, [nodeChild, 'heap', N, 0, 1, plainWork]) };
    if (!probes.rss.instrumented || breakpoints.rss.instrumented) throw new Error('the load-time hook did not instrument the bench module as expected');
    const rows = [];
    const base = python === undefined ? undefined : perEvent(python);
    // the time of one eat(N) call profiled, and the ratio to the same call unprofiled
    const call = (m) => `${m.profiled >= 1000 ? `${(m.profiled / 1000).toFixed(2)} s` : `${m.profiled.toFixed(1)} ms`} a call, ${(m.profiled / m.plain).toFixed(0)}x plain (${m.plain.toFixed(2)} ms)`;
    if (python !== undefined) rows.push([`memory_profiler 0.61, psutil backend (Python ${python.version})`, base, call(python)]);
    else rows.push(['memory_profiler: not installed (apt-get install python3-memory-profiler)', NaN, '']);
    rows.push(['memkit instrumenting path, backend rss', perEvent(probes.rss), `${call(probes.rss)}; target >= 10x faster than memory_profiler`]);
    rows.push(['memkit instrumenting path, backend heap', perEvent(probes.heap), call(probes.heap)]);
    rows.push(['memkit inspector path, backend rss', perEvent(breakpoints.rss), call(breakpoints.rss)]);
    rows.push(['memkit inspector path, backend heap', perEvent(breakpoints.heap), call(breakpoints.heap)]);
    printTable(`line profiler: ns per line event on MemEater().eat(${N}) (${probes.rss.events} events), ratio to memory_profiler`, rows, base ?? perEvent(probes.rss));

    printTable('instrumenting path: ns per line event, ratio to one memory reading in the same process', [
      ['memoryInfo().rss', probes.rss.rss, ''],
      ['line event, backend rss', perEvent(probes.rss), `${(perEvent(probes.rss) / probes.rss.rss).toFixed(2)}x memoryInfo().rss; target <= 2x`],
      ['v8.getHeapStatistics().used_heap_size', probes.heap.heap, ''],
      ['line event, backend heap', perEvent(probes.heap), `${(perEvent(probes.heap) / probes.heap.heap).toFixed(2)}x v8.getHeapStatistics(); target <= 3x`],
    ], probes.rss.rss);

    // the fastest of 16 runs of work(2e6) from each module, interleaved in the hooked processes
    const hookedWork = Math.min(probes.rss.workMs, probes.heap.workMs);
    const leftAloneWork = Math.min(probes.rss.otherWorkMs, probes.heap.otherWorkMs);
    printTable('non-profiled code in an instrumented module: work(2e6), ns per call, ratio to the same code in a module the hook left alone', [
      ['module the hook left alone', leftAloneWork * 1e6, ''],
      ['module instrumented by memkit/profile', hookedWork * 1e6, 'target < 1.02x'],
    ], leftAloneWork * 1e6);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
