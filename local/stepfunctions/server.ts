import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiRequest, type Action } from './actions.ts';
import { ApiError } from './api-error.ts';
import type { Logger } from './logger.ts';

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
// AWS caps execution input and task output at 256 KiB; escaped into a request body they may take up to twice that.
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpEndpoint {
  url: string;
  close(): Promise<void>;
}

/** Serves the AWS JSON 1.0 protocol: `POST /` with `X-Amz-Target: AWSStepFunctions.<Action>`, on 127.0.0.1 only. */
/** Listens on a free loopback port (the stack hands the URL to the SDK through AWS_ENDPOINT_URL_SFN). */
export async function serve(actions: ReadonlyMap<string, Action>, log: Logger): Promise<HttpEndpoint> {
  const server = createServer((request, response) => {
    void handle(actions, request, response, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // SDK clients keep connections alive; don't wait for them
      }),
  };
}

async function handle(actions: ReadonlyMap<string, Action>, request: IncomingMessage, response: ServerResponse, log: Logger): Promise<void> {
  try {
    const body = await readBody(request);
    const target = request.headers['x-amz-target'];
    const action = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? actions.get(target.slice(TARGET_PREFIX.length)) : undefined;
    if (request.method !== 'POST' || !action) {
      throw new ApiError('UnknownOperationException', `Unknown operation: ${request.method ?? ''} ${String(target)}`);
    }
    send(response, 200, action(new ApiRequest(parseBody(body))));
  } catch (error) {
    if (error instanceof ApiError) {
      send(response, 400, { __type: error.type, message: error.message });
    } else {
      log('error', 'stepfunctions endpoint: internal error', { error: error instanceof Error ? error.stack : String(error) });
      send(response, 500, { __type: 'InternalFailure', message: 'Internal failure' });
    }
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk); // read on regardless, so the answer goes to a drained request
  }
  if (size > MAX_BODY_BYTES) throw new ApiError('ValidationException', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): Record<string, unknown> {
  let body: unknown = {};
  try {
    if (text.trim() !== '') body = JSON.parse(text);
  } catch {
    throw new ApiError('SerializationException', 'The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('SerializationException', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function send(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}
