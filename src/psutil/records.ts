// psutil's named tuples. The pmem / pfullmem / svmem field names come from the addon, so each
// platform gets its own (psutil's per-platform tables); the classes are built at load time.
import { register, StructSeq, type FieldKind } from '../structseq.js';
import { native } from './native.js';

/**
 * pmem as strict TypeScript code can read it on any platform: `rss` and `vms` always, each other
 * field where the platform has it (undefined elsewhere). PmemLinux, PmemFreeBSD and PmemDarwin
 * make them required, for code that knows its platform.
 */
export interface Pmem extends StructSeq<number> {
  /** resident set size, bytes */
  readonly rss: number;
  /** virtual memory size, bytes */
  readonly vms: number;
  /** Linux */
  readonly shared?: number;
  /** Linux and FreeBSD */
  readonly text?: number;
  /** Linux */
  readonly lib?: number;
  /** Linux and FreeBSD */
  readonly data?: number;
  /** Linux */
  readonly dirty?: number;
  /** FreeBSD */
  readonly stack?: number;
  /** macOS: page faults (a count) */
  readonly pfaults?: number;
  /** macOS: pageins (a count) */
  readonly pageins?: number;
}
/** /proc/<pid>/statm * page size. */
export interface PmemLinux extends Pmem {
  readonly shared: number;
  readonly text: number;
  readonly lib: number;
  readonly data: number;
  readonly dirty: number;
}
/** kinfo_proc: ki_rssize, ki_size, ki_tsize/ki_dsize/ki_ssize * page size. */
export interface PmemFreeBSD extends Pmem {
  readonly text: number;
  readonly data: number;
  readonly stack: number;
}
/** proc_pidinfo(PROC_PIDTASKINFO): bytes, then counts. */
export interface PmemDarwin extends Pmem {
  readonly pfaults: number;
  readonly pageins: number;
}

/** pmem plus uss (Linux, macOS), pss and swap (Linux); FreeBSD has pmem's fields only. */
export interface Pfullmem extends Pmem {
  readonly uss?: number;
  readonly pss?: number;
  readonly swap?: number;
}
/** pmem plus uss, pss and swap from smaps_rollup (or smaps). */
export interface PfullmemLinux extends PmemLinux {
  readonly uss: number;
  readonly pss: number;
  readonly swap: number;
}
export interface PfullmemDarwin extends PmemDarwin {
  readonly uss: number;
}
/** FreeBSD's pfullmem has pmem's fields. */
export type PfullmemFreeBSD = PmemFreeBSD;

/** svmem: the shared fields always, the platform's own where it has them. */
export interface Svmem extends StructSeq<number> {
  readonly total: number;
  readonly available: number;
  readonly percent: number;
  readonly used: number;
  readonly free: number;
  readonly active: number;
  readonly inactive: number;
  /** Linux and FreeBSD */
  readonly buffers?: number;
  /** Linux and FreeBSD */
  readonly cached?: number;
  /** Linux and FreeBSD */
  readonly shared?: number;
  /** Linux */
  readonly slab?: number;
  /** FreeBSD and macOS */
  readonly wired?: number;
}
export interface SvmemLinux extends Svmem {
  readonly buffers: number;
  readonly cached: number;
  readonly shared: number;
  readonly slab: number;
}
export interface SvmemFreeBSD extends Svmem {
  readonly buffers: number;
  readonly cached: number;
  readonly shared: number;
  readonly wired: number;
}
export interface SvmemDarwin extends Svmem {
  readonly wired: number;
}

export interface Sswap extends StructSeq<number> {
  readonly total: number;
  readonly used: number;
  readonly free: number;
  readonly percent: number;
  /** bytes swapped in since boot */
  readonly sin: number;
  readonly sout: number;
}

/** Seconds; `iowait` on Linux only. */
export interface Pcputimes extends StructSeq<number> {
  readonly user: number;
  readonly system: number;
  readonly children_user: number;
  readonly children_system: number;
  readonly iowait?: number;
}

export interface Pctxsw extends StructSeq<number> {
  readonly voluntary: number;
  readonly involuntary: number;
}

export interface Puids extends StructSeq<number> {
  readonly real: number;
  readonly effective: number;
  readonly saved: number;
}

export type RecordClass<R> = new (values: ArrayLike<unknown>) => R;

/**
 * A StructSeq subclass whose constructor assigns each field by name from `values[i]`. The body
 * is generated so that every record shares one hidden class and the assignments stay
 * monomorphic, as the hand-written StructRusage does.
 */
export function recordClass<R>(typeName: string, fields: readonly string[], kind: (field: string) => FieldKind): RecordClass<R> {
  for (const field of fields) {
    if (!/^[a-z_][a-z0-9_]*$/.test(field)) throw new Error(`bad field name from the addon: ${field}`);
  }
  const body = fields.map((field, i) => `this.${field} = values[${i}];`).join(' ');
  const cls = new Function('Base', `return class ${typeName} extends Base {
    constructor(values) { super(); ${body} Object.freeze(this); }
  }`)(StructSeq) as RecordClass<R> & (abstract new () => StructSeq<unknown>);
  register(cls, { typeName, fields, kinds: fields.map(kind) });
  return cls;
}

const ints = (): FieldKind => 'int';

export const PmemRecord = recordClass<Pmem>('pmem', native.pmemFields, ints);
export const PfullmemRecord = recordClass<Pfullmem>('pfullmem', native.pfullmemFields, ints);
export const SvmemRecord = recordClass<Svmem>('svmem', native.svmemFields, (f) => (f === 'percent' ? 'float' : 'int'));
export const SswapRecord = recordClass<Sswap>('sswap', ['total', 'used', 'free', 'percent', 'sin', 'sout'], (f) => (f === 'percent' ? 'float' : 'int'));
export const PcputimesRecord = recordClass<Pcputimes>(
  'pcputimes',
  ['user', 'system', 'children_user', 'children_system', ...(process.platform === 'linux' ? ['iowait'] : [])],
  () => 'float',
);
export const PctxswRecord = recordClass<Pctxsw>('pctxsw', ['voluntary', 'involuntary'], ints);
export const PuidsRecord = recordClass<Puids>('puids', ['real', 'effective', 'saved'], ints);

export const pmemFields: readonly string[] = Object.freeze([...native.pmemFields]);
export const pfullmemFields: readonly string[] = Object.freeze([...native.pfullmemFields]);
