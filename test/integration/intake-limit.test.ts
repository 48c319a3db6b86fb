/** Intake is limited per client, counted in the store; a refused submission stores nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { countItems } from '../support/table.ts';

const LIMIT = 3;
let stack: LocalStack;
let api: ApiClient;
beforeAll(async () => {
  stack = await startLocalStack({ intakeLimitPerMinute: LIMIT });
  api = apiClient(stack.url);
});
afterAll(() => stack?.close());

describe('intake limit', () => {
  it('refuses the fourth application from one client within a minute, storing nothing for it', async () => {
    // Stay inside one clock minute: the window is fixed.
    const secondsLeft = 60 - (Math.floor(Date.now() / 1000) % 60);
    if (secondsLeft < 10) await new Promise((r) => setTimeout(r, secondsLeft * 1000 + 100));
    for (let i = 0; i < LIMIT; i++) expect((await api.call('POST', '/api/applications', { body: applicationBody() })).status).toBe(201);
    const before = await countItems(stack.dynamoUrl);
    const refused = await api.call<{ error: string }>('POST', '/api/applications', { body: applicationBody() });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toBe('TooManyRequests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const after = await countItems(stack.dynamoUrl);
    expect(after['APP:APP']).toBe(before['APP:APP']);
    expect(after['DEDUP:DEDUP']).toBe(before['DEDUP:DEDUP']);
  });
});
