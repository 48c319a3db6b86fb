/** A small HTTP client for the gateway, as a browser or the smoke test would call it. */
export interface ApiResponse<T = unknown> {
  status: number;
  json: T;
  text: string;
  headers: Headers;
}

export function apiClient(baseUrl: string) {
  async function call<T = Record<string, unknown>>(method: string, path: string, opts: { body?: unknown; rawBody?: string; token?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined || opts.rawBody !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json: json as T, text, headers: response.headers };
  }

  async function login(username: string, password = 'jaring-dev'): Promise<string> {
    const r = await call<{ token: string }>('POST', '/api/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username} -> ${r.status} ${r.text}`);
    return r.json.token;
  }

  /** Polls until `fn` returns a value (the workflow runs asynchronously). */
  async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const value = await fn();
      if (value) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Waits until the application's task of that kind is in the caller's queue (the workflow opens it). */
  function findTask(token: string, kind: 'verification' | 'approval', applicationId: string) {
    return until(`${kind} task for ${applicationId}`, async () =>
      (await call<{ items: QueuedTask[] }>('GET', `/api/tasks?kind=${kind}&limit=100`, { token })).json.items.find((t) => t.applicationId === applicationId));
  }

  return { call, login, until, findTask };
}

/** A task as `GET /api/tasks` lists it. */
export interface QueuedTask {
  taskId: string;
  applicationId: string;
  reference: string;
  kind: string;
  districtCode: string;
  priority: number;
  flags: string[];
}

export type ApiClient = ReturnType<typeof apiClient>;
