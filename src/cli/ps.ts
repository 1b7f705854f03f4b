// memkit ps: psutil's pmem for processes, like ps but with memkit's fields.
import type { Command } from './args.js';
import { UsageError } from './errors.js';
import type { Row } from './ps-rows.js';

const MAX_PID = 2 ** 31 - 1;

function human(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function table(rows: Row[], fields: string[]): string {
  const header = ['PID', ...fields.map((f) => f.toUpperCase()), 'NAME'];
  const cells = rows.map((r) => [String(r.pid), ...fields.map((f) => human(r[f] as number)), r.name]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padStart(widths[i]))).join('  ');
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

export const ps: Command = {
  name: 'ps',
  summary: "psutil memory_info (pmem) of processes, sorted by rss (default: all of this user's)",
  help: `Usage: memkit ps [options] [PID...]

Prints psutil's pmem of each PID (default: every process whose effective user is yours, as
\`ps -u $USER\` lists them, on every platform) in binary units, largest rss first. Fields are
the platform's pmem fields (Linux: rss vms shared text lib data dirty; FreeBSD: rss vms text
data stack; macOS: rss vms pfaults pageins).

Options:
      --json       one JSON array: {pid, name, <pmem fields in bytes>} per process
  -s, --sort F     sort by pmem field F, largest first (default rss), or by pid or name
  -h, --help       this help
`,
  options: { json: { type: 'boolean' }, sort: { type: 'string', short: 's' } },
  async run(values, args) {
    const asked = args.map((arg) => {
      if (!/^\d+$/.test(arg) || !(Number(arg) >= 1 && Number(arg) <= MAX_PID)) {
        throw new UsageError(`ps: PID must be an integer from 1 to ${MAX_PID}, got '${arg}'`);
      }
      return Number(arg);
    });
    const { readRows } = await import('./ps-rows.js');
    const { rows, failures } = readRows(asked);
    for (const failure of failures) process.stderr.write(`memkit ps: ${failure}\n`);
    const fields = rows.length > 0 ? Object.keys(rows[0]).filter((k) => k !== 'pid' && k !== 'name') : ['rss', 'vms'];
    const sort = (values.sort as string | undefined) ?? 'rss';
    if (sort !== 'pid' && sort !== 'name' && !fields.includes(sort)) {
      throw new UsageError(`ps: --sort must be pid, name or one of ${fields.join(', ')}, got '${sort}'`);
    }
    rows.sort((a, b) => (sort === 'name' ? a.name.localeCompare(b.name) : sort === 'pid' ? a.pid - b.pid : (b[sort] as number) - (a[sort] as number)));
    process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : table(rows, fields));
    return failures.length > 0 ? 1 : 0;
  },
};
