/**
 * The measured least-privilege check (docs/LEAST-PRIVILEGE.md): the commands each handler sent, as recorded by
 * test/support/grant-recording.ts, against its function's own policies in the synthesized dev template.
 */
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { EVENT_HANDLERS, HTTP_ROUTES, WORKFLOW_TASKS } from '../../functions/catalog.ts';
import { APPLICATION_LIFECYCLE, PAYOUT_BATCH } from '../../workflows/index.ts';
import { synthJaring } from '../infra/synth.ts';
import { callOf, grantsOf, uncovered, unused, type SentCommand, type Statement } from './grants.ts';

const STAGE = 'dev';
const FUNCTION_OF_ENTRY = new Map([...HTTP_ROUTES, ...WORKFLOW_TASKS, ...EVENT_HANDLERS].map((e) => [e.entry, e.name]));

/** The commands each function sent, by its catalog name, from the commands each handler entry sent. */
export function byFunction(byEntry: Iterable<[string, Iterable<SentCommand>]>): Map<string, SentCommand[]> {
  const functions = new Map<string, Map<string, SentCommand>>();
  for (const [entry, commands] of byEntry) {
    const name = FUNCTION_OF_ENTRY.get(entry);
    if (!name) throw new Error(`No catalog function has the handler ${entry}`);
    const seen = functions.get(name) ?? new Map<string, SentCommand>();
    for (const command of commands) seen.set(JSON.stringify(command), command);
    functions.set(name, seen);
  }
  return new Map([...functions].map(([name, seen]) => [name, [...seen.values()]]));
}

/** The dev stage's template, read for each function's granted statements. */
export function synthesizedGrants() {
  const { stack, template } = synthJaring(STAGE);
  const json = template.toJSON() as Parameters<typeof grantsOf>[0];
  const logicalIdOf = (type: string, prefix: string) => {
    const found = Object.entries(json.Resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix)).map(([id]) => id);
    if (found.length !== 1) throw new Error(`Expected one ${type} named ${prefix}*, found ${found.join(', ') || 'none'}`);
    return found[0]!;
  };
  const names = {
    table: logicalIdOf('AWS::DynamoDB::Table', 'Data'),
    bucket: logicalIdOf('AWS::S3::Bucket', 'PaymentFilesBucket'),
    userPool: logicalIdOf('AWS::Cognito::UserPool', 'StaffUserPool'),
    stateMachines: Object.fromEntries([APPLICATION_LIFECYCLE, PAYOUT_BATCH].map((w) => [w.name, `${w.name}-${STAGE}`])),
  };
  const grantsOfFunction = (name: string): Statement[] => {
    const role = stack.handlers.get(name)?.function.role;
    if (!role) throw new Error(`No function ${name} in the stack`);
    return grantsOf(json, Stack.of(role).getLogicalId(role.node.defaultChild as CfnElement));
  };
  return { names, functions: [...stack.handlers.keys()], grantsOf: grantsOfFunction };
}

export type SynthesizedGrants = ReturnType<typeof synthesizedGrants>;

export interface GrantCheck {
  /** `function: action on resource` for every call no statement of the function's own policy allows. */
  refused: string[];
  /** Per function called, the granted actions no call used. */
  unused: Map<string, string[]>;
  /** Per function called, the actions it used. */
  used: Map<string, Set<string>>;
  /** The functions no handler invocation reached. */
  idle: string[];
}

/** Checks the commands each function sent against its policies; `grantsOf` may be narrowed (the check's own test). */
export function checkGrants(commands: Map<string, SentCommand[]>, grants: SynthesizedGrants): GrantCheck {
  const calls = [...commands].map(([fn, sent]) => ({ fn, calls: sent.map((c) => callOf(c, grants.names)), granted: grants.grantsOf(fn) }));
  return {
    refused: calls.flatMap(({ fn, calls: made, granted }) => uncovered(made, granted).map((c) => `${fn}: ${c.action} on ${c.resource}`)),
    unused: new Map(calls.map(({ fn, calls: made, granted }) => [fn, [...new Set(unused(made, granted))]])),
    used: new Map(calls.map(({ fn, calls: made }) => [fn, new Set(made.map((c) => c.action))])),
    idle: grants.functions.filter((fn) => !commands.has(fn)).sort(),
  };
}

/**
 * The report printed at the end of a run. Actions no called function used, where granted, are named once (CDK's table
 * grant sets hold several); each function then lists the rest of its unused grants.
 */
export function grantReport(check: GrantCheck, total: number): string {
  const usedAnywhere = new Set([...check.used.values()].flatMap((actions) => [...actions]));
  const unusedEverywhere = new Set([...check.unused.values()].flat().filter((a) => !usedAnywhere.has(a)));
  const lines = [...check.unused]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fn, actions]) => `  ${fn}: ${actions.filter((a) => !unusedEverywhere.has(a)).join(', ') || '-'}`);
  return [
    `Least privilege, measured: ${check.unused.size} of ${total} functions called; ${check.refused.length} calls outside their function's grant.`,
    `Granted but never used by any function called: ${[...unusedEverywhere].sort().join(', ') || 'none'}`,
    'Other grants never used, per function called:',
    ...lines,
    `Functions never called: ${check.idle.join(', ') || 'none'}`,
  ].join('\n');
}
