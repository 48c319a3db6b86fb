/**
 * The specification of the payout routes' authorization (payout-authorization.test.ts), by hand from the roles'
 * intent: [Tangerang batch or city, Kupang batch or city] per account. allow: 200; role / region: 403 naming it.
 */
export const PAYOUT_ACCOUNTS = [
  'verifikator.tangerang', 'verifikator2.tangerang', 'penyetuju.tangerang', 'kasi.tangerang',
  'keuangan.tangerang', 'keuangan2.tangerang', 'verifikator.kupang', 'admin', 'kepala.tangerang',
] as const;
export type PayoutAccount = (typeof PAYOUT_ACCOUNTS)[number];
type Outcome = 'allow' | 'role' | 'region';
type Cell = readonly [Outcome, Outcome];

const ROLE: Cell = ['role', 'role'];
const TANGERANG_ONLY: Cell = ['allow', 'region'];

/** Payment data: finance of the batch's city only; nobody else, admins included. */
const FINANCE_OF_THE_CITY: Record<PayoutAccount, Cell> = {
  'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': ROLE,
  'keuangan.tangerang': TANGERANG_ONLY, 'keuangan2.tangerang': TANGERANG_ONLY, 'verifikator.kupang': ROLE, admin: ROLE, 'kepala.tangerang': ROLE,
};

export const PAYOUT_SPEC = {
  'GET /api/payout-batches/{batchId}/payment-file': FINANCE_OF_THE_CITY,
  'POST /api/payout-batches/{batchId}/reconciliation': FINANCE_OF_THE_CITY,
  'GET /api/payout-batches/{batchId}/exceptions': FINANCE_OF_THE_CITY,
  'POST /api/payout-batches/{batchId}/exceptions/{key}/resolve': FINANCE_OF_THE_CITY,
  'GET /api/payout-batches/{batchId}/report': FINANCE_OF_THE_CITY,
  'POST /api/entitlements/{entitlementId}/return-to-pool': FINANCE_OF_THE_CITY,
  // Numbers only: finance, approvers and the head of office of the city, admins everywhere.
  'GET /api/reports/summary': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': TANGERANG_ONLY, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': TANGERANG_ONLY, 'keuangan2.tangerang': TANGERANG_ONLY, 'verifikator.kupang': ROLE, admin: ['allow', 'allow'],
    'kepala.tangerang': TANGERANG_ONLY,
  },
} as const satisfies Record<string, Record<PayoutAccount, Cell>>;
export type PayoutRoute = keyof typeof PAYOUT_SPEC;

/**
 * The batch's own routes, from request to decision: their refusals (every non-finance account, admins included, and
 * the maker's own approval) are checked in payout-workflow.test.ts, where each needs a batch at the right stage.
 */
export const BATCH_WORKFLOW_ROUTES = [
  'POST /api/payout-batches', 'GET /api/payout-batches', 'GET /api/payout-batches/{batchId}',
  'POST /api/payout-batches/{batchId}/approve', 'POST /api/payout-batches/{batchId}/reject', 'POST /api/payout-batches/{batchId}/cancel',
  'GET /api/payout-batches/{batchId}/invitations',
] as const;
