/**
 * The built files of the pages: `shared/browser.ts` as an ES module at `js/shared.js`, the dashboard's chart
 * library (uPlot, pinned in package.json) as an ES module with its stylesheet, the applicant's phone storage
 * (`phone-store.ts`) at `js/phone-store.js`, and the service worker (`sw.ts`, Workbox) at `sw.js` with the list of
 * the applicant pages' files and their content hashes. The local gateway builds them at start and CDK at synth (next
 * to the files of web/), so no generated or vendored file is kept in the repository.
 */
import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const SHARED_MODULE_PATH = 'js/shared.js';
export const CHART_MODULE_PATH = 'js/uplot.js';
export const CHART_STYLES_PATH = 'css/uplot.css';
export const PHONE_STORE_PATH = 'js/phone-store.js';
export const SERVICE_WORKER_PATH = 'sw.js';
/** The applicant's pages: they, and every file they load (followed from their links and imports), work offline. */
export const APPLICANT_PAGES = ['index.html', 'status.html'];

const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));

const fromPackages = createRequire(import.meta.url).resolve;

function browserModule(entry: string, banner = '', define: Record<string, string> = {}): string {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // What the pages' own scripts already need (ES modules); older browsers get the server's checks alone.
    target: 'es2020',
    minify: true,
    banner: { js: banner },
    define,
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

/** The files a page needs, by path under web/: its own links and scripts, and the modules those import, in turn. */
export function filesOfPages(pages: readonly string[], built: Readonly<Record<string, string>>): string[] {
  const found = new Set<string>();
  const visit = (path: string) => {
    if (found.has(path)) return;
    found.add(path);
    const text = built[path] ?? readFileSync(WEB_DIR + path, 'utf8');
    const base = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    const links = path.endsWith('.html')
      ? [...text.matchAll(/(?:src|href)="([^"#?:]+\.(?:js|css|json|svg))"/g)].map((m) => m[1] ?? '')
      : path.endsWith('.js') ? [...text.matchAll(/(?:from|import\()\s*["'](\.\/[^"']+\.js)["']/g)].map((m) => m[1] ?? '') : [];
    for (const link of links) visit(new URL(link, `https://x/${base}`).pathname.slice(1));
  };
  pages.forEach(visit);
  return [...found].sort();
}

/** The worker with its precache list: each file of the applicant pages and the hash of what is served for it. */
function serviceWorker(built: Readonly<Record<string, string>>): string {
  const manifest = filesOfPages(APPLICANT_PAGES, built).map((url) => ({
    url,
    revision: createHash('sha256').update(built[url] ?? readFileSync(WEB_DIR + url)).digest('hex').slice(0, 16),
  }));
  return browserModule(fileURLToPath(new URL('./sw.ts', import.meta.url)), '', {
    PRECACHE_MANIFEST: JSON.stringify(manifest),
    // Workbox logs in development builds only.
    'process.env.NODE_ENV': '"production"',
  });
}

/** Every built file by its path under web/: what the gateway serves and the deployment uploads. */
export function buildPageFiles(): Record<string, string> {
  const modules = {
    [SHARED_MODULE_PATH]: buildSharedModule(),
    [PHONE_STORE_PATH]: browserModule(fileURLToPath(new URL('./phone-store.ts', import.meta.url))),
    [CHART_MODULE_PATH]: chartModule(),
    // uPlot sizes its parts through element.style (allowed under style-src 'self'), the rest is in this sheet.
    [CHART_STYLES_PATH]: readFileSync(fromPackages('uplot/dist/uPlot.min.css'), 'utf8'),
  };
  return { ...modules, [SERVICE_WORKER_PATH]: serviceWorker(modules) };
}
