/**
 * The invitations drawn from an esbuild bundle as the Lambda construct makes it (ESM, the require banner), with only
 * the font files the construct ships beside it: proof that nothing is read from a package folder the bundle lacks.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { PDFDocument } from 'pdf-lib';
import { afterAll, expect, it } from 'vitest';
import { FONT_FILES } from '../../infra/constructs/jaring-function.ts';
import type * as Invitations from '../../functions/lib/payouts/invitations.ts';
import { newPickupCode } from '../../shared/domain/pickup-code.ts';

const dir = await mkdtemp(join(tmpdir(), 'jaring-bundle-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

it('draws invitations from the bundle with the fonts shipped beside it', async () => {
  await build({
    entryPoints: ['functions/lib/payouts/invitations.ts'], outfile: join(dir, 'index.mjs'), bundle: true, platform: 'node', format: 'esm',
    target: 'node22', mainFields: ['module', 'main'], minify: true, logLevel: 'silent',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  for (const file of FONT_FILES) {
    await mkdir(dirname(join(dir, 'node_modules', file)), { recursive: true });
    await cp(join('node_modules', file), join(dir, 'node_modules', file));
  }
  const bundled = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as typeof Invitations;
  const chunks: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); } });
  const household = { method: 'POS', batchId: 'b', entitlementId: 'e', applicationId: 'a', status: 'SENT', amount: 200_000, reference: 'JPOS000000000001', applicationReference: 'JRG-1', name: "Nur'aini Ḥasan", districtCode: '36.71.01', districtName: 'Tangerang', pickupCode: newPickupCode() } as const;
  const summary = await bundled.writeInvitations({ programme: { id: 'Bantuan Sembako', en: 'Food aid' }, window: { opensOn: '2026-07-06', closesOn: '2026-07-19' }, instructions: [household, household] }, out);
  expect(summary.pages).toBe(2);
  expect((await PDFDocument.load(Buffer.concat(chunks))).getPageCount()).toBe(2);
});
