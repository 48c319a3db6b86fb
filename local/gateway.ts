/**
 * The local HTTP gateway: turns requests into API Gateway HTTP API (payload v2) events for the same handlers
 * Lambda runs, verifies staff JWTs as the API Gateway JWT authorizer does, and serves `web/`. Every response carries
 * the security headers CloudFront adds on AWS; HEAD answers wherever GET does.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRoute } from '../functions/catalog.ts';
import type { LocalIdentityProvider } from './auth.ts';
import { lambdaContext, type LambdaHandler } from './lambda-context.ts';

/**
 * API Gateway refuses bodies over 10 MB and Lambda events over 6 MB; locally we stop reading at the latter. JSON
 * routes take 64 KiB, a result file upload 4 MiB (routes' own limits).
 */
const MAX_GATEWAY_BODY_BYTES = 6 * 1024 * 1024;

/** Bodies API Gateway passes as text; any other media type arrives base64-encoded, its bytes as sent. */
const TEXT_BODY = /^\s*(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)\b|application\/[\w.+-]+\+(json|xml)\b)/i;

interface CompiledRoute {
  route: HttpRoute;
  pattern: RegExp;
  params: string[];
}

function compile(route: HttpRoute): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), params };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
};

export interface GatewayOptions {
  routes: readonly HttpRoute[];
  handlerFor(route: HttpRoute): Promise<LambdaHandler>;
  identity: LocalIdentityProvider;
  webDir: string;
  port: number;
  /** Files built at start (web/build.ts), by path under `web/`, served like its files. */
  builtFiles: Readonly<Record<string, string>>;
  /** Files that name the gateway's own address (the console's sign-in config), made once it listens. */
  addressedFiles?: (url: string) => Readonly<Record<string, string>>;
  /** Local-only public routes (login) by method and path, handlers of payload v2 events as the catalog's are. */
  localRoutes: Record<string, LambdaHandler>;
  /** web/security-headers.ts for this stack's payment files endpoint. */
  securityHeaders: Readonly<Record<string, string>>;
}

