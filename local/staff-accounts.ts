import type { StaffRole } from '../shared/domain/staff.ts';

/** Local mode's staff (DESIGN §5). On AWS these are Cognito users with the same groups and `custom:regions`. */
export interface StaffAccount {
  username: string;
  roles: StaffRole[];
  regions: string[];
}

export const LOCAL_STAFF: readonly StaffAccount[] = [
  { username: 'verifikator.tangerang', roles: ['verifier'], regions: ['36.71'] },
  { username: 'verifikator2.tangerang', roles: ['verifier'], regions: ['36.71'] },
  { username: 'penyetuju.tangerang', roles: ['approver'], regions: ['36.71'] },
  // A section head who may verify and approve, though never the same application (segregation of duties).
  { username: 'kasi.tangerang', roles: ['verifier', 'approver'], regions: ['36.71'] },
  { username: 'keuangan.tangerang', roles: ['finance'], regions: ['36.71'] },
  { username: 'keuangan2.tangerang', roles: ['finance'], regions: ['36.71'] },
  { username: 'verifikator.kupang', roles: ['verifier'], regions: ['53.71'] },
  // The head of the Tangerang office: reads the dashboard, decides nothing.
  { username: 'kepala.tangerang', roles: ['viewer'], regions: ['36.71'] },
  { username: 'admin', roles: ['admin'], regions: [] },
];

export const DEFAULT_DEV_PASSWORD = 'jaring-dev';
