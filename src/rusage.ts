// resource.struct_rusage: Python's 16 fields, in Python's order.
import { register, StructSeq } from './structseq.js';

export const RUSAGE_FIELDS = [
  'ru_utime', 'ru_stime', 'ru_maxrss', 'ru_ixrss', 'ru_idrss', 'ru_isrss', 'ru_minflt',
  'ru_majflt', 'ru_nswap', 'ru_inblock', 'ru_oublock', 'ru_msgsnd', 'ru_msgrcv', 'ru_nsignals',
  'ru_nvcsw', 'ru_nivcsw',
] as const;

// `declare`: the constructor assigns each field once; a class field would define it first.
export class StructRusage extends StructSeq<number> {
  /** user time, float seconds */
  declare readonly ru_utime: number;
  /** system time, float seconds */
  declare readonly ru_stime: number;
  /** max resident set size as the OS reports it: KiB on Linux/FreeBSD, bytes on macOS */
  declare readonly ru_maxrss: number;
  declare readonly ru_ixrss: number;
  declare readonly ru_idrss: number;
  declare readonly ru_isrss: number;
  declare readonly ru_minflt: number;
  declare readonly ru_majflt: number;
  declare readonly ru_nswap: number;
  declare readonly ru_inblock: number;
  declare readonly ru_oublock: number;
  declare readonly ru_msgsnd: number;
  declare readonly ru_msgrcv: number;
  declare readonly ru_nsignals: number;
  declare readonly ru_nvcsw: number;
  declare readonly ru_nivcsw: number;

  /** From 16 numbers in field order (a Float64Array from `getrusageInto`, or an array). */
  constructor(values: ArrayLike<number>) {
    super();
    this.ru_utime = values[0];
    this.ru_stime = values[1];
    this.ru_maxrss = values[2];
    this.ru_ixrss = values[3];
    this.ru_idrss = values[4];
    this.ru_isrss = values[5];
    this.ru_minflt = values[6];
    this.ru_majflt = values[7];
    this.ru_nswap = values[8];
    this.ru_inblock = values[9];
    this.ru_oublock = values[10];
    this.ru_msgsnd = values[11];
    this.ru_msgrcv = values[12];
    this.ru_nsignals = values[13];
    this.ru_nvcsw = values[14];
    this.ru_nivcsw = values[15];
    Object.freeze(this);
  }
}

register(StructRusage, {
  typeName: 'resource.struct_rusage',
  fields: RUSAGE_FIELDS,
  kinds: RUSAGE_FIELDS.map((_, i) => (i < 2 ? 'float' : 'int')),
});

/** ru_maxrss in bytes: the OS reports KiB on Linux and FreeBSD, bytes on macOS. */
export function maxrssBytes(usage: Pick<StructRusage, 'ru_maxrss'>): number {
  return process.platform === 'darwin' ? usage.ru_maxrss : usage.ru_maxrss * 1024;
}
