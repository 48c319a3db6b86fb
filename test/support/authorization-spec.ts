/**
 * The specification of who may do what, where (test/integration/authorization-matrix.test.ts): every staff route x
 * every seeded account x a Tangerang and a Kupang application, written by hand from the intent of the roles (the
 * test's header says which). A data table, so it may run long.
 */
// ---------------------------------------------------------------------------------------------------------------
// The specification.
// ---------------------------------------------------------------------------------------------------------------

export const ACCOUNTS = [
  'verifikator.tangerang', // verifier, 36.71
  'verifikator2.tangerang', // verifier, 36.71
  'penyetuju.tangerang', // approver, 36.71
  'kasi.tangerang', // verifier + approver, 36.71
  'keuangan.tangerang', // finance, 36.71
  'keuangan2.tangerang', // finance, 36.71
  'verifikator.kupang', // verifier, 53.71
  'admin', // admin, all regions
  'kepala.tangerang', // viewer (head of office), 36.71
] as const;
export type Account = (typeof ACCOUNTS)[number];

export const REGIONS = { tangerang: '36.71.01', kupang: '53.71.01' } as const;
export type Region = keyof typeof REGIONS;

/**
 * allow: 2xx. role / region / segregation: 403 naming that reason.
 * For the queue listings the region is about what the 200 shows: listed (the region's task is in the caller's
 * queue) or unlisted (200, but the task is not shown).
 */
export type Outcome = 'allow' | 'listed' | 'unlisted' | 'role' | 'region' | 'segregation';
/** [Tangerang application, Kupang application] */
export type Cell = readonly [Outcome, Outcome];

const A = 'allow', L = 'listed', U = 'unlisted', R = 'role', G = 'region';
const ALLOW_BOTH: Cell = [A, A];
const TANGERANG_ONLY: Cell = [A, G];
const KUPANG_ONLY: Cell = [G, A];
const ROLE: Cell = [R, R];

