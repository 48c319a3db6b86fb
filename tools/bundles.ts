/**
 * Every handler of functions/catalog.ts bundled by esbuild as CDK's NodejsFunction bundles it (the construct's own
 * `bundlingFor` options: ESM, node24, minified, the AWS SDK inside, the region packages outside), in one esbuild run
 * with an entry point per function. `npm run bundles` prints the sizes; test/infra/bundles.test.ts holds each to
 * issue #12's 1 MB.
 */
import { build } from 'esbuild';
import { EVENT_HANDLERS, HTTP_ROUTES, WORKFLOW_TASKS, type ResourceAccess } from '../functions/catalog.ts';
import { bundlingFor } from '../infra/constructs/jaring-function.ts';

/** Issue #12: a handler bundle, minified, is at most this. */
export const MAX_BUNDLE_BYTES = 1024 * 1024;

export interface BundleSize {
  name: string;
  /** The minified index.mjs Lambda loads (its source map, shipped beside it, apart). */
  bytes: number;
  mapBytes: number;
}

type Entry = ResourceAccess & { name: string; entry: string };
const ENTRIES: readonly Entry[] = [...HTTP_ROUTES, ...WORKFLOW_TASKS, ...EVENT_HANDLERS];

/** esbuild's options for a handler, from the construct's NodejsFunction options (as CDK passes them to esbuild). */
export function esbuildOptionsFor(access: Pick<ResourceAccess, 'usesRegions' | 'usesFonts'>) {
  const options = bundlingFor(access);
  const args: Record<string, string> = ('esbuildArgs' in options ? options.esbuildArgs : undefined) ?? {};
  const alias = Object.fromEntries(Object.entries(args).flatMap(([flag, value]) => (flag.startsWith('--alias:') ? [[flag.slice('--alias:'.length), value]] : [])));
  if (Object.keys(alias).length !== Object.keys(args).length) throw new Error(`Bundling arguments this tool cannot pass on: ${Object.keys(args).join(', ')}`);
  return {
    bundle: true,
    platform: 'node',
    format: options.format,
    target: options.target,
    mainFields: options.mainFields,
    banner: { js: options.banner },
    minify: options.minify,
    sourcemap: options.sourceMap,
    external: 'externalModules' in options ? options.externalModules : [],
    alias,
  } as const;
}

/** Bundles the entries that share one set of options together (esbuild builds their entry points in parallel). */
async function bundleGroup(entries: readonly Entry[]): Promise<BundleSize[]> {
  const result = await build({
    ...esbuildOptionsFor(entries[0]!),
    entryPoints: entries.map((e) => ({ in: e.entry, out: e.name })),
    outdir: 'bundles',
    outExtension: { '.js': '.mjs' },
    write: false,
    logLevel: 'silent',
  });
  const size = (suffix: string) => new Map(result.outputFiles.filter((f) => f.path.endsWith(suffix)).map((f) => [f.path.slice(f.path.lastIndexOf('/') + 1, -suffix.length), f.contents.byteLength]));
  const code = size('.mjs');
  const maps = size('.mjs.map');
  return entries.map((e) => ({ name: e.name, bytes: code.get(e.name) ?? 0, mapBytes: maps.get(e.name) ?? 0 }));
}

/** Every catalog handler's bundle size, largest first. */
export async function bundleSizes(): Promise<BundleSize[]> {
  const optionsOf = (e: Entry) => JSON.stringify(esbuildOptionsFor(e));
  const groups = [...new Set(ENTRIES.map(optionsOf))].map((options) => ENTRIES.filter((e) => optionsOf(e) === options));
  const sizes = (await Promise.all(groups.map(bundleGroup))).flat();
  return sizes.sort((a, b) => b.bytes - a.bytes);
}

async function main() {
  const sizes = await bundleSizes();
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(`| function | bundle (KiB, minified) | source map (KiB) |\n| --- | --- | --- |`);
  for (const s of sizes) console.log(`| ${s.name} | ${kb(s.bytes)} | ${kb(s.mapBytes)} |`);
  const over = sizes.filter((s) => s.bytes > MAX_BUNDLE_BYTES);
  console.log(`\n${sizes.length} bundles, largest ${kb(sizes[0]?.bytes ?? 0)} KiB; limit ${kb(MAX_BUNDLE_BYTES)} KiB: ${over.length ? `over it: ${over.map((s) => s.name).join(', ')}` : 'all within'}.`);
  if (over.length) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
