// The breakpoint conditions' hook: hands each hit to the profiled call it belongs to.
import { executionAsyncId } from 'node:async_hooks';
import type { ProfiledCalls } from '../calls.js';
import type { Meters } from '../memory.js';
import { sitesAt } from './code.js';
import { twinLocationOf, type HitHook } from './holder.js';
import type { Run } from './run.js';
import { stackDepth } from './stack-depth.js';

export function hitHook(meters: Meters, calls: ProfiledCalls): HitHook {
  return (argument) => {
    const twinOf = twinLocationOf(argument);
    if (twinOf !== undefined) {
      meters.enterTwin(twinOf);
      meters.leave();
      return false;
    }
    const locationId = argument;
    meters.enter(locationId);
    let depth: number | undefined;
    for (const site of sitesAt[locationId]) {
      const run = calls.currentRunOf(site.code) as Run | undefined;
      if (run !== undefined && !run.finished) run.hit(site, (depth ??= stackDepth()), executionAsyncId());
    }
    meters.leave();
    return false;
  };
}
