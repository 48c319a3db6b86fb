/**
 * Least privilege, measured (issue #12, item 3): the DynamoDB, Step Functions, S3 and user pool calls each function
 * really makes (watched on the handlers' own SDK clients and named by the handler being invoked), checked against that
 * function's IAM policy as synthesized in the CDK template, not against the catalog it was built from.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** One call as IAM sees it: an action (`dynamodb:GetItem`) on a resource, named as the template names it. */
export interface ObservedCall {
  action: string;
  resource: string;
}

/** The template's names of what the functions reach: the table's, bucket's and user pool's logical ids. */
export interface TemplateNames {
  table: string;
  bucket: string;
  userPool: string;
  /** The state machines' names in the template, by their local name. */
  stateMachines: Record<string, string>;
}

export type Service = 'dynamodb' | 'states' | 's3' | 'cognito-idp';

/** One SDK command a handler sent, with the parts of its input that name what it reached. */
export interface SentCommand {
  service: Service;
  command: string;
  /** The table's index, the state machine, the object key: whatever of these the input names. */
  input: { IndexName?: string; stateMachineArn?: string; Key?: string };
}

const DOCUMENT_COMMANDS: Record<string, string> = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', BatchGet: 'BatchGetItem', BatchWrite: 'BatchWriteItem', TransactGet: 'TransactGetItems', TransactWrite: 'TransactWriteItems' };
/** S3 API operations whose IAM action has another name. */
const S3_ACTIONS: Record<string, string> = { HeadObject: 'GetObject', CreateMultipartUpload: 'PutObject', UploadPart: 'PutObject', CompleteMultipartUpload: 'PutObject', ListObjectsV2: 'ListBucket', ListParts: 'ListMultipartUploadParts' };

type Input = Record<string, unknown>;
type Handler = (args: { input: object }) => Promise<unknown>;
/** What of an SDK client this needs: its middleware stack (the clients' own types differ per service). */
export interface WatchedClient {
  middlewareStack: { add(middleware: (next: Handler, context: { commandName?: string }) => Handler, options: { step: 'initialize'; name: string }): void };
}

/** The IAM call of one SDK command, its resource in the template's names. */
export function callOf({ service, command, input }: SentCommand, names: TemplateNames): ObservedCall {
  const operation = command.replace(/Command$/, '');
  if (service === 'dynamodb') {
    // Every table call of the handlers reaches the one table (batch and transaction calls included).
    return { action: `dynamodb:${DOCUMENT_COMMANDS[operation] ?? operation}`, resource: `arn:${names.table}${input.IndexName ? `/index/${input.IndexName}` : ''}` };
  }
  if (service === 'states') {
    const machine = input.stateMachineArn?.split(':').pop() ?? '';
    // Task tokens name no resource: IAM takes "*" only.
    return { action: `states:${operation}`, resource: input.stateMachineArn ? `arn:*:states:*:*:stateMachine:${names.stateMachines[machine] ?? machine}` : '*' };
  }
  if (service === 'cognito-idp') return { action: `cognito-idp:${operation}`, resource: `arn:${names.userPool}` };
  return { action: `s3:${S3_ACTIONS[operation] ?? operation}`, resource: `arn:${names.bucket}${input.Key ? `/${input.Key}` : ''}` };
}

const sent = (service: Service, command: string, input: Input): SentCommand => ({
  service,
  command,
  input: Object.fromEntries((['IndexName', 'stateMachineArn', 'Key'] as const).flatMap((k) => (typeof input[k] === 'string' ? [[k, input[k]]] : []))),
});

/**
 * Records every command sent through the watched clients while a handler runs (`around`, for
 * local/lambda-context.ts's `aroundEveryInvocation`), by the handler's catalog entry. Presigned URLs count too: the
 * browser fetches them with the function's credentials.
 */
export function watchCommands() {
  const running = new AsyncLocalStorage<string>();
  const byEntry = new Map<string, Map<string, SentCommand>>();
  // Its own name: a client may already carry another watcher's (a worker reused from an earlier file).
  const name = `watchGrantedCalls-${randomUUID()}`;
  const watched = new WeakSet<object>();
  const watch = (service: Service, client: WatchedClient) => {
    if (watched.has(client)) return;
    watched.add(client);
    client.middlewareStack.add((next, context) => async (args) => {
      const entry = running.getStore();
      if (entry) {
        const command = sent(service, String(context.commandName), args.input as Input);
        const seen = byEntry.get(entry) ?? new Map<string, SentCommand>();
        seen.set(JSON.stringify(command), command);
        byEntry.set(entry, seen);
      }
      return next(args);
    }, { step: 'initialize', name });
  };
  return {
    byEntry,
    around: <T>(entry: string, invoke: () => Promise<T>) => {
      // Called counts even without a command: all its grants are then unused.
      if (!byEntry.has(entry)) byEntry.set(entry, new Map());
      return running.run(entry, invoke);
    },
    watch,
    /** Watches every client of a class from its first command on (for clients a module keeps to itself). */
    watchEvery(service: Service, client: { prototype: { send: (...args: never[]) => unknown } }) {
      const send = client.prototype.send;
      client.prototype.send = function (this: WatchedClient, ...args: never[]) {
        watch(service, this);
        return send.apply(this, args);
      };
    },
  };
}

type Json = unknown;

/** A policy's resource as a glob over the names above: `Fn::GetAtt [X, Arn]` is `arn:X`, pseudo parameters are `*`. */
function rendered(resource: Json): string {
  if (typeof resource === 'string') return resource;
  const r = resource as Record<string, Json>;
  if (r['Fn::GetAtt']) return `arn:${(r['Fn::GetAtt'] as string[])[0]}`;
  if (typeof r.Ref === 'string') return r.Ref.startsWith('AWS::') ? '*' : `ref:${r.Ref}`;
  if (r['Fn::Join']) {
    const [separator, parts] = r['Fn::Join'] as [string, Json[]];
    return parts.map(rendered).join(separator);
  }
  return JSON.stringify(resource);
}

const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

export interface Statement {
  actions: string[];
  resources: string[];
}

/** The Allow statements of a role's policies in the template, for the services watched here. */
export function grantsOf(template: { Resources: Record<string, { Type: string; Properties: Record<string, Json> }> }, roleLogicalId: string): Statement[] {
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && list(r.Properties.Roles as Json[]).some((role) => (role as { Ref?: string }).Ref === roleLogicalId))
    .flatMap((r) => list((r.Properties.PolicyDocument as { Statement: Json[] }).Statement))
    .map((s) => s as { Effect: string; Action: string | string[]; Resource: Json | Json[] })
    .filter((s) => s.Effect === 'Allow')
    .map((s) => ({ actions: list(s.Action), resources: list(s.Resource).map(rendered) }))
    .filter((s) => s.actions.some((a) => /^(dynamodb|states|s3|cognito-idp):/.test(a)));
}

/** The calls no statement allows. */
export function uncovered(calls: Iterable<ObservedCall>, grants: readonly Statement[]): ObservedCall[] {
  return [...calls].filter((c) => !grants.some((g) => g.actions.some((a) => glob(a).test(c.action)) && g.resources.some((r) => glob(r).test(c.resource))));
}

/** The granted actions (per statement resource) that no call used. */
export function unused(calls: Iterable<ObservedCall>, grants: readonly Statement[]): string[] {
  const made = [...calls];
  return grants.flatMap((g) => g.actions.filter((a) => !made.some((c) => glob(a).test(c.action) && g.resources.some((r) => glob(r).test(c.resource)))));
}
