/**
 * The layers' direction is a lint rule (eslint.config.js, `no-restricted-imports` per folder): each case lints one
 * import as if it were written in that folder, so a rule that stopped matching fails here, not in review.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** A module that imports `name` from `specifier` and uses it, so only the import itself can be at fault. */
function moduleImporting(specifier: string, typeOnly = false): string {
  return typeOnly
    ? `import type { Imported } from '${specifier}';\nexport type Used = Imported;\n`
    : `import { imported } from '${specifier}';\nexport const used = imported;\n`;
}

async function problems(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

const refused = [
  { file: 'shared/domain/example.ts', from: '../../functions/lib/config.ts' },
  { file: 'shared/use-cases/example.ts', from: '../../local/stack.ts', typeOnly: true },
  { file: 'shared/example.ts', from: '../infra/stacks/jaring-stack.ts' },
  { file: 'shared/domain/example.ts', from: '@aws-sdk/client-dynamodb', typeOnly: true },
  { file: 'shared/domain/example.ts', from: 'aws-cdk-lib/aws-s3' },
  { file: 'shared/domain/example.ts', from: '@aws-lambda-powertools/logger' },
  { file: 'shared/domain/example.ts', from: 'node:crypto' },
  { file: 'shared/domain/example.ts', from: 'fs' },
  { file: 'functions/http/example.ts', from: '../../local/stack.ts' },
  { file: 'functions/lib/adapters/example.ts', from: '../../../local/dynamo.ts', typeOnly: true },
  { file: 'functions/http/example.ts', from: '../../infra/constructs/jaring-function.ts' },
  { file: 'web/js/example.js', from: '../../shared/browser.ts' },
  { file: 'web/js/example.js', from: '../../functions/lib/http.ts' },
  { file: 'web/js/example.js', from: 'zod' },
  { file: 'web/example.ts', from: '../shared/domain/staff.ts' },
  { file: 'web/example.ts', from: '../functions/catalog.ts' },
];

const allowed = [
  { file: 'shared/domain/example.ts', from: './bilingual.ts' },
  { file: 'shared/use-cases/example.ts', from: '../ports/index.ts', typeOnly: true },
  { file: 'shared/rules/example.ts', from: 'json-rules-engine' },
  { file: 'functions/http/example.ts', from: '../../shared/domain/staff.ts' },
  { file: 'functions/lib/adapters/example.ts', from: '@aws-sdk/lib-dynamodb' },
  { file: 'web/js/example.js', from: './shared.js' },
  { file: 'web/example.ts', from: '../shared/browser.ts' },
];

describe('the direction of the layers', () => {
  it.each(refused)('refuses $from in $file', async ({ file, from, typeOnly }) => {
    const found = await problems(file, moduleImporting(from, typeOnly));
    expect(found).toHaveLength(1);
    expect(found[0]?.ruleId).toBe('no-restricted-imports');
  });

  it.each(allowed)('allows $from in $file', async ({ file, from, typeOnly }) => {
    expect(await problems(file, moduleImporting(from, typeOnly))).toEqual([]);
  });
});
