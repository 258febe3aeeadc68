/**
 * The charting library inlined into every report: uPlot (MIT, https://github.com/leeoniya/uPlot), read
 * from node_modules when a report is built so the HTML file needs no network at view time. Its licence
 * text is kept in a comment in front of the script, as the MIT licence requires.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A library ready to inline: minified script and stylesheet, each starting with the licence comment. */
export interface InlineChartLibrary {
  readonly name: string;
  readonly version: string;
  readonly licence: string;
  readonly script: string;
  readonly style: string;
}

let cached: InlineChartLibrary | undefined;

/** Loads uPlot's IIFE build (global `uPlot`) and its CSS once per process. */
export function loadChartLibrary(): InlineChartLibrary {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('uplot'));
  const root = path.dirname(dist);
  const manifest: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string' ? manifest.version : 'unknown';
  const licenceText = readFileSync(path.join(root, 'LICENSE'), 'utf8').trim();
  const js = readFileSync(path.join(dist, 'uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(path.join(dist, 'uPlot.min.css'), 'utf8');
  // Inlined verbatim: refuse anything that could end the element early or close the licence comment.
  for (const [what, text] of [['script', js], ['style', css], ['licence', licenceText]] as const) {
    if (/<\/(script|style)|<!--/i.test(text) || (what === 'licence' && text.includes('*/'))) {
      throw new Error(`uplot ${what} cannot be inlined safely`);
    }
  }
  const comment = `/*! uPlot ${version} | MIT License (node_modules/uplot/LICENSE):\n${licenceText}\n*/\n`;
  cached = { name: 'uPlot', version, licence: 'MIT', script: comment + js, style: comment + css };
  return cached;
}
