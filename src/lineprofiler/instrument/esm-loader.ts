// The ESM half of the load-time hook (registered by hooks.ts with module.register, run on
// Node's hooks thread): instruments each ES module's source as it loads.
import { fileURLToPath } from 'node:url';
import { instrumentFile } from './instrument-file.js';

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}

type NextLoad = (url: string, context: object) => Promise<LoadResult>;

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  if (result.format !== 'module' || result.source == null || !url.startsWith('file:')) return result;
  const { source } = result;
  const text = typeof source === 'string' ? source : Buffer.from(source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength)).toString('utf8');
  const instrumented = instrumentFile(text, fileURLToPath(url), url, 'module');
  return instrumented === undefined ? result : { ...result, source: instrumented };
}
