import { ArnFormat, Stack, Token, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { readWorkflowDefinition, WORKFLOW_TASK_FUNCTIONS, type WorkflowDefinition, type WorkflowTaskFunction } from '../../workflows/index.ts';

export interface WorkflowStateMachineProps {
  readonly workflow: WorkflowDefinition;
  /** Fixed, so functions can know the ARN before the state machine exists (see `arnFor`). */
  readonly stateMachineName: string;
  /** The functions the workflow's `${...}` substitutions name (WORKFLOW_TASK_FUNCTIONS). */
  readonly taskFunctions: ReadonlyMap<WorkflowTaskFunction, IFunction>;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** A Standard state machine running one of the `workflows/*.asl.json` definitions, the same one the local runtime runs. */
export class WorkflowStateMachine extends Construct {
  /**
   * The ARN a state machine named `stateMachineName` gets in this stack. A function the workflow invokes may also
   * call the workflow back (start executions, send task results); taking the ARN from the resource would make
   * the function and the state machine depend on each other.
   */
  static arnFor(scope: Construct, stateMachineName: string): string {
    return Stack.of(scope).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);

    const invoked = props.workflow.substitutions.map((key) => {
      const name = WORKFLOW_TASK_FUNCTIONS[key];
      const fn = props.taskFunctions.get(name);
      if (!fn) throw new Error(`Workflow ${props.workflow.name} needs the function ${name} for \${${key}}`);
      return { key, fn };
    });

    // Inline rather than DefinitionBody.fromFile (an S3 asset): the definition stays in the template, where
    // `cdk diff` shows its changes and the tests can read it. Parsing fails the synth on malformed JSON.
    const definition: unknown = JSON.parse(readWorkflowDefinition(props.workflow.file));

    // The /aws/vendedlogs/ prefix keeps the account's CloudWatch Logs resource policy from growing per log group.
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(definition)),
      definitionSubstitutions: Object.fromEntries(invoked.map(({ key, fn }) => [key, fn.functionArn])),
      // Every event, but without inputs and outputs: those carry task tokens, which would let a log reader decide tasks.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      removalPolicy: props.removalPolicy,
    });
    // Only the unqualified ARNs the definition names, instead of grantInvoke's `<arn>:*`.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [...new Set(invoked.map(({ fn }) => fn.functionArn))] }),
    );

    // A Distributed Map runs its items as child executions of this same state machine, which its role must start,
    // watch and stop (the CDK DistributedMap construct adds the same; the definition here is ASL, not constructs).
    if (JSON.stringify(definition).includes('"Mode":"DISTRIBUTED"')) {
      const arn = WorkflowStateMachine.arnFor(this, props.stateMachineName);
      this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [arn] }));
      this.stateMachine.addToRolePolicy(new PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [Stack.of(this).formatArn({ service: 'states', resource: 'execution', resourceName: `${props.stateMachineName}/*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }));
      // cdk-nag names the finding by the ARN as synthesized: a pseudo parameter, or the environment's own value.
      const { region, account } = Stack.of(this);
      const named = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${named(region, 'Region')}:${named(account, 'AccountId')}:execution:${props.stateMachineName}/*]`,
        reason: 'A Distributed Map names its child executions at run time (<machine>/<map run>:<child>); the wildcard is limited to this state machine\'s own executions.',
      });
    }

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by CDK for logging and tracing: the CloudWatch Logs delivery actions and xray:PutTraceSegments support no resource-level permissions.',
    });
  }
}
