/**
 * The user pool's admin calls the handlers make (functions/lib/adapters/cognito-identity.ts), served over the local
 * identity provider's accounts, so an admin's role change runs the same adapter code here as on AWS: AWS JSON 1.1,
 * `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`, on 127.0.0.1 only. Signatures are
 * not checked (as dynalite and the Step Functions endpoint do not). Its OAuth 2 paths are the managed login's stand-in
 * (local/managed-login.ts), as Cognito's user pool domain serves them on AWS.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STAFF_ROLES, type StaffRole } from '../shared/domain/staff.ts';
import type { LocalIdentityProvider } from './auth.ts';
import { managedLogin, type ConsoleClient } from './managed-login.ts';

/** The one local user pool's id, handed to the handlers as ENV.userPoolId. */
export const LOCAL_USER_POOL_ID = 'local_jaring';
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY_BYTES = 64 * 1024;

class CognitoError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

type Request = { UserPoolId?: string; Username?: string; GroupName?: string; UserAttributes?: { Name?: string; Value?: string }[] };
type Operation = (identity: LocalIdentityProvider, request: Request) => Promise<object>;

const isRole = (group: string | undefined): group is StaffRole => (STAFF_ROLES as readonly (string | undefined)[]).includes(group);

/** The account the request names, in the one pool; Cognito's errors otherwise. */
function accountOf(identity: LocalIdentityProvider, request: Request) {
  if (request.UserPoolId !== LOCAL_USER_POOL_ID) throw new CognitoError('ResourceNotFoundException', `User pool ${String(request.UserPoolId)} does not exist.`);
  const account = identity.accounts().find((a) => a.username === request.Username);
  if (!account) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  return account;
}

function groupOf(request: Request): StaffRole {
  if (!isRole(request.GroupName)) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
  return request.GroupName;
}

const OPERATIONS: Readonly<Record<string, Operation>> = {
  AdminListGroupsForUser: async (identity, request) => ({ Groups: accountOf(identity, request).roles.map((role) => ({ GroupName: role, UserPoolId: LOCAL_USER_POOL_ID })) }),
  AdminAddUserToGroup: async (identity, request) => {
    const account = accountOf(identity, request);
    const role = groupOf(request);
    await identity.setRolesAndRegions(account.username, { roles: account.roles.includes(role) ? account.roles : [...account.roles, role], regions: account.regions });
    return {};
  },
  AdminRemoveUserFromGroup: async (identity, request) => {
    const account = accountOf(identity, request);
    const role = groupOf(request);
    await identity.setRolesAndRegions(account.username, { roles: account.roles.filter((r) => r !== role), regions: account.regions });
    return {};
  },
  AdminUpdateUserAttributes: async (identity, request) => {
    const account = accountOf(identity, request);
    const regions = request.UserAttributes?.find((a) => a.Name === 'custom:regions')?.Value;
    if (regions !== undefined) await identity.setRolesAndRegions(account.username, { roles: account.roles, regions: regions.split(',').filter(Boolean) });
    return {};
  },
};

export interface LocalCognito {
  url: string;
  /** The console the managed login signs officers in to (once its address is known). */
  allowConsole(client: ConsoleClient): void;
  close(): Promise<void>;
}

export async function startCognitoEndpoint(identity: LocalIdentityProvider, opts: { codeTtlSeconds?: number } = {}): Promise<LocalCognito> {
  const login = managedLogin(identity, opts);
  const server = createServer((request, response) => {
    void login.answer(request, response).then((answered) => (answered ? undefined : answer(identity, request, response))).catch(() => {
      if (!response.headersSent) send(response, 500, { __type: 'InternalErrorException', message: 'Internal error' });
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    allowConsole: (client) => login.allowConsole(client),
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

async function answer(identity: LocalIdentityProvider, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? OPERATIONS[target.slice(TARGET_PREFIX.length)] : undefined;
    if (request.method !== 'POST' || !operation) throw new CognitoError('InvalidParameterException', `Unknown operation ${target}`);
    send(response, 200, await operation(identity, await readRequest(request)));
  } catch (error) {
    if (error instanceof CognitoError) send(response, 400, { __type: error.type, message: error.message });
    else send(response, 500, { __type: 'InternalErrorException', message: 'Internal error' });
  }
}

async function readRequest(request: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new CognitoError('InvalidParameterException', 'Request too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Request;
  } catch {
    throw new CognitoError('InvalidParameterException', 'The request body is not JSON');
  }
}

function send(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
