/**
 * The gateway's edge behaviour (issue #8, defect 10): every response carries the security headers of
 * web/security-headers.ts, HEAD answers on every GET route and page with the GET's headers and no body, and a 405
 * says in `Allow` what the path does take.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/catalog.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { contentSecurityPolicy, securityHeaders } from '../../web/security-headers.ts';
import { apiClient, type ApiClient } from '../support/api.ts';

let stack: LocalStack;
let api: ApiClient;
let token: string;
beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  token = await api.login('admin');
});
afterAll(() => stack?.close());

const send = (method: string, path: string, headers: Record<string, string> = {}) => fetch(stack.url + path, { method, headers });

function expectSecurityHeaders(response: Response) {
  for (const [name, value] of Object.entries(securityHeaders(stack.s3Url))) expect(response.headers.get(name), name).toBe(value);
}

describe('security headers', () => {
  it('define a policy that runs no inline script or style, may not be framed, and fetches only from here and the payment files', () => {
    const policy = contentSecurityPolicy(stack.s3Url);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(policy).toContain(`connect-src 'self' ${stack.s3Url};`);
    expect(securityHeaders(stack.s3Url)['x-content-type-options']).toBe('nosniff');
    expect(securityHeaders(stack.s3Url)['referrer-policy']).toBe('no-referrer');
  });

  it('leave the console signing in with its password form by default (its config.json; hosted: staff-sign-in.test.ts)', async () => {
    const config = await send('GET', '/config.json');
    expect(config.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await config.json()).toEqual({ signIn: 'password' });
  });

  it('leave nothing in the pages for the policy to block: no inline script, style or event handler', () => {
    const webDir = join(import.meta.dirname, '../../web');
    const pages = readdirSync(webDir).filter((name) => name.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(0);
    for (const name of pages) {
      const html = readFileSync(join(webDir, name), 'utf8');
      const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
      expect(scripts.length, name).toBeGreaterThan(0);
      expect(scripts.filter((tag) => !/\bsrc=/.test(tag)), name).toEqual([]);
      expect(html, name).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
    }
  });

  it.each([
    ['a page', '/'],
    ['a page by name', '/staff.html'],
    ['a script', '/js/api.js'],
    ['the built module', '/js/shared.js'],
    ['an API answer', '/api/programs'],
    ['the health check', '/health'],
    ['a missing page', '/nothing-here.html'],
    ['an unknown API route', '/api/nothing'],
    ['a staff route without a token', '/api/tasks?kind=verification'],
  ])('come with %s (%s)', async (_what, path) => {
    const response = await send('GET', path);
    await response.arrayBuffer();
    expectSecurityHeaders(response);
  });

  it('come with a 304, a login answer and a refused method too', async () => {
    const first = await send('GET', '/index.html');
    await first.arrayBuffer();
    const revalidated = await send('GET', '/index.html', { 'if-none-match': first.headers.get('etag') ?? '' });
    expect(revalidated.status).toBe(304);
    expectSecurityHeaders(revalidated);
    const login = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await login.arrayBuffer();
    expect(login.status).toBe(400);
    expectSecurityHeaders(login);
    const refused = await send('DELETE', '/health');
    await refused.arrayBuffer();
    expectSecurityHeaders(refused);
  });
});

describe('HEAD', () => {
  const getRoutes = HTTP_ROUTES.filter((r) => r.method === 'GET' && !r.path.includes('{') && r.access === 'public');

  it.each([...getRoutes.map((r) => r.path), '/', '/status.html', '/css/app.css', '/js/shared.js'])('answers on %s as GET would, without a body', async (path) => {
    const query = path === '/api/regions' ? '?parent=36' : '';
    const get = await send('GET', path + query);
    const getBody = Buffer.from(await get.arrayBuffer());
    const head = await send('HEAD', path + query);
    expect(head.status).toBe(get.status);
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expectSecurityHeaders(head);
    expect(getBody.length).toBeGreaterThan(0);
    for (const name of ['content-length', 'content-encoding', 'etag', 'cache-control']) expect(head.headers.get(name), name).toBe(get.headers.get(name));
  });

  it('checks the staff token on a staff route as GET does', async () => {
    expect((await send('HEAD', '/api/tasks?kind=verification')).status).toBe(401);
    const head = await send('HEAD', '/api/tasks?kind=verification', { authorization: `Bearer ${token}` });
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('405', () => {
  it.each([
    ['POST', '/health', 'GET, HEAD'],
    ['DELETE', '/api/applications', 'GET, HEAD, POST'],
    ['POST', '/api/tasks', 'GET, HEAD'],
    ['PUT', '/api/status-check', 'POST'],
    ['GET', '/api/auth/login', 'POST'],
    ['POST', '/index.html', 'GET, HEAD'],
    ['DELETE', '/', 'GET, HEAD'],
  ])('%s %s says in Allow what the path takes: %s', async (method, path, allow) => {
    const response = await send(method, path);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect((await response.json()) as { error: string }).toMatchObject({ error: 'MethodNotAllowed' });
  });
});
