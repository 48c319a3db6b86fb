/**
 * Issue #8, defect 7: what staff see of an application without the audited reveal must not rebuild its NIK. The
 * test plays someone holding a detail view: it takes the district, the birth date (or year), the gender and every
 * digit the NIK mask shows, and counts the NIKs that fit all of them.
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

interface StaffView { nik: string; kk: string; birthDate?: string; birthYear?: number; gender?: 'M' | 'F'; address: { districtCode: string } }

const pad = (n: number) => String(n).padStart(2, '0');
/** The NIK's date part (DDMMYY, day + 40 for women) of every birth date the view allows. */
function dateParts(view: StaffView): string[] {
  const days: Date[] = [];
  const from = view.birthDate ? new Date(`${view.birthDate}T00:00:00Z`) : new Date(Date.UTC(view.birthYear ?? 1900, 0, 1));
  const to = view.birthDate ? from : view.birthYear ? new Date(Date.UTC(view.birthYear, 11, 31)) : new Date();
  for (let d = from; d <= to; d = new Date(d.getTime() + 86_400_000)) days.push(d);
  const genders = view.gender ? [view.gender] : (['M', 'F'] as const);
  return [...new Set(days.flatMap((d) => genders.map((g) => `${pad(d.getUTCDate() + (g === 'F' ? 40 : 0))}${pad(d.getUTCMonth() + 1)}${String(d.getUTCFullYear()).slice(2)}`)))];
}

/** How many NIKs fit the view: the address's district (the likeliest), the birth data, and the mask's visible digits. */
function candidateNiks(view: StaffView, nik: string): number {
  const fits = (text: string, at: number) => [...text].every((digit, i) => view.nik[at + i] === '*' || view.nik[at + i] === digit);
  const district = view.address.districtCode.replace(/\./g, '');
  expect(fits(district, 0), 'the mask agrees with the address district').toBe(true);
  const dates = dateParts(view).filter((part) => fits(part, 6));
  const hiddenSerialDigits = [...view.nik.slice(12)].filter((c) => c === '*').length;
  const serials = 10 ** hiddenSerialDigits;
  // The count is of a search that does contain the true NIK.
  expect(dates).toContain(nik.slice(6, 12));
  expect(fits(nik.slice(12), 12)).toBe(true);
  return dates.length * serials;
}

describe('what staff see of a NIK', () => {
  it('leaves at least 10,000 candidate NIKs in every detail view, queue item and audit trail; the reveal still works, audited', async () => {
    // A KK whose last digits are not the NIK's serial (the fixture's are), so that no coincidence helps the search.
    const body = { ...applicationBody({ serial: 7319, birthDate: '1979-08-23', gender: 'F' }), kk: '3671010101992468' };
    const created = await api.call<{ applicationId: string }>('POST', '/api/applications', { body });
    expect(created.status).toBe(201);
    const { applicationId } = created.json;
    const [verifier, approver] = await Promise.all([api.login('verifikator.tangerang'), api.login('penyetuju.tangerang')]);
    await api.findTask(verifier, 'verification', applicationId);

    for (const token of [verifier, approver]) {
      const detail = await api.call<StaffView>('GET', `/api/applications/${applicationId}`, { token });
      expect(detail.status).toBe(200);
      expect(candidateNiks(detail.json, body.nik)).toBeGreaterThanOrEqual(10_000);
      expect(detail.text).not.toContain(body.nik.slice(6)); // nor the date part and serial together anywhere else
    }

    const queue = await api.call<{ items: Array<Record<string, unknown>> }>('GET', '/api/tasks?kind=verification', { token: verifier });
    const item = queue.json.items.find((t) => t.applicationId === applicationId);
    expect(item).toBeDefined();
    expect(Object.keys(item!).filter((k) => ['nik', 'kk', 'birthDate', 'birthYear', 'gender'].includes(k))).toEqual([]);
    expect(JSON.stringify(item)).not.toContain(body.nik.slice(12));

    const reveal = await api.call<{ nik: string }>('GET', `/api/applications/${applicationId}/nik`, { token: verifier });
    expect(reveal.status).toBe(200);
    expect(reveal.json.nik).toBe(body.nik);
    const audit = await api.call<{ events: Array<{ action: string; actor: string; before?: string; after?: string; detail?: unknown }> }>('GET', `/api/applications/${applicationId}/audit`, { token: verifier });
    expect(audit.json.events.filter((e) => e.action === 'NIK_VIEWED').map((e) => e.actor)).toEqual(['verifikator.tangerang']);
    // What the events say (not their ids, hashes and times) carries no birth date and no NIK digits.
    const said = JSON.stringify(audit.json.events.map((e) => [e.before, e.after, e.detail]));
    for (const part of [body.birthDate, body.nik.slice(6, 12), body.nik.slice(12), body.kk.slice(12)]) expect(said).not.toContain(part);
  });
});
