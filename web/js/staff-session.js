/**
 * The officer's session: the login form, the token (in sessionStorage: gone when the tab closes), staff calls and
 * logging out. What a signed-in officer sees is the landing's (staff.js): `startSession` is given what to do on
 * arrival and on leaving.
 */
import { api, failureMessage } from './api.js';
import { $ } from './dom.js';
import { check, clearErrors, showIssues } from './form.js';
import { t } from './i18n.js';

const SESSION_KEY = 'jaring.staff';

/** @type {{ token: string, expiresAt: string } | undefined} */
let session;
/** @type {{ land: () => Promise<void>, leave: () => void }} */
let screens;

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
  $('password').value = '';
  $('username').focus();
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

/** Wires the login form and the logout button, and lands a session this tab still holds. */
export function startSession(handlers) {
  screens = handlers;
  $('login').addEventListener('submit', login);
  $('logout').addEventListener('click', () => logout());
  session = loadSession();
  if (session) arrive();
  else logout();
}
