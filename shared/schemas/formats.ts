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
