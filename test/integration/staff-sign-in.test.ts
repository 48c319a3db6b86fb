/**
 * The console's hosted sign-in locally (`staffSignIn: 'hosted'`, JARING_STAFF_SIGN_IN=hosted): the site's config.json
 * names the local managed login (local/managed-login.ts), whose authorization code grant with PKCE issues the ID
 * token the local login issues, once, for the right verifier and redirect URI only. The default (password) config is
 * checked in edge-headers.test.ts; the browser's way through in test/e2e/staff-hosted.test.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, startIdentityProvider } from '../../local/auth.ts';
import { startCognitoEndpoint, type LocalCognito } from '../../local/cognito-endpoint.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { DEFAULT_DEV_PASSWORD, LOCAL_STAFF } from '../../local/staff-accounts.ts';
import { contentSecurityPolicy } from '../../web/security-headers.ts';
import type { SignInConfig } from '../../web/sign-in-config.ts';
import { apiClient } from '../support/api.ts';

type Hosted = Extract<SignInConfig, { signIn: 'hosted' }>;

const verifierAndChallenge = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

const form = (fields: Record<string, string>) => ({
  method: 'POST', redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
});

/** What the console sends to the authorize endpoint, as the browser's address or the sign-in form's post. */
const authorizeParams = (config: Hosted, challenge: string, overrides: Record<string, string> = {}) => ({
  response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri, scope: config.scope,
  state: 'state-1', code_challenge: challenge, code_challenge_method: 'S256', ...overrides,
});

/** Signs in on the managed login's page; the redirect back to the console, as a URL. */
async function signIn(config: Hosted, challenge: string, username = 'verifikator.tangerang', password = DEFAULT_DEV_PASSWORD) {
  const response = await fetch(config.authorizeUrl, form({ ...authorizeParams(config, challenge), username, password }));
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

const redeem = (config: Hosted, fields: Record<string, string>) => fetch(config.tokenUrl, form({
  grant_type: 'authorization_code', client_id: config.clientId, redirect_uri: config.redirectUri, ...fields,
}));

async function codeFor(config: Hosted, challenge: string): Promise<string> {
  const { status, location } = await signIn(config, challenge);
  expect(status).toBe(302);
  return new URL(location ?? '').searchParams.get('code') ?? '';
}

describe('the local stack signing in through its managed login', () => {
  let stack: LocalStack;
  let config: Hosted;
  beforeAll(async () => {
    stack = await startLocalStack({ staffSignIn: 'hosted' });
    config = (await (await fetch(`${stack.url}/config.json`)).json()) as Hosted;
  });
  afterAll(() => stack?.close());

  it('serves the hosted config: the managed login\'s endpoints, the client, the console page; the pages may reach its token endpoint', async () => {
    const origin = new URL(config.tokenUrl).origin;
    expect(config).toEqual({
      signIn: 'hosted', authorizeUrl: `${origin}/oauth2/authorize`, tokenUrl: `${origin}/oauth2/token`, logoutUrl: `${origin}/logout`,
      clientId: LOCAL_AUDIENCE, redirectUri: `${stack.url}/staff.html`, scope: 'openid email profile',
    });
    const page = await fetch(`${stack.url}/staff.html`);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy(stack.s3Url, origin));
  });

  it('shows a sign-in page for the console, and sends the officer back with a code and the state', async () => {
    const { challenge } = verifierAndChallenge();
    const page = await fetch(`${config.authorizeUrl}?${new URLSearchParams(authorizeParams(config, challenge))}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="password"');
    expect(html).toContain(`value="${challenge}"`);
    const back = await signIn(config, challenge);
    const location = new URL(back.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(config.redirectUri);
    expect(location.searchParams.get('state')).toBe('state-1');
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('exchanges the code with its verifier for the ID token the API takes, once', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const code = await codeFor(config, challenge);
    const first = await redeem(config, { code, code_verifier: verifier });
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe(stack.url);
    const body = (await first.json()) as { id_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBeGreaterThan(7 * 3600);
    const me = await apiClient(stack.url).call<{ username: string; roles: string[] }>('GET', '/api/me', { token: body.id_token });
    expect(me.status, me.text).toBe(200);
    expect(me.json).toMatchObject({ username: 'verifikator.tangerang', roles: ['verifier'] });

    const again = await redeem(config, { code, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant' });
  });

  it('refuses a wrong verifier, a wrong redirect URI or client, and spends the code on the attempt', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    for (const [fields, error] of [
      [{ code_verifier: verifierAndChallenge().verifier }, 'invalid_grant'],
      [{ code_verifier: verifier, redirect_uri: `${stack.url}/other.html` }, 'invalid_grant'],
      [{ code_verifier: verifier, client_id: 'someone-else' }, 'invalid_client'],
      [{ code_verifier: verifier, grant_type: 'password' }, 'unsupported_grant_type'],
    ] as const) {
      const code = await codeFor(config, challenge);
      const refused = await redeem(config, { code, ...fields });
      expect(refused.status, JSON.stringify(fields)).toBe(400);
      expect(await refused.json()).toEqual({ error });
      if (error === 'invalid_grant') expect((await redeem(config, { code, code_verifier: verifier })).status).toBe(400);
    }
    const asJson = await fetch(config.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(asJson.status).toBe(400);
  });

  it('never sends a code to an address that is not the console\'s, and refuses a wrong password on the page', async () => {
    const { challenge } = verifierAndChallenge();
    const elsewhere = await fetch(`${config.authorizeUrl}?${new URLSearchParams(authorizeParams(config, challenge, { redirect_uri: 'https://attacker.example/staff.html' }))}`, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();
    expect(await elsewhere.text()).toContain('tidak dibuka dari konsol petugas');
    const noPkce = await fetch(`${config.authorizeUrl}?${new URLSearchParams(authorizeParams(config, '', { code_challenge_method: 'plain' }))}`, { redirect: 'manual' });
    expect(new URL(noPkce.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
    const wrong = await signIn(config, challenge, 'verifikator.tangerang', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.location).toBeNull();
    expect(wrong.text).toContain('Wrong username or password');
  });

  it('sends the officer back to the console from the logout, and nowhere else', async () => {
    const out = await fetch(`${config.logoutUrl}?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri })}`, { redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(config.redirectUri);
    const elsewhere = await fetch(`${config.logoutUrl}?${new URLSearchParams({ client_id: config.clientId, logout_uri: 'https://attacker.example/' })}`, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
  });
});

describe('the managed login\'s codes', () => {
  let cognito: LocalCognito;
  let config: Hosted;
  beforeAll(async () => {
    const identity = await startIdentityProvider({ accounts: LOCAL_STAFF, password: DEFAULT_DEV_PASSWORD, signIn: async () => true });
    cognito = await startCognitoEndpoint(identity, { codeTtlSeconds: 1 });
    config = { signIn: 'hosted', authorizeUrl: `${cognito.url}/oauth2/authorize`, tokenUrl: `${cognito.url}/oauth2/token`, logoutUrl: `${cognito.url}/logout`, clientId: LOCAL_AUDIENCE, redirectUri: 'http://localhost:1/staff.html', scope: 'openid' };
    cognito.allowConsole({ clientId: config.clientId, redirectUri: config.redirectUri });
  });
  afterAll(() => cognito?.close());

  it('expire: a code redeemed after its time is refused', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const code = await codeFor(config, challenge);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const late = await redeem(config, { code, code_verifier: verifier });
    expect(late.status).toBe(400);
    expect(await late.json()).toEqual({ error: 'invalid_grant' });
  });
});
