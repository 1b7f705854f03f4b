// The only place that loads the addon: node-gyp-build looks in build/Release, then in
// prebuilds/<platform>-<arch>/. It is loaded on first use, so that the parts of memkit that need
// no addon (memkit/tracemalloc, memkit/sizeof, memkit plot/peak/list/clean) work without a build.
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
  /** undefined on success, else a status. */
  getrusage(who: number): number | undefined;
  getrlimit(resource: number, out: Float64Array): number;
  setrlimit(resource: number, soft: number, hard: number): number;
  prlimit(pid: number, resource: number, out: Float64Array, soft?: number, hard?: number): number;
}

export const packageRoot = path.join(__dirname, '..');

/** No addon fits this platform and Node: one line that says how to build it. */
export class NativeAddonMissing extends Error {
  override name = 'NativeAddonMissing';
  readonly code = 'ERR_MEMKIT_NO_ADDON';
  constructor(readonly reason: string) {
    super(
      `memkit's native addon is not built for ${process.platform}-${process.arch} (node ${process.versions.node}):`
        + ` build it with 'npm rebuild memkit' (needs a C++17 compiler, make and Python 3)`,
    );
  }
}

/**
 * An empty object whose prototype loads the addon on the first property read, then copies the
 * addon's properties onto the object itself: later reads are plain property reads, with no
 * Proxy on the hot path.
 */
export const native: Native = Object.create(
  new Proxy(Object.create(null) as object, {
    get: (_target, key) => Reflect.get(load(), key),
    has: (_target, key) => Reflect.has(load(), key),
  }),
) as Native;

function load(): object {
  let addon: object;
  try {
    addon = nodeGypBuild(packageRoot) as object;
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    if (!message.startsWith('No native build was found')) throw error;
    throw new NativeAddonMissing(message.split('\n')[0]);
  }
  Object.defineProperties(native, Object.getOwnPropertyDescriptors(addon));
  return addon;
}
