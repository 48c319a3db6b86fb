/**
 * The thin HTTP layer: middy wraps a route function with JSON responses and one place that maps typed domain
 * errors to status codes. Handlers parse with zod, authorize, call a use-case and return.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, type DomainErrorKind, type Issue, unauthorized, validationError } from '../../shared/domain/errors.ts';
import { STAFF_ROLES, type StaffRole, type StaffUser } from '../../shared/domain/staff.ts';
import { pickLanguage, translate, zodLocale, type Language } from '../../shared/schemas/messages.ts';
import { assertTokenStillValid } from '../../shared/use-cases/staff-accounts.ts';
import { DynamoStaffDirectory } from './adapters/dynamo-staff.ts';
import { documentClient } from './clients.ts';
import { config } from './config.ts';
import { logger } from './logger.ts';
import { observed } from './observability.ts';

export type HttpEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;
export interface HttpResult {
  statusCode: number;
  /** JSON, or the bytes of a file (a PDF) sent as they are, with the content type in `headers`. */
  body?: unknown;
  /** Sent as it is, instead of `body` (a file); `headers` then give its content type. */
  text?: string;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 64 * 1024;

const STATUS_FOR: Record<DomainErrorKind, number> = {
  ValidationError: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Duplicate: 409,
  Conflict: 409,
  InProgress: 409,
  IdempotencyKeyReused: 422,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  ServiceUnavailable: 503,
};

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { ...JSON_HEADERS, ...headers },
  body: body === undefined ? '' : JSON.stringify(body),
});

/** API Gateway carries bytes as base64 text, flagged so that it decodes them before they reach the browser. */
const binary = (statusCode: number, body: Uint8Array, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'cache-control': 'no-store', ...headers },
  body: Buffer.from(body).toString('base64'),
  isBase64Encoded: true,
});

/** Maps thrown errors to `{error, message, ...}`; anything untyped is a 500 without internals. */
const errorResponder = (): MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context> => ({
  onError: (request) => {
    const error = request.error;
    if (error instanceof DomainError) {
      // Issues carry message keys where our schemas and use-cases word them; answer in the caller's language.
      const lang = languageOf(request.event);
      const details = Array.isArray(error.details.issues)
        ? { ...error.details, issues: (error.details.issues as Issue[]).map((i) => ({ ...i, message: translate(i.message, lang) })) }
        : error.details;
      const headers: Record<string, string> = typeof details.retryAfterSeconds === 'number' ? { 'retry-after': String(details.retryAfterSeconds) } : {};
      request.response = json(STATUS_FOR[error.kind], { error: error.kind, message: error.message, ...details }, headers);
      return;
    }
    logger.error('Unhandled error', { errorName: error?.name, errorMessage: error?.message, route: request.event.routeKey });
    request.response = json(500, { error: 'InternalError', message: `Something went wrong on our side (request ${request.context.awsRequestId})` });
  },
});

type RouteFn<E> = (event: E) => Promise<HttpResult>;

function route<E extends HttpEvent>(fn: RouteFn<E>) {
  return observed<E, APIGatewayProxyStructuredResultV2>()
    .use(errorResponder() as MiddlewareObj<E, APIGatewayProxyStructuredResultV2, Error, Context>)
    .handler(async (event) => {
      const result = await fn(event);
      if (result.body instanceof Uint8Array) return binary(result.statusCode, result.body, result.headers);
      if (result.text !== undefined) return { statusCode: result.statusCode, headers: { 'cache-control': 'no-store', ...result.headers }, body: result.text };
      return json(result.statusCode, result.body, result.headers);
    });
}

export const publicRoute = (fn: RouteFn<APIGatewayProxyEventV2>) => route(fn);

/** Built on first use, so public routes never need the table's configuration for it. */
let staffDirectory: DynamoStaffDirectory | undefined;

/**
 * A staff route: the token was verified upstream (API Gateway's JWT authorizer, or the local gateway); here
 * the account must still be enabled and the token not revoked since it was issued.
 */
