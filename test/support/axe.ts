/**
 * axe-core (pinned in package.json) on a page in the browser: its rules for WCAG 2.x A and AA and its best
 * practices. The script is evaluated over the DevTools protocol rather than added as a <script>, so the page's
 * Content-Security-Policy stays in force and unchanged for the rest of the test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; help: string; nodes: { target: string[] }[] }

/** What axe finds wrong with the page as it stands, one line per rule and element: empty when it finds nothing. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } };
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}): ${n.target.join(' ')}`));
}
