/** The lifecycle and payout state machines as the dev stack synthesizes them: definitions, substitutions, grants, scale. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TASK_KINDS, TASK_STAGES } from '../../shared/domain/human-task.ts';
import { humanTaskStateNames, PAYOUT_BATCH, readWorkflowDefinition, WORKFLOW_TASK_FUNCTIONS, WORKFLOWS } from '../../workflows/index.ts';
import { synthJaring, templateQueries } from './synth.ts';

const { stack, template } = synthJaring('dev');
const { functionId } = templateQueries(stack, template);

describe.each(WORKFLOWS.map((w) => [w.name, w] as const))('%s state machine', (name, workflow) => {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const machine = machines.find((m) => m.Properties.StateMachineName === `${name}-dev`)!;
  const definitionString: string = machine.Properties.DefinitionString;
  const substitutions: Record<string, unknown> = machine.Properties.DefinitionSubstitutions;

  it('is a Standard state machine with full logging and tracing', () => {
    expect(machines).toHaveLength(WORKFLOWS.length);
    expect(machine.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL' },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('carries every state of the ASL definition, the human-task stages generated into it included', () => {
    const file = JSON.parse(readWorkflowDefinition(workflow.file));
    const deployed = JSON.parse(definitionString);
    expect(Object.keys(deployed.States)).toEqual(Object.keys(file.States));
    const subject = workflow.humanTasks?.subject;
    const stageStates = TASK_KINDS.filter((kind) => TASK_STAGES[kind].subject === subject).flatMap((kind) => Object.values(humanTaskStateNames(kind)));
    expect(stageStates.length).toBeGreaterThan(0);
    expect(Object.keys(deployed.States)).toEqual(expect.arrayContaining(stageStates));
  });

  it('leaves no ${...} placeholder without its substitution', () => {
    const placeholders = [...definitionString.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
    expect(placeholders.length).toBeGreaterThan(0);
    expect(Object.keys(substitutions).sort()).toEqual([...new Set(placeholders)].sort());
    const substituted = definitionString.replace(/\$\{(\w+)\}/g, (_match, key: string) => JSON.stringify(substitutions[key]));
    expect(substituted).not.toContain('${');
  });

  it('substitutes the ARN of the function WORKFLOW_TASK_FUNCTIONS names, and may invoke exactly those', () => {
    const arns = workflow.substitutions.map((key) => ({ 'Fn::GetAtt': [functionId(WORKFLOW_TASK_FUNCTIONS[key]), 'Arn'] }));
    expect(Object.values(substitutions)).toEqual(arns);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: [...new Set(arns.map((a) => JSON.stringify(a)))].map((a) => JSON.parse(a)) }]) },
    });
  });
});

describe('payout state machine at national scale', () => {
  const payout = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).find((m) => m.Properties.StateMachineName === `${PAYOUT_BATCH.name}-dev`)!;
  const maps = Object.entries(JSON.parse(payout.Properties.DefinitionString).States as Record<string, Record<string, unknown>>).filter(([, s]) => s.Type === 'Map');

  it('fans out over snapshot pages with Distributed Maps that batch items, bound their concurrency and tolerate no failure', () => {
    expect(maps.map(([n]) => n)).toEqual(['ClaimEntitlements', 'DisbursePages', 'ReturnEntitlements']);
    for (const [, map] of maps) {
      expect(map).toMatchObject({
        ItemsPath: '$.pages', ToleratedFailurePercentage: 0, MaxConcurrency: expect.any(Number),
        ItemBatcher: { MaxItemsPerBatch: expect.any(Number), BatchInput: { 'batchId.$': '$.batchId' } },
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
      });
    }
  });

  it('may start, describe and stop its own child executions, and nothing else\'s', () => {
    const own = { 'Fn::Join': ['', Match.arrayWith([`:stateMachine:${PAYOUT_BATCH.name}-dev`])] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: own }]) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: ['states:DescribeExecution', 'states:StopExecution'], Effect: 'Allow', Resource: { 'Fn::Join': ['', Match.arrayWith([`:execution:${PAYOUT_BATCH.name}-dev/*`])] } }]) },
    });
  });

  it('resumes payout executions that end early, and starts batches whose request never started them', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [Match.objectLike({ 'Fn::Join': Match.anyValue() })] } }),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('resume-failed-payout'), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('restart-stalled-batches'), 'Arn'] } })],
    });
  });
});
