export const PERIOD_KINDS = ['MONTHLY', 'ONE_OFF', 'SEMESTER'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** Period strings (DESIGN §5): `YYYY-MM` monthly, `YYYY-S1`/`YYYY-S2` semester, `once` one-off. Jakarta time. */
export function periodOf(kind: PeriodKind, at: Date): string {
  // WIB is UTC+7 all year; a programme month starts at local midnight.
  const local = new Date(at.getTime() + 7 * 3600_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  switch (kind) {
    case 'MONTHLY':
      return `${year}-${String(month).padStart(2, '0')}`;
    case 'SEMESTER':
      return `${year}-S${month <= 6 ? 1 : 2}`;
    case 'ONE_OFF':
      return 'once';
  }
}
