/**
 * The local token check is as strict as API Gateway's JWT authorizer plus the staff routes' own checks on AWS
 * (issue #8, defect 8). Every token here is signed with the local identity provider's own key, so only the check
 * itself can refuse it: no exp, an iat in the future, no or an unknown kid, an access token, an officer the staff
 * directory does not know, a signature spelled another way (padding, spare bits, whitespace).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localKeyId } from '../../local/auth.ts';
import { importHandler, lambdaContext } from '../../local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';

let stack: LocalStack;
let api: ApiClient;
let dir: string;
let privateJwk: JWK;
let kid: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jaring-tokens-'));
  stack = await startLocalStack({ dataDir: dir });
  api = apiClient(stack.url);
  ({ privateJwk } = JSON.parse(await readFile(join(dir, 'identity', 'identity.json'), 'utf8')) as { privateJwk: JWK });
  kid = await localKeyId(privateJwk);
});
afterAll(async () => {
  await stack?.close();
  await rm(dir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);
const ID_CLAIMS = { 'cognito:username': 'verifikator.kupang', 'cognito:groups': ['verifier'], 'custom:regions': '53.71', token_use: 'id' };

/** A token as the local provider signs one, with whatever the case changes. */
async function sign(change: { claims?: JWTPayload; header?: Record<string, unknown>; exp?: number | null; iat?: number } = {}) {
  const jwt = new SignJWT({ ...ID_CLAIMS, ...change.claims })
    .setProtectedHeader({ alg: 'ES256', kid, ...change.header })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(String(change.claims?.['cognito:username'] ?? ID_CLAIMS['cognito:username']))
    .setIssuedAt(change.iat ?? now());
  if (change.exp !== null) jwt.setExpirationTime(change.exp ?? now() + 600);
  return jwt.sign(await importJWK(privateJwk, 'ES256'));
}

const tasks = (token: string) => api.call<{ message: string }>('GET', '/api/tasks?kind=verification', { token });

/** The same signature bytes spelled differently: base64url decoders that ignore spare bits or padding accept it. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function respellLastCharacter(token: string): string {
  const last = token.at(-1) ?? '';
  // 64 signature bytes fill 85 characters and 2 bits of the 86th; flipping its lowest bit changes a spare bit only.
  return token.slice(0, -1) + ALPHABET[ALPHABET.indexOf(last) ^ 1];
}

describe('the local gateway refuses what API Gateway and the staff routes refuse on AWS', () => {
  it('accepts a well-formed ID token of a known officer (the baseline every case below changes one thing of)', async () => {
    const login = await api.call<{ token: string }>('POST', '/api/auth/login', { body: { username: 'verifikator.kupang', password: 'jaring-dev' } });
    expect(JSON.parse(Buffer.from(login.json.token.split('.')[0] ?? '', 'base64url').toString())).toEqual({ alg: 'ES256', kid });
    expect((await tasks(login.json.token)).status).toBe(200);
    expect((await tasks(await sign())).status).toBe(200);
    // A clock a couple of seconds apart is not a token from the future.
    expect((await tasks(await sign({ iat: now() + 2 }))).status).toBe(200);
  });

  it.each([
    ['without exp', { exp: null }],
    ['issued an hour in the future', { iat: now() + 3600 }],
    ['without a kid', { header: { kid: undefined } }],
    ['with an unknown kid', { header: { kid: 'another-key' } }],
    ['that is an access token', { claims: { token_use: 'access' } }],
    ['without token_use', { claims: { token_use: undefined } }],
    ['of an officer the staff directory does not know', { claims: { 'cognito:username': 'orang.luar' } }],
  ] as const)('refuses a token %s', async (_case, change) => {
    const refused = await tasks(await sign(change as Parameters<typeof sign>[0]));
    expect(refused.status).toBe(401);
  });

  it('refuses a signature spelled another way: padded, with spare bits set, or with whitespace', async () => {
    const token = await sign();
    const respelled = respellLastCharacter(token);
    // The same bytes: a decoder that ignores spare bits reads the same signature.
    expect(Buffer.from(respelled.split('.')[2] ?? '', 'base64url')).toEqual(Buffer.from(token.split('.')[2] ?? '', 'base64url'));
    for (const variant of [`${token}=`, `${token}==`, respelled, `${token.slice(0, 20)} ${token.slice(20)}`, `${token}.`]) {
      expect((await tasks(variant)).status, variant.slice(-4)).toBe(401);
    }
    expect((await tasks(token)).status).toBe(200);
  });
});

describe('the staff routes on AWS, behind API Gateway (which checks signature, kid, iss, aud, exp, nbf and iat only)', () => {
  /** The event API Gateway hands the function once its JWT authorizer accepted the token. */
  const event = (claims: Record<string, string | number>) => ({
    version: '2.0', routeKey: 'GET /api/tasks', rawPath: '/api/tasks', rawQueryString: 'kind=verification', headers: {},
    queryStringParameters: { kind: 'verification' }, isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: '/api/tasks', sourceIp: '127.0.0.1' }, authorizer: { jwt: { claims, scopes: null } } },
  });
  const claims = { 'cognito:username': 'verifikator.kupang', 'cognito:groups': '[verifier]', 'custom:regions': '53.71', token_use: 'id', iat: now() };

  it.each([
    ['an ID token of a known officer', claims, 200],
    // An access token of the console's client passes API Gateway (its client_id stands for aud), but carries no regions.
    ['an access token', { 'cognito:groups': '[verifier]', username: 'verifikator.kupang', client_id: 'console', token_use: 'access', iat: now() }, 401],
    ['an ID token of an officer the directory does not know', { ...claims, 'cognito:username': 'orang.luar' }, 401],
  ] as const)('answers %s with %i', async (_case, given, status) => {
    const handler = await importHandler('functions/http/list-tasks.ts');
    const result = (await handler(event(given), lambdaContext('list-tasks'))) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(status);
  });
});