export const staffRoute = (fn: (event: APIGatewayProxyEventV2WithJWTAuthorizer, user: StaffUser) => Promise<HttpResult>) =>
  route<APIGatewayProxyEventV2WithJWTAuthorizer>(async (event) => {
    const user = staffFromClaims(event);
    staffDirectory ??= new DynamoStaffDirectory(documentClient, config.tableName);
    const issuedAt = Number(event.requestContext.authorizer?.jwt?.claims?.iat);
    await assertTokenStillValid({ staff: staffDirectory }, user.username, Number.isFinite(issuedAt) ? issuedAt : undefined);
    return fn(event, user);
  });

/**
 * The staff user from the JWT authorizer's claims (API Gateway verified the token). API Gateway renders
 * array claims as "[a b]"; the local gateway does the same, so one parser serves both.
 */
function staffFromClaims(event: APIGatewayProxyEventV2WithJWTAuthorizer): StaffUser {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const username = claims?.['cognito:username'];
  // The console's ID token only: an access token of its client passes API Gateway too (client_id stands for aud),
  // but carries no custom:regions.
  if (!claims || claims.token_use !== 'id' || typeof username !== 'string') {
    throw unauthorized('Masuk lewat konsol petugas untuk mendapat token / sign in through the staff console to get a token');
  }
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean) : [];
  const roles = list(claims['cognito:groups']).filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r));
  return { username, roles, regions: list(claims['custom:regions']) };
}

const toIssues = (error: z.ZodError): Issue[] =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

/** Bahasa Indonesia unless the caller's Accept-Language prefers English. */
const languageOf = (event: HttpEvent): Language => pickLanguage(event.headers?.['accept-language']);

/**
 * Parses a JSON body: 415 if it is not JSON in UTF-8, 413 if too large, 400 naming each problem otherwise (not
 * UTF-8, not JSON, a key sent twice, the schema's issues).
 */
export function parseJsonBody<S extends z.ZodType>(event: HttpEvent, schema: S): z.output<S> {
  const raw = bodyText(event);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    // A fixed message: the parser's own quotes a piece of the body, which may hold a NIK.
    throw validationError('The body is not valid JSON', [{ path: '', message: 'body.json' }]);
  }
  const repeated = duplicateKeys(raw);
  if (repeated.length) throw validationError('The body sends a key more than once', repeated.map((path) => ({ path, message: 'body.duplicateKey' })));
  return parseWith(event, schema, data, 'The request body is invalid');
}

/** JSON travels in UTF-8 (RFC 8259 §8.1): a body declared in another charset is refused, not misread. */
const UTF8_CHARSET = /^"?utf-?8"?$/i;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** 415 unless the media type is one of `accepted`, in UTF-8 if it names a charset. */
function mediaTypeOf(event: HttpEvent, accepted: readonly string[]): void {
  const contentType = event.headers['content-type'] ?? event.headers['Content-Type'] ?? '';
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim());
  const wanted = accepted.join(' atau ');
  if (!accepted.includes(mediaType.toLowerCase())) {
    const got = contentType.slice(0, 60);
    throw new DomainError('UnsupportedMediaType', `Kirim isi permintaan sebagai ${wanted} (diterima: ${got || 'tanpa content type'}) / send the body as ${accepted.join(' or ')} (got ${got || 'no content type'})`);
  }
  const charset = parameters.find((p) => /^charset=/i.test(p))?.slice('charset='.length);
  if (charset !== undefined && !UTF8_CHARSET.test(charset)) {
    throw new DomainError('UnsupportedMediaType', `Kirim isi permintaan sebagai ${wanted} dalam UTF-8 (diterima: charset=${charset.slice(0, 30)}) / send the body as ${accepted.join(' or ')} in UTF-8 (got charset=${charset.slice(0, 30)})`);
  }
}

const bodySize = (event: HttpEvent) => (event.isBase64Encoded ? Buffer.byteLength(event.body ?? '', 'base64') : Buffer.byteLength(event.body ?? '', 'utf8'));

