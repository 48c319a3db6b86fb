/**
 * References of payment instructions and pickup codes (issue #9), browser-safe.
 *
 * Both are written in one alphabet of 31 characters: Crockford's base 32 without Z. Crockford already leaves out
 * I, L, O and U (read as 1, 1, 0 and V); Z goes too (read as 2), and dropping it makes the alphabet's size prime,
 * which the check character needs. The last character of each code is a check character: the weighted sum
 * `sum(position * value) mod 31` over every character, check included, is 0. Because 31 is prime and the weights
 * 1..n are distinct and non-zero mod 31, this catches every single wrong character and every swap of two characters
 * (adjacent or not) in codes of up to 30 characters.
 *
 * A payment instruction's reference is `J` + 14 characters derived from SHA-256 of the entitlement id and its attempt
 * + the check character: 16 characters, the most an MT940 `:61:` customer reference holds (DESIGN §6). It is the
 * instruction's idempotency key: the same entitlement and attempt always give the same reference, a new attempt (a
 * FAILED entitlement in a later batch) a new one. The leading letter keeps spreadsheets from reading it as a number
 * (leading zeros, `1E5`). 14 characters are 69 bits: among 10 million instructions the chance that two share a
 * reference is about 1 in 10 million, and the conditional write that stores an instruction under its reference
 * refuses the second one rather than merging them.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXY';
const BASE = CODE_ALPHABET.length;

const REFERENCE_PREFIX = 'J';
const REFERENCE_BODY = 14;
export const PAYMENT_REFERENCE_LENGTH = REFERENCE_PREFIX.length + REFERENCE_BODY + 1;
const REFERENCE_SHAPE = new RegExp(`^${REFERENCE_PREFIX}[${CODE_ALPHABET}]{${REFERENCE_BODY + 1}}$`);

const valueOf = (char: string) => CODE_ALPHABET.indexOf(char);

/** The character that makes `sum(position * value)` of `body` + it equal 0 mod 31 (positions from 1). */
export function checkCharacter(body: string): string {
  if (body.length >= BASE - 1) throw new RangeError(`A checked code has at most ${BASE - 2} characters before its check`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const value = valueOf(body[i]!);
    if (value < 0) throw new RangeError(`"${body[i]}" is not in the code alphabet`);
    sum += (i + 1) * value;
  }
  const weight = body.length + 1;
  // value = -sum / weight mod 31; the inverse of weight by Fermat (31 is prime): weight^29.
  let inverse = 1;
  for (let k = 0; k < BASE - 2; k++) inverse = (inverse * weight) % BASE;
  return CODE_ALPHABET[(((BASE - (sum % BASE)) % BASE) * inverse) % BASE]!;
}

/** Whether every character is in the alphabet and the check character holds. */
export function hasValidCheck(code: string): boolean {
  if (code.length < 2 || code.length >= BASE) return false;
  let sum = 0;
  for (let i = 0; i < code.length; i++) {
    const value = valueOf(code[i]!);
    if (value < 0) return false;
    sum += (i + 1) * value;
  }
  return sum % BASE === 0;
}

/** The reference of the payment instruction for one attempt (1, 2, ...) at paying one entitlement. */
export async function paymentReference(entitlementId: string, attempt: number): Promise<string> {
  if (!entitlementId) throw new RangeError('A payment reference needs an entitlement id');
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number from 1, got ${attempt}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`jaring-payment|${entitlementId}|${attempt}`)));
  // 11 bytes (88 bits) reduced to 31^14 (about 2^69.4) values: nearly uniform (bias about 2^-18).
  let number = 0n;
  for (const byte of digest.subarray(0, 11)) number = (number << 8n) | BigInt(byte);
  let body = '';
  for (let i = 0; i < REFERENCE_BODY; i++) {
    body = CODE_ALPHABET[Number(number % BigInt(BASE))]! + body;
    number /= BigInt(BASE);
  }
  const unchecked = REFERENCE_PREFIX + body;
  return unchecked + checkCharacter(unchecked);
}

export type ReferenceProblem = 'shape' | 'check';

/** Why a text is not a payment reference: wrong shape (length, letters) or a wrong check character (a typo). */
export function paymentReferenceProblem(text: string): ReferenceProblem | undefined {
  if (!REFERENCE_SHAPE.test(text)) return 'shape';
  return hasValidCheck(text) ? undefined : 'check';
}

export const isPaymentReference = (text: string) => paymentReferenceProblem(text) === undefined;
