// Runs a function in this thread while a worker thread samples this process's memory.
import path from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Reading, SamplerOptions } from './sampler.js';
import type { SelfSamplerData, SelfSamplerMessage } from './self-sampler-worker.js';

export interface SelfSampled<T> {
  readonly readings: Reading[];
  readonly returned: T;
}

function nextMessage(worker: Worker): Promise<SelfSamplerMessage> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`memory sampler thread exited early (code ${code})`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (message: SelfSamplerMessage) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (message.type === 'error') reject(message.error);
      else resolve(message);
    });
  });
}

export async function sampleWhileRunning<T>(
  run: () => T,
  interval: number,
  timeout: number | undefined,
  options: SamplerOptions,
): Promise<SelfSampled<Awaited<T>>> {
  const control = new Int32Array(new SharedArrayBuffer(4));
  const data: SelfSamplerData = { pid: process.pid, interval, timeout, options, control };
  const worker = new Worker(path.join(__dirname, 'self-sampler-worker.js'), { workerData: data });
  const stop = () => {
    Atomics.store(control, 0, 1);
    Atomics.notify(control, 0);
  };
  await nextMessage(worker);
  let returned: Awaited<T>;
  try {
    returned = await run();
  } catch (error) {
    stop();
    await once(worker, 'exit');
    throw error;
  }
  const done = nextMessage(worker);
  stop();
  const message = await done;
  return { readings: message.type === 'done' ? message.readings : [], returned };
}