/**
 * The body's bytes, for a route that takes a file (`mediaTypes`, e.g. text/csv): 415 for another type or a charset
 * other than UTF-8, 413 over `maxBytes` with `tooLarge` as the message. The bytes are as sent (base64 bodies decoded),
 * so the route's own reader judges their encoding line by line.
 */
export function bodyBytes(event: HttpEvent, accepts: { mediaTypes: readonly string[]; maxBytes: number; tooLarge: string }): Uint8Array {
  mediaTypeOf(event, accepts.mediaTypes);
  if (bodySize(event) > accepts.maxBytes) throw new DomainError('PayloadTooLarge', accepts.tooLarge);
  return event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');
}

/** The body as text, once its media type, size and encoding are right. */
function bodyText(event: HttpEvent): string {
  mediaTypeOf(event, ['application/json']);
  if (bodySize(event) > MAX_BODY_BYTES) throw new DomainError('PayloadTooLarge', `Isi permintaan lebih dari ${MAX_BODY_BYTES / 1024} KiB; perpendek isiannya / the body is larger than ${MAX_BODY_BYTES / 1024} KiB, shorten it`);
  const notUtf8 = () => validationError('The body is not valid UTF-8', [{ path: '', message: 'body.utf8' }]);
  let text: string;
  try {
    text = event.isBase64Encoded ? UTF8.decode(Buffer.from(event.body ?? '', 'base64')) : event.body ?? '';
  } catch {
    throw notUtf8();
  }
  // A body that arrives as text was decoded upstream, where invalid bytes became U+FFFD; sent as such, the
  // character is never part of what a person typed either. Either way the text is garbled: refused, not stored.
  if (text.includes('\uFFFD')) throw notUtf8();
  return text;
}

/**
 * The paths of keys that valid JSON text repeats within one object (`payout.method`), which JSON.parse settles
 * silently with the last one. A scan with an explicit stack, not recursion, so nesting as deep as JSON.parse
 * takes cannot overflow it; keys are compared decoded (`"consent"` and `"cons\u0065nt"` are one key).
 */
function duplicateKeys(json: string): string[] {
  const open: Array<{ keys?: Set<string>; at: string | number }> = [];
  const found: string[] = [];
  let keyNext = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    const top = open.at(-1);
    if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      if (keyNext && top?.keys) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (top.keys.has(key)) found.push([...open.slice(0, -1).map((o) => o.at), key].join('.'));
        top.keys.add(key);
        top.at = key;
        keyNext = false;
      }
      i = end;
    } else if (c === '{') {
      open.push({ keys: new Set(), at: '' });
      keyNext = true;
    } else if (c === '[') {
      open.push({ at: 0 });
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === ',' && top) {
      if (top.keys) keyNext = true;
      else top.at = Number(top.at) + 1;
    }
  }
  return found;
}

export function parseQuery<S extends z.ZodType>(event: HttpEvent, schema: S, message = 'The query string is invalid'): z.output<S> {
  return parseWith(event, schema, event.queryStringParameters ?? {}, message);
}

function parseWith<S extends z.ZodType>(event: HttpEvent, schema: S, data: unknown, message: string): z.output<S> {
  const result = schema.safeParse(data, { error: zodLocale(languageOf(event)) });
  if (!result.success) throw validationError(message, toIssues(result.error));
  return result.data;
}

/** A request header (API Gateway and the gateway give their names in lower case), checked by `schema`: 400 naming it. */
export function parseHeader<S extends z.ZodType>(event: HttpEvent, name: string, schema: S): z.output<S> {
  const result = schema.safeParse(event.headers?.[name.toLowerCase()], { error: zodLocale(languageOf(event)) });
  if (!result.success) throw validationError(`The ${name} header is invalid`, toIssues(result.error).map((i) => ({ ...i, path: name })));
  return result.data;
}

export function pathParameter(event: HttpEvent, name: string, schema: z.ZodType<string>): string {
  return parseWith(event, schema, event.pathParameters?.[name], `The path parameter ${name} is invalid`);
}