export const SPEC = {
  'GET /api/tasks?kind=verification': {
    'verifikator.tangerang': [L, U], 'verifikator2.tangerang': [L, U], 'penyetuju.tangerang': [L, U], 'kasi.tangerang': [L, U],
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': [U, L], admin: [L, L], 'kepala.tangerang': ROLE,
  },
  'GET /api/tasks?kind=approval': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': [L, U], 'kasi.tangerang': [L, U],
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: [L, L], 'kepala.tangerang': ROLE,
  },
  'POST /api/tasks/{id}/decision [verification task]': {
    'verifikator.tangerang': TANGERANG_ONLY, 'verifikator2.tangerang': TANGERANG_ONLY, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': KUPANG_ONLY, admin: ROLE, 'kepala.tangerang': ROLE,
  },
  'POST /api/tasks/{id}/decision [approval task]': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': TANGERANG_ONLY, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ROLE, 'kepala.tangerang': ROLE,
  },
  'POST /api/tasks/{id}/claim [verification task]': {
    'verifikator.tangerang': TANGERANG_ONLY, 'verifikator2.tangerang': TANGERANG_ONLY, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': KUPANG_ONLY, admin: ROLE, 'kepala.tangerang': ROLE,
  },
  'POST /api/tasks/{id}/claim [approval task]': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': TANGERANG_ONLY, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ROLE, 'kepala.tangerang': ROLE,
  },
  'POST /api/tasks/{id}/request-info [verification task]': {
    'verifikator.tangerang': TANGERANG_ONLY, 'verifikator2.tangerang': TANGERANG_ONLY, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': KUPANG_ONLY, admin: ROLE, 'kepala.tangerang': ROLE,
  },
  'POST /api/tasks/{id}/request-info [approval task]': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': TANGERANG_ONLY, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ROLE, 'kepala.tangerang': ROLE,
  },
  // Reassigning to an officer of the task's region (verifikator2.tangerang / verifikator.kupang).
  'POST /api/tasks/{id}/reassign [verification task]': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': ROLE,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  // A search of the region's district: the region's application listed, another region's district refused.
  'GET /api/applications?districtCode': {
    'verifikator.tangerang': [L, G], 'verifikator2.tangerang': [L, G], 'penyetuju.tangerang': [L, G], 'kasi.tangerang': [L, G],
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': [G, L], admin: [L, L], 'kepala.tangerang': ROLE,
  },
  'GET /api/applications/{id}': {
    'verifikator.tangerang': TANGERANG_ONLY, 'verifikator2.tangerang': TANGERANG_ONLY, 'penyetuju.tangerang': TANGERANG_ONLY, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': TANGERANG_ONLY, 'keuangan2.tangerang': TANGERANG_ONLY, 'verifikator.kupang': KUPANG_ONLY, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  'GET /api/applications/{id}/audit': {
    'verifikator.tangerang': TANGERANG_ONLY, 'verifikator2.tangerang': TANGERANG_ONLY, 'penyetuju.tangerang': TANGERANG_ONLY, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': KUPANG_ONLY, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  'GET /api/applications/{id}/nik': {
    'verifikator.tangerang': TANGERANG_ONLY, 'verifikator2.tangerang': TANGERANG_ONLY, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': KUPANG_ONLY, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  // The "region" of a staff change is the target officer's city: keuangan2.tangerang / verifikator.kupang, each
  // set to `disabled: false` (which neither disables nor revokes anything, so no other cell is disturbed).
  // Programmes are the office's, edited by admins only, everywhere.
  'GET /api/programs/{programId}/versions': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': ROLE,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  'POST /api/programs/{programId}/versions': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': ROLE,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  'GET /api/staff': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': ROLE,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  // The outbox of SMS to applicants: admins only, the office's as a whole.
  'GET /api/notifications': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': ROLE,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  'POST /api/staff/{username}/access': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': ROLE,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  // Each cell sets the target officer's roles and regions to the ones it has (a change of nothing revokes nothing).
  'POST /api/staff/{username}/roles': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': ROLE,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  // Each cell suspends an enrolment of its own in the region (enrolled directly in the store).
  'POST /api/applications/{id}/enrolment': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': TANGERANG_ONLY, 'kasi.tangerang': TANGERANG_ONLY,
    'keuangan.tangerang': ROLE, 'keuangan2.tangerang': ROLE, 'verifikator.kupang': ROLE, admin: ALLOW_BOTH, 'kepala.tangerang': ROLE,
  },
  // Each region holds an approved batch of its city with one POS household (stored directly).
  'GET /api/payout-batches/{batchId}/invitations': {
    'verifikator.tangerang': ROLE, 'verifikator2.tangerang': ROLE, 'penyetuju.tangerang': ROLE, 'kasi.tangerang': ROLE,
    'keuangan.tangerang': TANGERANG_ONLY, 'keuangan2.tangerang': TANGERANG_ONLY, 'verifikator.kupang': ROLE, admin: ROLE, 'kepala.tangerang': ROLE,
  },
  // Every officer may ask who they are and what they may do (no region: both cells make the same call).
  'GET /api/me': {
    'verifikator.tangerang': ALLOW_BOTH, 'verifikator2.tangerang': ALLOW_BOTH, 'penyetuju.tangerang': ALLOW_BOTH, 'kasi.tangerang': ALLOW_BOTH,
    'keuangan.tangerang': ALLOW_BOTH, 'keuangan2.tangerang': ALLOW_BOTH, 'verifikator.kupang': ALLOW_BOTH, admin: ALLOW_BOTH, 'kepala.tangerang': ALLOW_BOTH,
  },
} as const satisfies Record<string, Record<Account, Cell>>;
export type RouteKey = keyof typeof SPEC;

/** Segregation of duties: kasi.tangerang verified these Tangerang applications and must not work their approval. */
export const SEGREGATION_ROUTES = [
  'POST /api/tasks/{id}/decision [approval task]',
  'POST /api/tasks/{id}/claim [approval task]',
  'POST /api/tasks/{id}/request-info [approval task]',
] as const satisfies readonly RouteKey[];

