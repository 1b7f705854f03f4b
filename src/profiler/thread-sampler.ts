// Sampling on the addon's own thread (memkit::Sampler): it sleeps between reads, so a tick
// costs one read, not a JavaScript wake-up. The event loop only drains what it took.
import { constants } from 'node:os';
import { native as addon } from '../native.js';
import { processError } from '../psutil/errors.js';
import { pfullmemFields, pmemFields } from '../psutil/records.js';
import type { LoopOptions } from './sample-loop.js';
import type { Backend, Reading } from './sampler.js';

interface NativeSampler {
  drain(): { status: number; samples: Float64Array };
  stop(): void;
}

interface SamplerNative {
  readonly Sampler: new (pid: number, interval: number, full: boolean, field: number, maxSamples: number) => NativeSampler;
  readonly status: { readonly samplerDone: number; readonly zombieProcess: number };
}

const native = addon as unknown as SamplerNative;
const { ESRCH } = constants.errno;
const MIB = 2 ** 20;
/** How often the event loop collects samples: rarely, since that is the only JavaScript cost. */
const DRAIN_SECONDS = 0.25;

export function threadSampleLoop(
  pid: number,
  backend: Backend,
  onReading: (reading: Reading) => void,
  { interval, maxSamples = Infinity, exited }: LoopOptions,
): Promise<void> {
  const full = backend !== 'rss';
  const field = (full ? pfullmemFields : pmemFields).indexOf(backend);
  const sampler = new native.Sampler(pid, interval, full, field, maxSamples);
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      sampler.stop();
      if (error) reject(error);
      else resolve();
    };
    const drain = () => {
      const { status, samples } = sampler.drain();
      try {
        for (let i = 0; i < samples.length; i += 2) onReading({ ts: samples[i], mem: samples[i + 1] / MIB, children: [] });
      } catch (error) {
        // from a timer: an exception here would end the process, so it rejects instead
        return finish(error as Error);
      }
      if (status === 0) return;
      // Gone, exited or done: sampling is over. Anything else (access denied) is an error.
      const over = status === ESRCH || status === native.status.zombieProcess || status === native.status.samplerDone;
      finish(over ? undefined : processError(status, pid, null, 'memoryInfo'));
    };
    timer = setInterval(drain, Math.max(interval, DRAIN_SECONDS) * 1000);
    exited?.then(() => {
      drain();
      finish();
    }, finish);
  });
}
