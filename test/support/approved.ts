import { expect } from 'vitest';
import type { ApiClient } from './api.ts';
import { applicationBody, type ApplicantOptions } from './fixtures.ts';

/** Officers who take an application through both human stages in Kota Tangerang. */
export const TANGERANG_DECIDERS = { verification: 'verifikator.tangerang', approval: 'penyetuju.tangerang' } as const;

/**
 * Submits an application and takes it through verification and approval over HTTP, as the officers would;
 * resolves once it is APPROVED. `tokens` holds the deciders' and an admin's tokens.
 */
export async function approvedApplication(api: ApiClient, tokens: Record<string, string>, options: ApplicantOptions = {}, body: Record<string, unknown> = {}) {
  const sent = { ...applicationBody(options), ...body };
  const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body: sent });
  expect(created.status, created.text).toBe(201);
  const id = created.json.applicationId;
  for (const [kind, officer] of Object.entries(TANGERANG_DECIDERS) as ['verification' | 'approval', string][]) {
    const task = await api.findTask(tokens[officer]!, kind, id);
    const r = await api.call('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/decision`, { token: tokens[officer], body: { decision: 'APPROVE' } });
    expect(r.status, r.text).toBe(200);
  }
  await api.until('approved', async () => (await api.call<{ status: string }>('GET', `/api/applications/${id}`, { token: tokens.admin })).json.status === 'APPROVED');
  return { id, reference: created.json.reference, nik: String(sent.nik) };
}
