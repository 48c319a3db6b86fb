export const PERIOD_KINDS = ['MONTHLY', 'ONE_OFF', 'SEMESTER'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** An instant shifted to Jakarta's wall clock (WIB, UTC+7 all year), to be read with the getUTC* methods. */
const jakarta = (at: Date) => new Date(at.getTime() + 7 * 3600_000);

/** The Jakarta calendar date (YYYY-MM-DD) of an instant: intake windows open and close at local midnight. */
export const jakartaDate = (at: Date) => jakarta(at).toISOString().slice(0, 10);

/** Period strings (DESIGN §5): `YYYY-MM` monthly, `YYYY-S1`/`YYYY-S2` semester, `once` one-off. Jakarta time. */
export function periodOf(kind: PeriodKind, at: Date): string {
  const local = jakarta(at);
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
