// The status line `memkit run` shows on a terminal: elapsed, current and peak memory. It lives
// on the terminal's last row, outside a scroll region that holds everything else (as apt's
// progress bar does), so the command's own output scrolls above it and never shares its row.
const REFRESH_MS = 200;
const SAVE = '\x1b7';
const RESTORE = '\x1b8';

export interface LiveLine {
  update(elapsed: number, mem: number, peak: number): void;
  clear(): void;
}

const silent: LiveLine = { update() {}, clear() {} };

/** Draws on `stream` only when it is a terminal of 3 rows or more and `enabled`. */
export function liveLine(stream: NodeJS.WriteStream = process.stderr, enabled = true): LiveLine {
  if (!enabled || !stream.isTTY || !(stream.rows > 2)) return silent;
  let rows = stream.rows;
  let last = 0;
  let text = '';
  let active = false;
  // A newline first, so that a cursor on the last row moves into the region, then back up.
  const reserve = () => stream.write(`\n${SAVE}\x1b[1;${rows - 1}r${RESTORE}\x1b[1A`);
  const draw = () => stream.write(`${SAVE}\x1b[${rows};1H\x1b[2K${text.slice(0, Math.max(0, (stream.columns || 80) - 1))}${RESTORE}`);
  const release = () => stream.write(`${SAVE}\x1b[r${RESTORE}${SAVE}\x1b[${rows};1H\x1b[2K${RESTORE}`);
  const onResize = () => {
    release();
    rows = stream.rows;
    reserve();
    draw();
  };
  const clear = () => {
    if (!active) return;
    active = false;
    stream.off('resize', onResize);
    process.off('exit', clear);
    release();
  };
  return {
    update(elapsed, mem, peak) {
      const now = performance.now();
      if (now - last < REFRESH_MS) return;
      last = now;
      if (!active) {
        active = true;
        reserve();
        stream.on('resize', onResize);
        process.on('exit', clear);
      }
      text = ` memkit: ${elapsed.toFixed(1)} s  now ${mem.toFixed(1)} MiB  peak ${peak.toFixed(1)} MiB`;
      draw();
    },
    clear,
  };
}
