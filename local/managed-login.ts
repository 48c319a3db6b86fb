/**
 * A stand-in for Cognito's managed login, so the console's hosted sign-in (web/js/staff-hosted.js) runs here as on
 * AWS: the OAuth 2 authorization code grant with PKCE (S256) at the paths of web/sign-in-config.ts, served by the
 * local Cognito endpoint (local/cognito-endpoint.ts, 127.0.0.1 only, another origin than the console's, as Cognito's
 * domain is).
 * - `GET /oauth2/authorize` shows a plain sign-in page for the local accounts; `POST /oauth2/authorize` checks the
 *   password (local/auth.ts, with the sign-in step that refuses a disabled officer) and sends the officer back to the
 *   console with a one-time code bound to the client, the redirect URI and the code challenge.
 * - `POST /oauth2/token` redeems the code once, within CODE_TTL_SECONDS, for the verifier whose SHA-256 is the
 *   challenge, and answers the ID token the local login issues, as Cognito answers: `{ id_token, token_type,
 *   expires_in }` or `{ error }`. No access or refresh token: the console keeps the ID token only.
 * - `GET /logout` sends the officer back to the console (there is no session here to end).
 * Stricter than Cognito in one way: a code challenge is required (Cognito leaves PKCE to a public client). No lockout:
 * Cognito's is on AWS, and this listens on 127.0.0.1 only.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MANAGED_LOGIN_PATHS } from '../web/sign-in-config.ts';
import type { LocalIdentityProvider } from './auth.ts';
import { signInPage } from './managed-login-page.ts';

/** Cognito's authorization codes last 5 minutes. */
const CODE_TTL_SECONDS = 5 * 60;
const MAX_FORM_BYTES = 16 * 1024;
/** RFC 7636: a verifier is 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const FORM = 'application/x-www-form-urlencoded';

/** The console the managed login serves: its app client and the one address it may send officers back to. */
export interface ConsoleClient {
  clientId: string;
  redirectUri: string;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  token: string;
  tokenExpiresAt: number;
  expiresAt: number;
}

