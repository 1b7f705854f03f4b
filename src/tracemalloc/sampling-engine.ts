// Default engine: V8's sampling heap profiler. Cheap (inline allocation stays on), and its
// samples die with their objects, so a profile taken after a GC describes live memory only.
import { FrameResolver, OWN } from './locations.js';
import { fullGC } from './full-gc.js';
import type { Frame } from './frame.js';
import type { InspectorSession } from '../inspector-session.js';
import { unscaleSample } from './sample-scale.js';
import type { Trace } from './trace.js';
import { TraceSums } from './trace-sums.js';
import { TracebackBuilder } from './traceback-builder.js';
import { inspectorBusy, stoppedElsewhere } from './errors.js';
import type { Engine } from './engine.js';

const WHAT = 'sampling heap profiler';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children: ProfileNode[];
}
interface Profile {
  head: ProfileNode;
  samples: { size: number; nodeId: number }[];
}

export class SamplingEngine implements Engine {
  readonly #session: InspectorSession;
  readonly #interval: number;

  constructor(session: InspectorSession, interval: number) {
    this.#session = session;
    this.#interval = interval;
    session.post('HeapProfiler.enable');
    // V8 has one sampling profiler per isolate: a second start is silently shared and the first
    // stop ends it for everyone, so refuse when someone else's profile can already be read.
    let busy = true;
    try {
      session.post('HeapProfiler.getSamplingProfile');
    } catch {
      busy = false;
    }
    if (busy) {
      session.post('HeapProfiler.disable');
      throw inspectorBusy(WHAT);
    }
    this.#start();
  }

  #start(): void {
    this.#session.post('HeapProfiler.startSampling', { samplingInterval: this.#interval });
  }

  clear(): void {
    this.#session.post('HeapProfiler.disable');
    this.#session.post('HeapProfiler.enable');
    this.#start();
  }

  stop(): void {
    this.#session.post('HeapProfiler.disable');
  }

  collect(nframe: number): Trace[] {
    fullGC();
    let profile: Profile;
    try {
      profile = this.#session.post<{ profile: Profile }>('HeapProfiler.getSamplingProfile').profile;
    } catch {
      throw stoppedElsewhere(WHAT);
    }
    const stacks = userStacks(profile.head, nframe);
    const builder = new TracebackBuilder(nframe);
    const sums = new TraceSums();
    for (const sample of profile.samples) {
      const stack = stacks.get(sample.nodeId);
      if (stack === undefined || stack === OWN) continue;
      const traceback = builder.build(stack);
      if (traceback === null) continue;
      const { size, count } = unscaleSample(sample.size, this.#interval);
      sums.add(traceback, size, count);
    }
    return sums.traces();
  }

  objectTraceback(): null {
    return null;
  }
}

/** Node id -> its user frames, most recent first, at most `nframe`; OWN under memkit's code. */
function userStacks(head: ProfileNode, nframe: number): Map<number, Frame[] | typeof OWN> {
  const resolver = new FrameResolver();
  const stacks = new Map<number, Frame[] | typeof OWN>();
  const pending: [ProfileNode, Frame[] | typeof OWN][] = [[head, []]];
  while (pending.length > 0) {
    const [node, parent] = pending.pop()!;
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    const frame = parent === OWN ? OWN : resolver.resolve(url, lineNumber, columnNumber, functionName);
    const stack = frame === OWN || parent === OWN ? OWN : frame ? [frame, ...parent.slice(0, nframe - 1)] : parent;
    stacks.set(node.id, stack);
    for (const child of node.children) pending.push([child, stack]);
  }
  return stacks;
}
