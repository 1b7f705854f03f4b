// Renders the chart to SVG (plot-svg.ts, with d3-array's tick math) and the SVG to PNG with
// resvg (WebAssembly, so every platform, FreeBSD included, gets the same pixels), with the one
// font face the chart uses (DejaVu Sans, assets/) so text does not depend on the fonts a machine
// has. The chart stack is optional (optionalDependencies): imported here only, when -o asks.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Chart } from './plot-spec.js';
import { chartSvg } from './plot-svg.js';
import { CliError } from './errors.js';

const FONT = path.join(__dirname, '..', '..', 'assets', 'DejaVuSans.ttf');

/** import(), or one line naming the packages to install when an optional one is absent. */
async function optional<T>(load: () => Promise<T>, what: string, packages: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new CliError(`${what} needs the optional package ${packages}, which is not installed: npm install ${packages}`);
  }
}

export async function renderSvg(chart: Chart): Promise<string> {
  const math = await optional(() => import('d3-array'), 'plot -o (SVG and PNG)', 'd3-array');
  return chartSvg(chart, math);
}

let wasmReady: Promise<typeof import('@resvg/resvg-wasm')> | undefined;

function resvg(): Promise<typeof import('@resvg/resvg-wasm')> {
  wasmReady ??= optional(async () => {
    const module = await import('@resvg/resvg-wasm');
    // V8's baseline compiler only (Liftoff, no tier-up to TurboFan) for the 2.4 MB of resvg
    // code that runs once: optimising it took 2 of the 3 s a PNG took on two busy cores, and
    // doubled the memory. Only the memkit command imports this module; nothing else in its
    // process compiles WebAssembly.
    v8.setFlagsFromString('--liftoff-only');
    await module.initWasm(fs.readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return module;
  }, 'plot -o FILE.png', '@resvg/resvg-wasm');
  return wasmReady;
}

export async function renderPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await resvg();
  const renderer = new Resvg(svg, {
    font: { fontBuffers: [fs.readFileSync(FONT)], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  try {
    return renderer.render().asPng();
  } finally {
    renderer.free();
  }
}
