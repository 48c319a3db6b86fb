/**
 * The local runtime runs the sweep of stalled applications on a timer, as EventBridge does on AWS: an application
 * stored but never started moves on without anyone calling the handler (the interval is shortened here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { STALLED_AFTER_MS } from '../../shared/use-cases/resume-applications.ts';
import { apiClient } from '../support/api.ts';
import { applicationsAt, storeNeverStarted } from '../support/stalled.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ scheduledEveryMs: 300 });
});
afterAll(() => stack?.close());

describe('the local schedule', () => {
  it('restarts a stalled application by itself', async () => {
    const applicationId = await storeNeverStarted(applicationsAt(stack.dynamoUrl), STALLED_AFTER_MS + 60_000);
    const api = apiClient(stack.url);
    const admin = await api.login('admin');
    const status = await api.until('the sweep moves it on', async () => {
      const s = (await api.call<{ status: string }>('GET', `/api/applications/${applicationId}`, { token: admin })).json.status;
      return s !== 'SUBMITTED' && s;
    });
    expect(status).toMatch(/SCREENING|PENDING_VERIFICATION/);
  });
});
