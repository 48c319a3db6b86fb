import { expect } from 'vitest';
import type { PaymentInstruction } from '../../shared/domain/payment-instruction.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import type { ApiClient } from './api.ts';
import { applicationBody } from './fixtures.ts';
import { MAKER, sentBatch, withTokens } from './sent-batch.ts';

/**
 * An office with something to report: a batch of two households, one paid and one failed by the bank, one
 * application waiting for verification in another district and one in pelatihan (a programme with a quota per
 * district), screened. `tokens` gets the officers it needs.
 */
export async function officeWithFigures(deps: Deps, api: ApiClient, tokens: Record<string, string>) {
  await withTokens(api, tokens, [MAKER, 'verifikator.tangerang']);
  const { batch, instructions } = await sentBatch(deps, api, tokens, 2);
  const [paid, failed] = instructions as [PaymentInstruction, PaymentInstruction];
  const upload = await api.call('POST', `/api/payout-batches/${batch.batchId}/reconciliation`, {
    token: tokens[MAKER], rawBody: `reference,result,bankRef,reason\n${paid.reference},PAID,FT1,\n${failed.reference},FAILED,,REKENING_DORMAN\n`, contentType: 'text/csv',
  });
  expect(upload.status, upload.text).toBe(200);
  for (const body of [applicationBody({ districtCode: '36.71.02' }), applicationBody({ programId: 'pelatihan', districtCode: '36.71.03' })]) {
    expect((await api.call('POST', '/api/applications', { body })).status).toBe(201);
  }
  await api.until('screened', async () => {
    const r = await api.call<{ total: number }>('GET', '/api/applications?status=PENDING_VERIFICATION', { token: tokens['verifikator.tangerang'] });
    return r.json.total >= 2;
  });
  return { batch, paid, failed };
}
