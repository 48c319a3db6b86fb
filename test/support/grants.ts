/**
 * Least privilege, measured (issue #12, item 3): the DynamoDB, Step Functions and S3 calls each function really makes
 * (watched on the handlers' own SDK clients, functions/lib/clients.ts, and named by the function being invoked), checked
 * against that function's IAM policy as synthesized in the CDK template, not against the catalog it was built from.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** One call as IAM sees it: an action (`dynamodb:GetItem`) on a resource, named as the template names it. */
export interface ObservedCall {
  action: string;
  resource: string;
}

/** The template's names of what the functions reach: the table's and the payment files bucket's logical ids. */
export interface TemplateNames {
  table: string;
  bucket: string;
  /** The state machines' names in the template, by their local name. */
  stateMachines: Record<string, string>;
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

/** The IAM calls of one SDK command, resources in the template's names. */
function callsOf(service: 'dynamodb' | 'states' | 's3', command: string, input: Input, names: TemplateNames): ObservedCall[] {
  const operation = command.replace(/Command$/, '');
  if (service === 'dynamodb') {
    const action = `dynamodb:${DOCUMENT_COMMANDS[operation] ?? operation}`;
    const index = typeof input.IndexName === 'string' ? `/index/${input.IndexName}` : '';
    const tables = input.RequestItems ? Object.keys(input.RequestItems as Input) : [String(input.TableName)];
    return tables.map(() => ({ action, resource: `arn:${names.table}${index}` }));
  }
  if (service === 'states') {
    const arn = typeof input.stateMachineArn === 'string' ? input.stateMachineArn : undefined;
    const machine = arn?.split(':').pop() ?? '';
    // Task tokens name no resource: IAM takes "*" only.
    return [{ action: `states:${operation}`, resource: arn ? `arn:*:states:*:*:stateMachine:${names.stateMachines[machine] ?? machine}` : '*' }];
  }
  const key = typeof input.Key === 'string' ? `/${input.Key}` : '';
  return [{ action: `s3:${S3_ACTIONS[operation] ?? operation}`, resource: `arn:${names.bucket}${key}` }];
}

/**
 * Records every call made through `clients` while a function runs (`aroundInvocation` of the local stack), by the
 * function's name. Presigned URLs count too: the browser fetches them with the function's credentials.
 */
export function watchCalls(names: TemplateNames) {
  const running = new AsyncLocalStorage<string>();
  const calls = new Map<string, Map<string, ObservedCall>>();
  return {
    calls,
    aroundInvocation: <T>(functionName: string, invoke: () => Promise<T>) => running.run(functionName, invoke),
    watch(service: 'dynamodb' | 'states' | 's3', client: WatchedClient) {
      client.middlewareStack.add((next, context) => async (args) => {
        const fn = running.getStore();
        if (fn) {
          const seen = calls.get(fn) ?? new Map<string, ObservedCall>();
          for (const call of callsOf(service, String(context.commandName), args.input as Input, names)) seen.set(`${call.action} ${call.resource}`, call);
          calls.set(fn, seen);
        }
        return next(args);
      }, { step: 'initialize', name: 'watchGrantedCalls' });
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
    .filter((s) => s.actions.some((a) => /^(dynamodb|states|s3):/.test(a)));
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
