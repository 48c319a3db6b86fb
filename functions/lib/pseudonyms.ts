/**
 * The pseudonym key, from the environment: on AWS the ARN of a Secrets Manager secret (read on first use),
 * locally the key itself (hex, generated under .data/ by the local runtime).
 */
import { hmacPseudonymizer, type Pseudonymizer } from '../../shared/domain/hash.ts';
import { ENV } from '../catalog.ts';
import { readSecret, secretSource } from './secrets.ts';

async function loadKey(): Promise<Uint8Array<ArrayBuffer>> {
  const source = secretSource('pseudonym', ENV.pseudonymKey, ENV.pseudonymSecretArn);
  const secret = await readSecret(source, 'pseudonym');
  return 'value' in source ? new Uint8Array(Buffer.from(secret, 'hex')) : new TextEncoder().encode(secret);
}

/** One per process; the key is loaded on first use, so handlers that never pseudonymize never ask for it. */
export const pseudonyms: Pseudonymizer = hmacPseudonymizer(loadKey);