export interface Gateway {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function send(res: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_GATEWAY_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** API Gateway renders array claims as "[a b]" in the JWT authorizer context; so do we. */
const renderClaims = (claims: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : (v as string | number | boolean)]));

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const compiled = opts.routes.map(compile);
  const webRoot = normalize(opts.webDir) + sep;

  /** Compressed copies of the pages, by file and version: a cheap phone on a slow link downloads a third. */
  const gzipped = new Map<string, { etag: string; body: Buffer }>();
  const builtFile = (text: string) => {
    const body = Buffer.from(text);
    return { body, etag: `W/"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
  };
  const built = new Map(Object.entries(opts.builtFiles).map(([path, text]) => [path, builtFile(text)]));

  /** A page by its path under web/: a built file, or a file of a type pages are made of (never the build's source). */
  async function pageAt(relative: string): Promise<{ key: string; etag: string; body: () => Promise<Buffer> } | undefined> {
    const made = built.get(relative);
    if (made) return { key: relative, etag: made.etag, body: async () => made.body };
    const file = normalize(join(webRoot, relative));
    if (!file.startsWith(webRoot)) return undefined;
    const info = await stat(file).catch(() => undefined);
    const target = info?.isDirectory() ? join(file, 'index.html') : file;
    const targetInfo = await stat(target).catch(() => undefined);
    if (!targetInfo?.isFile() || !MIME[extname(target)]) return undefined;
    return { key: target, etag: `W/"${targetInfo.size.toString(16)}-${Math.floor(targetInfo.mtimeMs).toString(16)}"`, body: () => readFile(target) };
  }

  async function serveStatic(path: string, req: IncomingMessage, res: ServerResponse) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return send(res, 400, { error: 'ValidationError', message: 'The path is not valid URL encoding', issues: [{ path: 'path', message: 'bad percent-encoding' }] });
    }
    const page = await pageAt(decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, ''));
    if (!page) return send(res, 404, { error: 'NotFound', message: `No page ${path}` });
    // Revalidated on every load (no-cache) but answered 304 while unchanged, as the pages are deployed to S3.
    const { etag } = page;
    const headers: Record<string, string> = { 'content-type': MIME[extname(page.key)] ?? 'application/octet-stream', 'cache-control': 'no-cache', etag, vary: 'accept-encoding' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    const textual = /^(text\/|application\/json|image\/svg)/.test(headers['content-type'] ?? '');
    if (textual && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      let cached = gzipped.get(page.key);
      if (cached?.etag !== etag) gzipped.set(page.key, (cached = { etag, body: gzipSync(await page.body()) }));
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': String(cached.body.length) });
      return res.end(cached.body);
    }
    const body = await page.body();
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  }

  /** Every method a path takes, as a 405's Allow lists them: HEAD wherever GET is. */
  function methodsOn(path: string): string[] {
    const methods = new Set([
      ...compiled.filter((c) => c.pattern.test(path)).map((c) => c.route.method),
      ...Object.keys(opts.localRoutes).filter((key) => key.endsWith(` ${path}`)).map((key) => key.split(' ')[0] ?? ''),
    ]);
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // Set first, so every answer below carries them, errors and 304s included (CloudFront's policy does the same).
    for (const [name, value] of Object.entries(opts.securityHeaders)) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    // HEAD is answered as GET, and Node's server sends no body for it.
    const routeMethod = method === 'HEAD' ? 'GET' : method;
    const body = await readBody(req);
    if (body === 'too-large') return send(res, 413, { error: 'PayloadTooLarge', message: 'The request body is too large' });

    const local = opts.localRoutes[`${routeMethod} ${url.pathname}`];
    const hit = local ? undefined : compiled.map((c) => ({ c, match: c.pattern.exec(url.pathname) })).find((m) => m.match && m.c.route.method === routeMethod);
    const route = hit?.c.route;
    const handlerOf = local ? async () => local : route ? () => opts.handlerFor(route) : undefined;
    if (!handlerOf) {
      const allowed = methodsOn(url.pathname);
      if (allowed.length) return send(res, 405, { error: 'MethodNotAllowed', message: `${method} is not allowed on ${url.pathname}` }, { allow: allowed.join(', ') });
      if (url.pathname.startsWith('/api/')) return send(res, 404, { error: 'NotFound', message: `No route ${method} ${url.pathname}` });
      if (routeMethod !== 'GET') return send(res, 405, { error: 'MethodNotAllowed', message: `${method} is not allowed here` }, { allow: 'GET, HEAD' });
      return serveStatic(url.pathname, req, res);
    }
    const pathParameters = Object.fromEntries((hit?.c.params ?? []).map((name, i) => {
      const raw = hit?.match?.[i + 1] ?? '';
      try {
        return [name, decodeURIComponent(raw)];
      } catch {
        return [name, raw];
      }
    }));

    let authorizer: { jwt: { claims: Record<string, string | number | boolean>; scopes: null } } | undefined;
    if (route?.access === 'staff') {
      const header = req.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const claims = token ? await opts.identity.verify(token) : undefined;
      if (!claims) {
        const message = token
          ? 'Sesi Anda tidak berlaku atau sudah berakhir; silakan masuk lagi / your session is invalid or has expired; please sign in again'
          : 'Anda belum masuk; silakan masuk dengan akun petugas / you are not signed in; please sign in with your staff account';
        return send(res, 401, { error: 'Unauthorized', message });
      }
      authorizer = { jwt: { claims: renderClaims(claims), scopes: null } };
    }

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const now = new Date();
    // As API Gateway names the route it matched: a HEAD request matches the HEAD route beside the GET one.
    const routeKey = route ? `${method} ${route.path}` : `${routeMethod} ${url.pathname}`;
    const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: typeof authorizer } } = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
      ...(body.length && !TEXT_BODY.test(headers['content-type'] ?? '')
        ? { body: body.toString('base64'), isBase64Encoded: true }
        : { body: body.length ? body.toString('utf8') : undefined, isBase64Encoded: false }),
      requestContext: {
        accountId: '000000000000', apiId: 'local', domainName: url.host, domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(), routeKey, stage: '$default', time: now.toUTCString(), timeEpoch: now.getTime(),
        ...(authorizer ? { authorizer } : {}),
      },
    };
    const handler = await handlerOf();
    const result = (await handler(event, lambdaContext(route?.name ?? 'local'))) as APIGatewayProxyStructuredResultV2;
    res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string> | undefined);
    // Decoded here as API Gateway does before the bytes reach the client.
    res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : result.body ?? '');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A handler that throws past its middleware is a bug; API Gateway answers 500 without details too.
      process.stderr.write(`gateway: ${error instanceof Error ? error.name : 'error'} on ${req.method} ${req.url?.split('?')[0]}\n`);
      if (!res.headersSent) send(res, 500, { error: 'InternalError', message: 'Internal server error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  for (const [path, text] of Object.entries(opts.addressedFiles?.(url) ?? {})) built.set(path, builtFile(text));
  return {
    url,
    server,
    // Lets requests in flight finish (briefly), so a stop does not cut a submission between its writes.
    close: () => new Promise((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    }),
  };
}