export interface ManagedLogin {
  allowConsole(client: ConsoleClient): void;
  /** Answers the request if its path is one of the managed login's; false leaves it to the caller. */
  answer(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const s256 = (verifier: string) => base64url(createHash('sha256').update(verifier).digest());
const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function managedLogin(identity: LocalIdentityProvider, opts: { codeTtlSeconds?: number } = {}): ManagedLogin {
  let client: ConsoleClient | undefined;
  const codes = new Map<string, IssuedCode>();
  const codeTtlMs = (opts.codeTtlSeconds ?? CODE_TTL_SECONDS) * 1000;

  /** The request's authorization parameters, or why the page cannot go on (an unknown client or redirect URI is never redirected to). */
  function authorization(params: URLSearchParams): { ok: true; challenge: string } | { ok: false; status: number; redirectError?: string } {
    if (!client || params.get('client_id') !== client.clientId || params.get('redirect_uri') !== client.redirectUri) return { ok: false, status: 400 };
    if (params.get('response_type') !== 'code') return { ok: false, status: 302, redirectError: 'unsupported_response_type' };
    if (!(params.get('scope') ?? '').split(' ').includes('openid')) return { ok: false, status: 302, redirectError: 'invalid_scope' };
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return { ok: false, status: 302, redirectError: 'invalid_request' };
    return { ok: true, challenge };
  }

  function backToConsole(response: ServerResponse, redirectUri: string, params: Record<string, string>, state: string | null) {
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    if (state !== null) target.searchParams.set('state', state);
    response.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
    response.end();
  }

  async function authorize(request: IncomingMessage, response: ServerResponse, url: URL) {
    const posted = request.method === 'POST';
    const params = posted ? await readForm(request) : url.searchParams;
    if (!params) return page(response, 400, 'badRequest');
    const checked = authorization(params);
    if (!checked.ok) {
      if (checked.redirectError && client) return backToConsole(response, client.redirectUri, { error: checked.redirectError }, params.get('state'));
      return page(response, checked.status, 'unknownClient');
    }
    if (!posted) return page(response, 200, undefined, params);
    const signedIn = await identity.login(params.get('username')?.trim() ?? '', params.get('password') ?? '');
    if (!signedIn.ok) return page(response, 401, 'wrongPassword', params);
    const now = Date.now();
    for (const [code, issued] of codes) if (issued.expiresAt <= now) codes.delete(code);
    const code = base64url(randomBytes(32));
    const { clientId, redirectUri } = client as ConsoleClient;
    codes.set(code, { clientId, redirectUri, challenge: checked.challenge, token: signedIn.result.token, tokenExpiresAt: Date.parse(signedIn.result.expiresAt), expiresAt: now + codeTtlMs });
    backToConsole(response, redirectUri, { code }, params.get('state'));
  }

  async function token(request: IncomingMessage, response: ServerResponse) {
    // The console's own origin may read the answer (a form post is a simple request: no preflight).
    const cors: Record<string, string> = client ? { 'access-control-allow-origin': new URL(client.redirectUri).origin, vary: 'origin' } : {};
    const refuse = (status: number, error: string) => json(response, status, { error }, cors);
    if (request.method !== 'POST') return refuse(405, 'invalid_request');
    if (!String(request.headers['content-type'] ?? '').toLowerCase().startsWith(FORM)) return refuse(400, 'invalid_request');
    const params = await readForm(request);
    if (!params) return refuse(400, 'invalid_request');
    if (params.get('grant_type') !== 'authorization_code') return refuse(400, 'unsupported_grant_type');
    if (!client || params.get('client_id') !== client.clientId) return refuse(400, 'invalid_client');
    const code = params.get('code') ?? '';
    const issued = codes.get(code);
    // Any attempt spends the code: it is never redeemed twice, nor tried against many verifiers.
    codes.delete(code);
    const verifier = params.get('code_verifier') ?? '';
    const valid = issued !== undefined && issued.expiresAt > Date.now() && issued.clientId === client.clientId
      && params.get('redirect_uri') === issued.redirectUri && VERIFIER.test(verifier) && sameText(s256(verifier), issued.challenge);
    if (!valid) return refuse(400, 'invalid_grant');
    json(response, 200, { id_token: issued.token, token_type: 'Bearer', expires_in: Math.max(0, Math.floor((issued.tokenExpiresAt - Date.now()) / 1000)) }, cors);
  }

  function logout(response: ServerResponse, url: URL) {
    if (!client || url.searchParams.get('client_id') !== client.clientId || url.searchParams.get('logout_uri') !== client.redirectUri) return page(response, 400, 'unknownClient');
    response.writeHead(302, { location: client.redirectUri, 'cache-control': 'no-store' });
    response.end();
  }

  return {
    allowConsole(registered) {
      client = { ...registered };
    },
    async answer(request, response) {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === MANAGED_LOGIN_PATHS.authorize && (request.method === 'GET' || request.method === 'POST')) await authorize(request, response, url);
      else if (url.pathname === MANAGED_LOGIN_PATHS.token) await token(request, response);
      else if (url.pathname === MANAGED_LOGIN_PATHS.logout && request.method === 'GET') logout(response, url);
      else return false;
      return true;
    },
  };
}

/** A form body, or undefined when it is too large or not a form. */
async function readForm(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!String(request.headers['content-type'] ?? '').toLowerCase().startsWith(FORM)) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function json(response: ServerResponse, status: number, body: object, headers: Record<string, string>) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function page(response: ServerResponse, status: number, problem?: Parameters<typeof signInPage>[0], params?: URLSearchParams) {
  const html = signInPage(problem, params);
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No script, style or frame (the favicon is empty data); the form posts here, and the redirect after it leads to the console.
    'content-security-policy': "default-src 'none'; img-src data:; frame-ancestors 'none'; base-uri 'none'",
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-length': Buffer.byteLength(html),
  });
  response.end(html);
}
