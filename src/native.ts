// The only place that loads the addon: node-gyp-build looks in prebuilds/<platform>-<arch>/
// first, then build/Release.
import path from 'node:path';
import nodeGypBuild from 'node-gyp-build';

export interface Native {
  /** Float64Array the hot calls write into; one per addon instance (per thread). */
  readonly scratch: Float64Array;
  readonly pageSize: number;
  readonly hasPrlimit: boolean;
  /** The largest finite limit rlim_t holds (as a double); larger ones are out of range. */
  readonly rlimMax: number;
  readonly status: { readonly invalidResource: number; readonly unsupported: number; readonly outOfRange: number; readonly notInt32: number };
  readonly resourceConstants: Readonly<Record<string, number>>;
  getrusage(who: number): number;
  getrlimit(resource: number, out: Float64Array): number;
  setrlimit(resource: number, soft: number, hard: number): number;
  prlimit(pid: number, resource: number, out: Float64Array, soft?: number, hard?: number): number;
}

export const packageRoot = path.join(__dirname, '..');

export const native = nodeGypBuild(packageRoot) as Native;
