import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV, HTTP_ROUTES, WORKFLOW_TASKS, EVENT_HANDLERS } from '../../functions/catalog.ts';
import { tableKeySchema, TTL_ATTRIBUTE } from '../../functions/lib/table-layout.ts';
import { STAFF_ROLE_CHANGE_ACTIONS } from '../../infra/constructs/jaring-function.ts';
import { JaringStack, parseStage } from '../../infra/stacks/jaring-stack.ts';
import { APPLICATION_LIFECYCLE, PAYOUT_BATCH } from '../../workflows/index.ts';
import { logicalId, synthJaring, templateQueries } from './synth.ts';

const { stack, template } = synthJaring('dev');

const tableId = logicalId(stack, stack.node.findChild('Data').node.findChild('Table'));
const { handler, functionId, onlyResource } = templateQueries(stack, template);
const pseudonymSecretId = logicalId(stack, stack.node.findChild('PseudonymKey'));
const originVerifySecretId = logicalId(stack, stack.node.findChild('OriginVerifySecret'));
const userPoolId = logicalId(stack, stack.node.findChild('Staff').node.findChild('UserPool'));
const paymentFilesBucketId = logicalId(stack, stack.node.findChild('PaymentFiles').node.findChild('Bucket'));

describe('application table', () => {
  it('has the keys and indexes of table-layout.ts', () => {
    // The same shape the local runtime creates its table with.
    const { KeySchema, GlobalSecondaryIndexes, AttributeDefinitions } = tableKeySchema();
    template.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema, GlobalSecondaryIndexes, AttributeDefinitions: Match.arrayWith(AttributeDefinitions) });
  });

  it('is on-demand, with point-in-time recovery, encrypted with a rotated customer-managed key', () => {
    const keyId = logicalId(stack, stack.node.findChild('Data').node.findChild('Key'));
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('expires rate-limit windows with TTL on the attribute the adapters write', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } });
  });

  it('is destroyed with a dev stack but retained, with its key, in prod', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    const prod = synthJaring('prod').template;
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Cognito::UserPool']) {
      prod.hasResource(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
    prod.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });
});

