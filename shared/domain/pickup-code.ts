/**
 * Pickup codes for POS (post office) payouts (issue #9): printed on the household's invitation (undangan) and its QR,
 * and shown at the counter. 11 random characters of the code alphabet and a check character: 54 bits from
 * `crypto.getRandomValues` (browser-safe), so guessing one of 100,000 live codes takes about 2^37 tries, and the
 * check character turns a misread character into "not a code" before it counts as a wrong attempt. The code works
 * once: redeeming it is a conditional write on the instruction (the store's part), not a property of the text.
 *
 * Stored and written in files without separators (`7K3QM9XH2C4T`); shown to people in groups of four
 * (`7K3Q-M9XH-2C4T`). Reading one back accepts either form, in any case and with spaces.
 */
import { CODE_ALPHABET, checkCharacter, hasValidCheck } from './payment-reference.ts';

const RANDOM_CHARACTERS = 11;
export const PICKUP_CODE_LENGTH = RANDOM_CHARACTERS + 1;
// Bytes at or above this are redrawn, so that `byte % 31` is uniform.
const UNBIASED_BELOW = Math.floor(256 / CODE_ALPHABET.length) * CODE_ALPHABET.length;

export function newPickupCode(): string {
  let body = '';
  while (body.length < RANDOM_CHARACTERS) {
    for (const byte of crypto.getRandomValues(new Uint8Array(RANDOM_CHARACTERS))) {
      if (byte < UNBIASED_BELOW && body.length < RANDOM_CHARACTERS) body += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
  }
  return body + checkCharacter(body);
}

export const isPickupCode = (text: string) => text.length === PICKUP_CODE_LENGTH && hasValidCheck(text);

/** `7K3Q-M9XH-2C4T`, for invitations and the counter screen. */
export const displayPickupCode = (code: string) => code.match(/.{1,4}/g)!.join('-');

/** A code as typed or scanned, in its stored form; undefined when it is not one (wrong length, letters or check). */
export function readPickupCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  return isPickupCode(code) ? code : undefined;
}
