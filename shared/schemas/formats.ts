/**
 * The formats of an application's fields, without zod: the API's schema (application.ts) is built from them and
 * the applicant's form checks with them (through shared/browser.ts), so both refuse exactly the same slips.
 */
export const KK_PATTERN = /^\d{16}$/;
/** Indonesian mobile numbers: 08…, 628…, +628… */
export const PHONE_PATTERN = /^(\+62|62|0)8\d{7,11}$/;
/** An application's public reference (`JRG-2611-…`), as typed: the status check looks it up. */
export const REFERENCE_PATTERN = /^[A-Z0-9-]{6,40}$/;
/** An Idempotency-Key: the form makes a random one when a draft starts (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;
export const BANK_CODE_PATTERN = /^\d{3}$/;
export const ACCOUNT_NUMBER_PATTERN = /^\d{6,20}$/;
/** The most people, and of each kind (elderly, children, disabled), one household may count. */
export const HOUSEHOLD_MAX_MEMBERS = 30;

/**
 * A reference as an applicant types it, in its stored spelling: any case, any separators or none
 * (`jrg 2611 abcde fgh23`, `JRG2611ABCDEFGH23`) becomes `JRG-2611-ABCDE-FGH23`. Text of another shape is only
 * upper-cased and stripped of spaces, for the pattern above to judge.
 */
export function normaliseReference(text: string): string {
  const compact = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const parts = /^(JRG)(\d{4})([A-Z0-9]{5})([A-Z0-9]{5})$/.exec(compact);
  return parts ? parts.slice(1).join('-') : text.toUpperCase().replace(/\s+/g, '');
}

/**
 * A date of birth as typed on the form, day first (`17-03-1984`, `17/3/1984`, `17.03.1984`, `17 3 1984`,
 * `17031984`), as the API's `YYYY-MM-DD`; undefined when it is not day, month and a four-digit year. Whether the day
 * exists is the schema's question.
 */
export function parseDayMonthYear(text: string): string | undefined {
  const trimmed = text.trim();
  const parts = /^(\d{1,2})\D+(\d{1,2})\D+(\d{4})$/.exec(trimmed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(trimmed);
  if (!parts) return undefined;
  const [, day = '', month = '', year = ''] = parts;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** `1984-03-17` -> `17-03-1984`, the form's spelling; anything else as it is. */
export const formatDayMonthYear = (isoDate: string): string => {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return parts ? `${parts[3]}-${parts[2]}-${parts[1]}` : isoDate;
};
