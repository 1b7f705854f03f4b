// The breakpoint conditions' hook: hands each hit to the profiled call it belongs to, and turns
// the Debugger off once no profiled call is going on.
import { executionAsyncId } from 'node:async_hooks';
import { currentRunOf, idle, onIdle } from '../calls.js';
import { enterHook, enterTwinHook, leaveHook } from '../memory.js';
import { sitesAt } from './code.js';
import { installHook, twinLocationOf } from './holder.js';
import type { Run } from './run.js';
import { disableDebuggerWhenIdle } from './session.js';
import { stackDepth } from './stack-depth.js';

installHook((argument) => {
  const twinOf = twinLocationOf(argument);
  if (twinOf !== undefined) {
    enterTwinHook(twinOf);
    leaveHook();
    return false;
  }
  const locationId = argument;
  enterHook(locationId);
  let depth: number | undefined;
  for (const site of sitesAt[locationId]) {
    const run = currentRunOf(site.code) as Run | undefined;
    if (run !== undefined && !run.finished) run.hit(site, (depth ??= stackDepth()), executionAsyncId());
  }
  leaveHook();
  return false;
});

onIdle(() => disableDebuggerWhenIdle(idle));
