import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { expect, it } from 'vitest';
import { WORKFLOWS } from '../../workflows/index.ts';

it.each(WORKFLOWS.map((w) => [w.name, w] as const))('%s is valid Amazon States Language', (_name, workflow) => {
  const result = aslValidator(JSON.parse(readFileSync(workflow.file, 'utf8')));
  expect(result.errorsText('\n')).toBe('');
  expect(result.isValid).toBe(true);
});
