/**
 * The officer's session: signing in as the site's config.json says (the local password form, or a managed login:
 * staff-hosted.js), the token (in sessionStorage: gone when the tab closes; an ID token, refused by the API once it
 * expires, when the officer signs in again), staff calls and logging out. What a signed-in officer sees is the
 * landing's (staff.js): `startSession` is given what to do on arrival and on leaving.
 */
import { api, failureMessage } from './api.js';
import { $ } from './dom.js';
import { check, clearErrors, showIssues } from './form.js';
import { t } from './i18n.js';
import { finishHostedSignIn, hostedSignOut, startHostedSignIn } from './staff-hosted.js';

const SESSION_KEY = 'jaring.staff';

/** @type {{ token: string, expiresAt: string } | undefined} */
let session;
/** @type {{ land: () => Promise<void>, leave: () => void }} */
let screens;
/** How officers sign in here (web/sign-in-config.ts); undefined until config.json is read. */
let config;

export const signedIn = () => session !== undefined;
export const token = () => session?.token;

function loadSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    if (saved?.token && Date.parse(saved.expiresAt) > Date.now()) return saved;
  } catch {
    // unreadable: log in again
  }
  return undefined;
}

function saveSession(value) {
  session = value;
  try {
    if (value) sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // kept in memory for this page only
  }
}

/** Staff calls: an expired or revoked token sends the officer back to the login form. */
export async function staffApi(method, path, body) {
  const result = await api(method, path, { token: session?.token, body });
  if (result.status === 401 && session) {
    logout(t('login.expired'));
  }
  return result;
}

export function logout(note) {
  saveSession(undefined);
  screens.leave();
  $('login-view').hidden = false;
  $('logout').hidden = true;
  $('login-note').hidden = !note;
  $('login-note').textContent = note ?? '';
  const hosted = config?.signIn === 'hosted';
  $('login').hidden = config?.signIn !== 'password';
  $('hosted-sign-in').hidden = !hosted;
  $('password').value = '';
  if (hosted) $('hosted-submit').focus();
  else if (config) $('username').focus();
}

/** The logout button: a managed login's session ends there too, which then sends the officer back here. */
function signOut() {
  logout();
  if (config?.signIn === 'hosted') hostedSignOut(config);
}

async function hostedSignIn() {
  const button = $('hosted-submit');
  button.disabled = true;
  const problem = await startHostedSignIn(config);
  button.disabled = false;
  if (problem) logout(t(problem));
}

function arrive() {
  $('login-view').hidden = true;
  $('logout').hidden = false;
  $('login-note').hidden = true;
  void screens.land();
}

async function login(event) {
  event.preventDefault();
  const form = $('login');
  const summary = $('login-summary');
  const username = $('username').value.trim();
  const password = $('password').value;
  const issues = [];
  check(issues, !username, 'username', t('v.username'));
  check(issues, !password, 'password', t('v.password'));
  if (issues.length) {
    showIssues(form, summary, issues);
    return;
  }
  const button = $('login-submit');
  button.disabled = true;
  button.textContent = t('signingIn');
  const result = await api('POST', '/api/auth/login', { body: { username, password } });
  button.disabled = false;
  button.textContent = t('login.submit');
  if (!result.ok) {
    if (result.status === 400 && Array.isArray(result.data.issues)) showIssues(form, summary, result.data.issues, t('login.failed'));
    else showIssues(form, summary, [{ path: '', message: failureMessage(result) }], t('login.failed'));
    return;
  }
  clearErrors(form, summary);
  $('password').value = '';
  saveSession({ token: result.data.token, expiresAt: result.data.expiresAt });
  arrive();
}

/**
 * Wires the sign-in and the logout button, reads how officers sign in here, finishes a return from the managed login,
 * and lands a session this tab still holds.
 */
export async function startSession(handlers) {
  screens = handlers;
  $('login').addEventListener('submit', login);
  $('hosted-submit').addEventListener('click', () => void hostedSignIn());
  $('logout').addEventListener('click', signOut);
  const loaded = await api('GET', '/config.json');
  if (!loaded.ok || (loaded.data.signIn !== 'password' && loaded.data.signIn !== 'hosted')) {
    return logout(t('signin.unavailable', { message: loaded.ok ? t('error.server') : failureMessage(loaded) }));
  }
  config = loaded.data;
  const returned = config.signIn === 'hosted' ? await finishHostedSignIn(config) : undefined;
  if (returned && 'problem' in returned) return logout(t(returned.problem, returned.values));
  if (returned) saveSession(returned.session);
  else session = loadSession();
  if (session) arrive();
  else logout();
}
