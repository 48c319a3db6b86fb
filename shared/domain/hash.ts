import { loadedOnce } from '../loaded-once.ts';

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 as hex through Web Crypto, available in browsers and Node alike. */
export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/**
 * Turns an identifier (NIK, KK, a client address) into a stable key that cannot be reversed without a secret.
 * A plain hash of a NIK can: district, birth date and a 4-digit serial leave few enough guesses to try all.
 */
export interface Pseudonymizer {
  pseudonym(text: string): Promise<string>;
}

/** HMAC-SHA-256 through Web Crypto, with a secret key loaded on first use (and again after a failed load). */
export function hmacPseudonymizer(loadKey: () => Promise<Uint8Array<ArrayBuffer>>): Pseudonymizer {
  const cryptoKey = loadedOnce(async () => crypto.subtle.importKey('raw', await loadKey(), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
  return {
    async pseudonym(text) {
      return hex(await crypto.subtle.sign('HMAC', await cryptoKey(), new TextEncoder().encode(text)));
    },
  };
}
