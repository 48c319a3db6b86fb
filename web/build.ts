/**
 * The one built file of the pages: `shared/browser.ts` as an ES module at `js/shared.js`. The local gateway builds
 * it at start and CDK at synth (next to the files of web/), so no generated file is kept in the repository.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const SHARED_MODULE_PATH = 'js/shared.js';

export function buildSharedModule(): string {
  const result = buildSync({
    entryPoints: [fileURLToPath(new URL('../shared/browser.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // What the pages' own scripts already need (ES modules); older browsers get the server's checks alone.
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no browser module');
  return output.text;
}