describe('functions', () => {
  const entries = [...HTTP_ROUTES, ...WORKFLOW_TASKS, ...EVENT_HANDLERS];

  it('builds one function per catalog entry (and CDK\'s own: page deployment, trigger provider)', () => {
    const functions = Object.keys(template.findResources('AWS::Lambda::Function'));
    const ours = entries.map((e) => functionId(e.name));
    expect(functions.filter((id) => !ours.includes(id)).sort()).toEqual([expect.stringMatching(/^AWSCDKTrigger/), expect.stringMatching(/^CustomCDKBucketDeployment/)]);
    expect(ours.every((id) => functions.includes(id))).toBe(true);
  });

  it.each(entries.map((entry) => [entry.name, entry] as const))('%s: Node.js 22+ on arm64, traced, bound to what the catalog says', (name, entry) => {
    const fn = template.toJSON().Resources[functionId(name)];
    expect(fn.Type).toBe('AWS::Lambda::Function');
    const runtimeVersion = /^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1];
    expect(Number(runtimeVersion)).toBeGreaterThanOrEqual(22);
    expect(fn.Properties.Architectures).toEqual(['arm64']);
    expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });

    const variables = fn.Properties.Environment.Variables;
    if (entry.table === 'none') expect(variables[ENV.tableName]).toBeUndefined();
    else expect(variables[ENV.tableName]).toEqual({ Ref: tableId });
    if (entry.workflow?.includes('start')) {
      // Built from the fixed name, not a reference to the state machine, which would close a dependency cycle.
      expect(JSON.stringify(variables[ENV.lifecycleStateMachineArn])).toContain(`:stateMachine:${APPLICATION_LIFECYCLE.name}-dev`);
    } else {
      expect(variables[ENV.lifecycleStateMachineArn]).toBeUndefined();
    }
  });

  /** Every action the function's role is granted, from all its policies. */
  function grantedActions(name: string): string[] {
    const roleId = logicalId(stack, handler(name).node.findChild('Role'));
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId));
    return policies.flatMap((p) => (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((st) => [st.Action].flat()));
  }

  /** The state machine ARNs (as template JSON) the function's role may start executions of. */
  function startableMachines(name: string): string[] {
    const roleId = logicalId(stack, handler(name).node.findChild('Role'));
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((st) => [st.Action].flat().includes('states:StartExecution'))
      .map((st) => JSON.stringify(st.Resource));
  }

  /** The logical ids of the secrets the function's role may read. */
  function readableSecrets(name: string): string[] {
    const roleId = logicalId(stack, handler(name).node.findChild('Role'));
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId));
    return policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((st) => [st.Action].flat().includes('secretsmanager:GetSecretValue'))
      .flatMap((st) => [st.Resource].flat() as Array<{ Ref: string }>)
      .map((resource) => resource.Ref)
      .sort();
  }

  it.each(entries.map((entry) => [entry.name, entry] as const))('%s: granted exactly its catalog access (least privilege)', (name, entry) => {
    const actions = grantedActions(name);
    const writes = actions.some((a) => ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'].includes(a));
    const reads = actions.some((a) => ['dynamodb:GetItem', 'dynamodb:Query'].includes(a));
    expect({ reads, writes }).toEqual({ reads: entry.table !== 'none', writes: entry.table === 'readwrite' });
    // Which state machine each may start: the resources name it (the lifecycle's, the payout workflow's).
    const starts = startableMachines(name);
    expect(starts.some((arn) => arn.includes(`:stateMachine:${APPLICATION_LIFECYCLE.name}-dev`))).toBe(entry.workflow?.includes('start') ?? false);
    expect(starts.some((arn) => arn.includes(`:stateMachine:${PAYOUT_BATCH.name}-dev`))).toBe(entry.workflow?.includes('startPayout') ?? false);
    expect(actions.includes('states:SendTaskSuccess')).toBe(entry.workflow?.includes('respond') ?? false);
    const secrets = [...(entry.pseudonyms ? [pseudonymSecretId] : []), ...(entry.limitsPerClient ? [originVerifySecretId] : [])];
    expect(readableSecrets(name)).toEqual(secrets.sort());
    const variables = template.toJSON().Resources[functionId(name)].Properties.Environment.Variables;
    expect(variables[ENV.pseudonymSecretArn] !== undefined).toBe(entry.pseudonyms ?? false);
    expect(variables[ENV.originVerifySecretArn]).toEqual(entry.limitsPerClient ? { Ref: originVerifySecretId } : undefined);
    // Payment files: read, or read and write; nobody deletes one (payment-files.test.ts checks each kind in full).
    expect(actions.includes('s3:GetObject')).toBe(entry.paymentFiles !== undefined);
    expect(actions.includes('s3:PutObject')).toBe(entry.paymentFiles === 'readwrite');
    expect(actions.filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
    expect(variables[ENV.paymentFilesBucket]).toEqual(entry.paymentFiles ? { Ref: paymentFilesBucketId } : undefined);
    // The user pool: its admin calls for roles and regions, on the staff pool alone, and nothing else of Cognito's.
    expect(actions.filter((a) => a.startsWith('cognito-idp:')).sort()).toEqual(entry.identity ? [...STAFF_ROLE_CHANGE_ACTIONS].sort() : []);
    expect(variables[ENV.userPoolId]).toEqual(entry.identity ? { Ref: userPoolId } : undefined);
    expect(actions.filter((a) => a.startsWith('sms-voice:'))).toEqual(entry.sendsSms ? ['sms-voice:SendTextMessage'] : []);
    expect(variables[ENV.smsOriginationIdentity] !== undefined).toBe(entry.sendsSms ?? false);
  });

  it('lets only the delivery worker text applicants, from the one origination identity it names', () => {
    expect(entries.filter((e) => e.sendsSms).map((e) => e.name)).toEqual(['deliver-notifications']);
    const roleId = logicalId(stack, handler('deliver-notifications').node.findChild('Role'));
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((st) => [st.Action].flat().some((a) => a.startsWith('sms-voice:')));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toBe('sms-voice:SendTextMessage');
    const variables = template.toJSON().Resources[functionId('deliver-notifications')].Properties.Environment.Variables;
    expect(statements[0]?.Resource).toEqual(variables[ENV.smsOriginationIdentity]);
    expect(JSON.stringify(statements[0]?.Resource)).toContain(':sms-voice:');
    expect(JSON.stringify(statements[0]?.Resource)).toContain(':sender-id/JARING/ID');
    // A deployment's own identity, given in context, is the one granted.
    const arn = 'arn:aws:sms-voice:ap-southeast-3:123456789012:pool/pool-0123456789abcdef';
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], smsOriginationIdentityArn: arn } });
    const named = Template.fromStack(new JaringStack(app, 'Jaring-named', { stage: 'dev' }));
    named.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sms-voice:SendTextMessage', Resource: arn })]) } });
  });

  it('delivers due messages every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('deliver-notifications'), 'Arn'] } })],
    });
  });

  it('flags exactly the handlers that limit per client, so only they may read the origin secret', () => {
    // A handler limits per client when it uses client-limit.ts; the flag is what CDK grants from.
    const limiting = entries.filter((entry) => readFileSync(new URL(`../../${entry.entry}`, import.meta.url), 'utf8').includes("from '../lib/client-limit.ts'")).map((e) => e.name);
    expect(limiting.sort()).toEqual(['check-status', 'create-application', 'withdraw-application']);
    expect(entries.filter((entry) => entry.limitsPerClient).map((e) => e.name).sort()).toEqual(limiting);
  });

  it('sweeps stalled applications every five minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('restart-stalled-applications'), 'Arn'] } })],
    });
  });

  it('resumes lifecycle executions that end early through an EventBridge rule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: Match.objectLike({ status: ['FAILED', 'TIMED_OUT', 'ABORTED'] }),
      }),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('resume-failed-lifecycle'), 'Arn'] } })],
    });
  });

  it('seeds the programmes and runs the data migrations at deployment, and syncs staff accounts at every sign-in', () => {
    // The trigger runs the seed-programs function (its current version, so a changed handler runs again).
    // (CDK appends a hash of the code to the version's logical id.)
    const version = logicalId(stack, handler('seed-programs').function.currentVersion);
    template.hasResourceProperties('Custom::Trigger', { HandlerArn: { Ref: Match.stringLikeRegexp(`^${version}[0-9a-f]+$`) } });
    // And the data migrations (functions/lib/migrations.ts), with the function's own 15 minutes to finish.
    const migrations = logicalId(stack, handler('run-migrations').function.currentVersion);
    template.hasResourceProperties('Custom::Trigger', { HandlerArn: { Ref: Match.stringLikeRegexp(`^${migrations}[0-9a-f]+$`) }, InvocationType: 'RequestResponse', Timeout: '900000' });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGeneration: { 'Fn::GetAtt': [functionId('sync-staff-account'), 'Arn'] } },
    });
  });

  it('keeps the pseudonym key in a generated secret, encrypted with the table key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
      // The same customer key that encrypts the table.
      KmsKeyId: (onlyResource('AWS::DynamoDB::Table').Properties as { SSESpecification: { KMSMasterKeyId: unknown } }).SSESpecification.KMSMasterKeyId,
    });
  });

  it('generates the origin secret at deployment: no value of it is written in the template', () => {
    const secret = template.toJSON().Resources[originVerifySecretId];
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('sends task results with "*", the only resource states:SendTask* accepts', () => {
    for (const entry of entries.filter((e) => e.workflow?.includes('respond'))) {
      const roleId = logicalId(stack, handler(entry.name).node.findChild('Role'));
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], Resource: '*' }),
          ]),
        },
      });
    }
  });
});

it('outputs what a deployment needs', () => {
  for (const output of ['ApiUrl', 'UserPoolId', 'StaffConsoleClientId', 'TableName', 'LifecycleStateMachineArn']) {
    template.hasOutput(output, {});
  }
});

it('accepts only plain stage names', () => {
  expect(parseStage('prod')).toBe('prod');
  for (const bad of ['Prod', 'dev stage', '', 42, undefined]) expect(() => parseStage(bad)).toThrow();
  // The managed login's domain prefix has the stage in it.
  for (const bad of ['aws-test', 'amazonia', 'cognito2']) expect(() => parseStage(bad)).toThrow(/domain prefix/);
});
