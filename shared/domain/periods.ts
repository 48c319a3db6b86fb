export const PERIOD_KINDS = ['MONTHLY', 'ONE_OFF', 'SEMESTER'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/**
 * Indonesia's three time zones, as hours ahead of UTC; none has daylight saving. Each province lies wholly in
 * one (Kalimantan is split between provinces, not within them), so the province of an address fixes the clock
 * its periods and intake days are counted by: a mother in Kupang applying at 00:30 WITA on the 1st applies
 * for the new month, although it is still 23:30 of the old one in Jakarta.
 */
export const TIME_ZONES = { WIB: 7, WITA: 8, WIT: 9 } as const;
export type TimeZone = keyof typeof TIME_ZONES;

/** Every Kepmendagri province code (idn-area-data) and its zone; the tests check it against the data. */
export const PROVINCE_TIME_ZONES: Readonly<Record<string, TimeZone>> = {
  ...Object.fromEntries(['11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '31', '32', '33', '34', '35', '36', '61', '62'].map((p) => [p, 'WIB'])),
  ...Object.fromEntries(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76'].map((p) => [p, 'WITA'])),
  ...Object.fromEntries(['81', '82', '91', '92', '93', '94', '95', '96'].map((p) => [p, 'WIT'])),
};

/** The zone of a province (the first two digits of any region code); WIB, the capital's, when none is given. */
export function timeZoneOf(regionCode?: string): TimeZone {
  if (regionCode === undefined) return 'WIB';
  const zone = PROVINCE_TIME_ZONES[regionCode.slice(0, 2)];
  if (!zone) throw new RangeError(`No province ${regionCode.slice(0, 2)}`);
  return zone;
}

/** An instant shifted to the zone's wall clock, to be read with the getUTC* methods. */
const wallClock = (at: Date, zone: TimeZone) => new Date(at.getTime() + TIME_ZONES[zone] * 3600_000);

/** The local calendar date (YYYY-MM-DD) of an instant in a zone: intake windows open and close at local midnight. */
export const localDate = (at: Date, zone: TimeZone) => wallClock(at, zone).toISOString().slice(0, 10);

/** Period strings (DESIGN §5): `YYYY-MM` monthly, `YYYY-S1`/`YYYY-S2` semester, `once` one-off; local time. */
export function periodOf(kind: PeriodKind, at: Date, zone: TimeZone): string {
  const local = wallClock(at, zone);
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

/** `count` consecutive periods of a kind from `first` on (a one-off programme has the single period `once`). */
export function periodsFrom(kind: PeriodKind, first: string, count: number): string[] {
  if (kind === 'ONE_OFF') return ['once'];
  const monthly = /^(\d{4})-(\d{2})$/.exec(first);
  const semester = /^(\d{4})-S([12])$/.exec(first);
  if (kind === 'MONTHLY' && monthly) {
    const start = Number(monthly[1]) * 12 + Number(monthly[2]) - 1;
    return Array.from({ length: count }, (_, i) => `${Math.floor((start + i) / 12)}-${String(((start + i) % 12) + 1).padStart(2, '0')}`);
  }
  if (kind === 'SEMESTER' && semester) {
    const start = Number(semester[1]) * 2 + Number(semester[2]) - 1;
    return Array.from({ length: count }, (_, i) => `${Math.floor((start + i) / 2)}-S${((start + i) % 2) + 1}`);
  }
  throw new RangeError(`${first} is not a ${kind} period`);
}
