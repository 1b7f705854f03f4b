// Renders a Vega-Lite spec headless: Vega's own SVG renderer for SVG, resvg (WebAssembly, so
// every platform, FreeBSD included, gets the same pixels) for PNG, with DejaVu Sans shipped
// in an npm package so text does not depend on the fonts a machine has.
import fs from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let wasmReady: Promise<typeof import('@resvg/resvg-wasm')> | undefined;

function resvg(): Promise<typeof import('@resvg/resvg-wasm')> {
  wasmReady ??= (async () => {
    const module = await import('@resvg/resvg-wasm');
    await module.initWasm(fs.readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return module;
  })();
  return wasmReady;
}

export async function renderPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await resvg();
  const font = fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  const renderer = new Resvg(svg, {
    font: { fontBuffers: [font], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  try {
    return renderer.render().asPng();
  } finally {
    renderer.free();
  }
}
