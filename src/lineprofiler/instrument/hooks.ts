// Installs the load-time hook: CommonJS modules are instrumented as Module#_compile gets their
// source, ES modules by a loader on Node's hooks thread.
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { installRuntime } from './code.js';
import { instrumentFile } from './instrument-file.js';

type Compile = (this: unknown, content: string, filename: string) => unknown;

let installed = false;

export function installHooks(): void {
  if (installed) return;
  installed = true;
  installRuntime();
  const prototype = (Module as unknown as { prototype: { _compile: Compile } }).prototype;
  const compile = prototype._compile;
  prototype._compile = function (content: string, filename: string) {
    return compile.call(this, instrumentFile(content, filename, filename, 'script') ?? content, filename);
  };
  // module.register came in Node 20.6: before it, ES modules load uninstrumented
  if (typeof Module.register === 'function') Module.register(pathToFileURL(`${__dirname}/esm-loader.js`));
}
