/**
 * The built files of the pages: `shared/browser.ts` as an ES module at `js/shared.js`, and the dashboard's chart
 * library (uPlot, pinned in package.json) as an ES module with its stylesheet. The local gateway builds them at start
 * and CDK at synth (next to the files of web/), so no generated or vendored file is kept in the repository.
 */
import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const SHARED_MODULE_PATH = 'js/shared.js';
export const CHART_MODULE_PATH = 'js/uplot.js';
export const CHART_STYLES_PATH = 'css/uplot.css';

const fromPackages = createRequire(import.meta.url).resolve;

function browserModule(entry: string, banner = ''): string {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // What the pages' own scripts already need (ES modules); older browsers get the server's checks alone.
    target: 'es2020',
    minify: true,
    banner: { js: banner },
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no browser module for ${entry}`);
  return output.text;
}

export const buildSharedModule = (): string => browserModule(fileURLToPath(new URL('../shared/browser.ts', import.meta.url)));

/** uPlot minified, its copyright and MIT notice (the file's first comment, which minifying drops) kept on top. */
function chartModule(): string {
  const entry = fromPackages('uplot/dist/uPlot.esm.js');
  const notice = /^\/\*[\s\S]*?\*\//.exec(readFileSync(entry, 'utf8'))?.[0];
  if (!notice) throw new Error('uPlot\'s licence notice was not found at the top of its module');
  return browserModule(entry, notice);
}

/** Every built file by its path under web/: what the gateway serves and the deployment uploads. */
export function buildPageFiles(): Record<string, string> {
  return {
    [SHARED_MODULE_PATH]: buildSharedModule(),
    [CHART_MODULE_PATH]: chartModule(),
    // uPlot sizes its parts through element.style (allowed under style-src 'self'), the rest is in this sheet.
    [CHART_STYLES_PATH]: readFileSync(fromPackages('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}
