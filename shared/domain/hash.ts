/** SHA-256 as hex through Web Crypto, available in browsers and Node alike. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Turns an identifier (NIK, KK, a client address) into a stable key that cannot be reversed without a secret.
 * A plain hash of a NIK can: district, birth date and a 4-digit serial leave few enough guesses to try all.
 */
export interface Pseudonymizer {
  pseudonym(text: string): Promise<string>;
}

/** HMAC-SHA-256 through Web Crypto, with a secret key loaded on first use. */
export function hmacPseudonymizer(loadKey: () => Promise<Uint8Array<ArrayBuffer>>): Pseudonymizer {
  let cryptoKey: Promise<CryptoKey> | undefined;
  return {
    async pseudonym(text) {
      cryptoKey ??= loadKey().then((raw) => crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
      const mac = await crypto.subtle.sign('HMAC', await cryptoKey, new TextEncoder().encode(text));
      return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('');
    },
  };
}
