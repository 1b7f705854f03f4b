// The in-place status line `memkit run` shows on a terminal: elapsed, current and peak memory.
const REFRESH_MS = 200;

export interface LiveLine {
  update(elapsed: number, mem: number, peak: number): void;
  clear(): void;
}

const silent: LiveLine = { update() {}, clear() {} };

/** Draws on stderr only when it is a TTY: redirected output never gets control codes. */
export function liveLine(stream: NodeJS.WriteStream = process.stderr): LiveLine {
  if (!stream.isTTY) return silent;
  let last = 0;
  let shown = false;
  return {
    update(elapsed, mem, peak) {
      const now = performance.now();
      if (now - last < REFRESH_MS) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[2K memkit: ${elapsed.toFixed(1)} s  now ${mem.toFixed(1)} MiB  peak ${peak.toFixed(1)} MiB`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
