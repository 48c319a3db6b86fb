/**
 * Signing in at a managed login (Cognito's on AWS; local/managed-login.ts locally), as the site's config.json says
 * (web/sign-in-config.ts): the OAuth 2 authorization code grant with PKCE. The console sends the officer there with a
 * random state and the SHA-256 of a random verifier, both kept in sessionStorage (this tab only); the managed login
 * asks for the password and the authenticator's code and sends the officer back with a one-time code, which the
 * console exchanges, with the verifier, for the ID token it keeps as the session's token. Sign-out goes through the
 * managed login's logout, which ends its own session too.
 */
import { api, failureMessage } from './api.js';
import { lang, t } from './i18n.js';

const PENDING_KEY = 'jaring.staff.signIn';

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomText = (length) => base64url(crypto.getRandomValues(new Uint8Array(length)));

/** When the token expires, from its own `exp`; undefined for a token that is not a JWT. */
function expiryOf(token) {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends the officer to the managed login. Returns the string key of why it cannot (this browser keeps nothing for
 * the tab), else leaves the page.
 */
export async function startHostedSignIn(config) {
  const verifier = randomText(32);
  const state = randomText(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  try {
    sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state, verifier }));
  } catch {
    return 'signin.storage';
  }
  const url = new URL(config.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri, scope: config.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256', lang: lang() === 'en' ? 'en' : 'id',
  }).toString();
  location.assign(url.toString());
  return undefined;
}

/**
 * The officer's return from the managed login, if this page load is one: the session, or the string key (and the
 * values) of what went wrong. The code leaves the address bar (and the history) first, so a reload cannot send it again.
 * @returns {Promise<undefined | { session: { token: string, expiresAt: string } } | { problem: string, values?: object }>}
 */
export async function finishHostedSignIn(config) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return undefined;
  history.replaceState(null, '', location.pathname);
  let pending;
  try {
    pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
    sessionStorage.removeItem(PENDING_KEY);
  } catch {
    pending = null;
  }
  // Not a sign-in this tab started (an old or forwarded link): its code is not used.
  if (!pending?.state || params.get('state') !== pending.state) return { problem: 'signin.state' };
  if (params.has('error')) return { problem: 'signin.refused' };
  const result = await api('POST', config.tokenUrl, {
    form: { grant_type: 'authorization_code', client_id: config.clientId, code: params.get('code') ?? '', redirect_uri: config.redirectUri, code_verifier: pending.verifier },
  });
  const token = result.ok ? result.data.id_token : undefined;
  const expiresAt = typeof token === 'string' ? expiryOf(token) : undefined;
  if (token && expiresAt) return { session: { token, expiresAt } };
  // The code was used already or waited too long (Cognito's lasts 5 minutes).
  if (result.data?.error === 'invalid_grant') return { problem: 'signin.expired' };
  // Unreached (the network's words), or refused in a way the officer cannot mend (the server's).
  return { problem: 'signin.failed', values: { message: result.status === 0 ? failureMessage(result) : t('error.server') } };
}

/** Leaves through the managed login's logout, which comes back to the console's page. */
export function hostedSignOut(config) {
  const url = new URL(config.logoutUrl);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri }).toString();
  location.assign(url.toString());
}
