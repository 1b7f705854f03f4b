// A fresh copy of a loaded CommonJS module, instrumented as memkit/profile would load it: for a
// program that wants the instrumenting path for a module already loaded without the hook
// (memkit demo's MemEater).
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { installRuntime } from './code.js';
import { globPattern } from './targets.js';
import { instrumentSource } from './transform.js';

interface ModuleInternals {
  filename: string;
  paths: string[];
  _compile(code: string, filename: string): unknown;
}

let copies = 0;

/**
 * The exports of a new copy of the loaded module whose exports hold `exported`, with the
 * functions named by `globs` instrumented; undefined if no loaded CommonJS module exports it.
 */
export function instrumentedCopy(exported: unknown, globs: readonly string[]): Record<string, unknown> | undefined {
  const loaded = Object.values(require.cache).find((m) => m !== undefined && m.exports !== null && typeof m.exports === 'object' && Object.values(m.exports as object).includes(exported));
  if (loaded === undefined) return undefined;
  const file = loaded.filename;
  installRuntime();
  copies += 1;
  const code = instrumentSource(fs.readFileSync(file, 'utf8'), { sourceType: 'script', scriptFile: file, key: `${file}#copy${copies}`, globs: globs.map(globPattern) });
  if (code === undefined) return undefined;
  const copy = new Module(file) as unknown as ModuleInternals & { exports: Record<string, unknown> };
  copy.filename = file;
  copy.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  copy._compile(code, file);
  return copy.exports;
}
