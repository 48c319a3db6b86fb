/**
 * Reports of payouts (issue #9 deliverable 8): counts and amounts only, no personal data. Both read their source a
 * page at a time and keep only the totals, so memory does not grow with the batch or the city.
 *   - A batch's report: its instructions (one per item), by district and by item status.
 *   - The summary: every entitlement of each programme in the caller's city (one query per programme and city on the
 *     entitlements' city index), by status x programme x district, and the amounts scheduled and paid per period.
 */
import { bilingual } from '../domain/bilingual.ts';
import type { EntitlementStatus } from '../domain/entitlement.ts';
import { validationError } from '../domain/errors.ts';
import type { InstructionStatus, PaymentInstruction } from '../domain/payment-instruction.ts';
import type { PayoutBatchStatus } from '../domain/payout-batch.ts';
import { authorize, coversDistrict, type StaffUser } from '../domain/staff.ts';
import type { SettledInstruction } from '../ports/settlements.ts';
import type { Deps } from './deps.ts';
import { batchFor } from './payout-access.ts';

const PAGE = 500;

export interface Tally {
  count: number;
  /** Whole rupiah. */
  amount: number;
}

/** An item's status in a report: its instruction's, and REVERSED for a payment the bank took back after PAID. */
export type ItemStatus = InstructionStatus | 'REVERSED';

export interface BatchReport {
  batchId: string;
  programId: string;
  period: string;
  regencyCode: string;
  status: PayoutBatchStatus;
  total: Tally;
  byStatus: Partial<Record<ItemStatus, Tally>>;
  byDistrict: { districtCode: string; total: Tally; byStatus: Partial<Record<ItemStatus, Tally>> }[];
}

const add = (tally: Tally | undefined, amount: number): Tally => ({ count: (tally?.count ?? 0) + 1, amount: (tally?.amount ?? 0) + amount });

const itemStatus = (i: PaymentInstruction & Pick<SettledInstruction, 'reversal'>): ItemStatus => (i.reversal ? 'REVERSED' : i.status);

/** Counts and amounts of a batch of the officer's city (finance), per district and per item status. */
export async function batchReport(deps: Pick<Deps, 'payoutBatches' | 'instructions'>, user: StaffUser, batchId: string): Promise<BatchReport> {
  const batch = await batchFor(deps, user, batchId, 'payout.read');
  const report: BatchReport = {
    batchId, programId: batch.programId, period: batch.period, regencyCode: batch.regencyCode, status: batch.status,
    total: { count: 0, amount: 0 }, byStatus: {}, byDistrict: [],
  };
  const districts = new Map<string, BatchReport['byDistrict'][number]>();
  let cursor: string | undefined;
  do {
    const page = await deps.instructions.inBatch(batchId, { cursor, limit: PAGE });
    for (const item of page.items) {
      const status = itemStatus(item);
      report.total = add(report.total, item.amount);
      report.byStatus[status] = add(report.byStatus[status], item.amount);
      let district = districts.get(item.districtCode);
      if (!district) districts.set(item.districtCode, (district = { districtCode: item.districtCode, total: { count: 0, amount: 0 }, byStatus: {} }));
      district.total = add(district.total, item.amount);
      district.byStatus[status] = add(district.byStatus[status], item.amount);
    }
    cursor = page.cursor;
  } while (cursor);
  report.byDistrict = [...districts.values()].sort((a, b) => a.districtCode.localeCompare(b.districtCode));
  return report;
}

export interface SummaryReport {
  regencyCode: string;
  /** Entitlements by status x programme x district. */
  counts: ({ programId: string; districtCode: string; status: EntitlementStatus } & Tally)[];
  /**
   * Per programme and period: everything owed (any status), what is PAID (reversed payments are not), and what the
   * bank FAILED and waits in the pool for the next batch.
   */
  periods: { programId: string; period: string; scheduled: Tally; paid: Tally; failed: Tally }[];
}

/** The city a summary is of: the one asked for (within the caller's regions), else the caller's only city. */
function cityOf(user: StaffUser, regencyCode: string | undefined): string {
  if (regencyCode) {
    authorize(user, 'report.read', regencyCode);
    return regencyCode;
  }
  const cities = [...new Set(user.regions.map((r) => r.slice(0, 5)))];
  if (cities.length !== 1) {
    throw validationError(bilingual('Pilih kota/kabupaten untuk ringkasan ini (regencyCode)', 'choose the city or regency of this summary (regencyCode)'), [{ path: 'regencyCode', message: 'regencyCode.required' }]);
  }
  return cities[0] as string;
}

/**
 * The city's payouts in numbers (finance, approvers, admins; district officers see their districts only). One query
 * per programme on the city index, read a page at a time; the totals are all that is kept.
 */
export async function summaryReport(deps: Pick<Deps, 'programs' | 'entitlements'>, user: StaffUser, query: { regencyCode?: string }): Promise<SummaryReport> {
  authorize(user, 'report.read');
  const regencyCode = cityOf(user, query.regencyCode);
  const counts = new Map<string, SummaryReport['counts'][number]>();
  const periods = new Map<string, SummaryReport['periods'][number]>();
  for (const program of await deps.programs.list()) {
    for await (const e of deps.entitlements.inCity(program.id, regencyCode)) {
      if (!coversDistrict(user, e.districtCode)) continue;
      const cell = `${e.programId}|${e.districtCode}|${e.status}`;
      const count = counts.get(cell) ?? { programId: e.programId, districtCode: e.districtCode, status: e.status, count: 0, amount: 0 };
      counts.set(cell, { ...count, ...add(count, e.amount) });
      const key = `${e.programId}|${e.period}`;
      const period = periods.get(key) ?? { programId: e.programId, period: e.period, scheduled: { count: 0, amount: 0 }, paid: { count: 0, amount: 0 }, failed: { count: 0, amount: 0 } };
      periods.set(key, {
        ...period,
        scheduled: add(period.scheduled, e.amount),
        paid: e.status === 'PAID' ? add(period.paid, e.amount) : period.paid,
        failed: e.status === 'FAILED' ? add(period.failed, e.amount) : period.failed,
      });
    }
  }
  const order = (a: string, b: string) => a.localeCompare(b);
  return {
    regencyCode,
    counts: [...counts.values()].sort((a, b) => order(a.programId, b.programId) || order(a.districtCode, b.districtCode) || order(a.status, b.status)),
    periods: [...periods.values()].sort((a, b) => order(a.programId, b.programId) || order(a.period, b.period)),
  };
}
