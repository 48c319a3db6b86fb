/**
 * What staff see is actionable: the moment an application's status says it waits for verification or approval,
 * its task exists, so an officer who acts at once (claims it) is not told there is no such task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let api: ApiClient;
beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(() => stack?.close());

/** Reads the status as fast as it can and claims the stage's task the moment the status shows it. */
async function claimAtOnce(applicationId: string, waitsIn: string, kind: string, token: string) {
  const deadline = Date.now() + 20_000;
  // No pause between reads (unlike api.until): the gap being tested is a few milliseconds wide.
  while ((await api.call<{ status: string }>('GET', `/api/applications/${applicationId}`, { token })).json.status !== waitsIn) {
    if (Date.now() > deadline) throw new Error(`${applicationId} never reached ${waitsIn}`);
  }
  return api.call('POST', `/api/tasks/${encodeURIComponent(`${applicationId}.${kind}`)}/claim`, { token });
}

describe('a waiting status and its task', () => {
  it('has the task in place before the status says the application waits for it', async () => {
    const verifier = await api.login('verifikator.tangerang');
    const approver = await api.login('penyetuju.tangerang');
    for (let i = 0; i < 5; i++) {
      const created = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody() });
      expect(created.status).toBe(201);
      const id = created.json.applicationId;
      const verification = await claimAtOnce(id, 'PENDING_VERIFICATION', 'verification', verifier);
      expect(verification.status, verification.text).toBe(200);
      const decided = await api.call('POST', `/api/tasks/${encodeURIComponent(`${id}.verification`)}/decision`, { token: verifier, body: { decision: 'APPROVE' } });
      expect(decided.status).toBe(200);
      const approval = await claimAtOnce(id, 'PENDING_APPROVAL', 'approval', approver);
      expect(approval.status, approval.text).toBe(200);
    }
  });
});
