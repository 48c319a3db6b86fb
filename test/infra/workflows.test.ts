import aslValidator from 'asl-validator';
import { expect, it } from 'vitest';
import { readWorkflowDefinition, WORKFLOWS } from '../../workflows/index.ts';

// As both runtimes run it: the file with its generated human-task states.
it.each(WORKFLOWS.map((w) => [w.name, w] as const))('%s is valid Amazon States Language', (_name, workflow) => {
  const result = aslValidator(JSON.parse(readWorkflowDefinition(workflow.file)));
  expect(result.errorsText('\n')).toBe('');
  expect(result.isValid).toBe(true);
});
