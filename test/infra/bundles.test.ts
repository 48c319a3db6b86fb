/**
 * Issue #12: each handler's bundle, built by esbuild as CDK's NodejsFunction builds it (tools/bundles.ts, from the
 * construct's own options), is at most 1 MB minified. The one bundle known to be over it is named here with the ceiling
 * it was measured under, so it cannot grow unnoticed and leaves this list once it fits.
 */
import { describe, expect, it } from 'vitest';
import { bundleSizes, MAX_BUNDLE_BYTES } from '../../tools/bundles.ts';
import { EVENT_HANDLERS, HTTP_ROUTES, WORKFLOW_TASKS } from '../../functions/catalog.ts';

/**
 * Draws PDFs (pdfkit, fontkit: about 360 KB minified) beside every adapter the handlers share and the X-Ray SDK the
 * tracer needs (about 100 KB with semver; docs/BENCHMARKS.md).
 */
const OVER_THE_LIMIT: Readonly<Record<string, number>> = { 'get-invitations': 1.4 * 1024 * 1024 };

describe('handler bundles', () => {
  it('bundles every catalog handler at 1 MB or less, minified', async () => {
    const sizes = await bundleSizes();
    expect(sizes.map((s) => s.name).sort()).toEqual([...HTTP_ROUTES, ...WORKFLOW_TASKS, ...EVENT_HANDLERS].map((e) => e.name).sort());
    for (const { name, bytes } of sizes) {
      expect(bytes, name).toBeGreaterThan(0);
      expect(bytes, name).toBeLessThanOrEqual(OVER_THE_LIMIT[name] ?? MAX_BUNDLE_BYTES);
      // A named exception that fits again must leave the list.
      if (name in OVER_THE_LIMIT) expect(bytes, `${name} fits now: take it off OVER_THE_LIMIT`).toBeGreaterThan(MAX_BUNDLE_BYTES);
    }
  }, 180_000);
});
