/**
 * The pseudonym key, from the environment: on AWS the ARN of a Secrets Manager secret (read once per cold
 * start, on first use), locally the key itself (generated under .data/ by the local runtime).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { hmacPseudonymizer, type Pseudonymizer } from '../../shared/domain/hash.ts';
import { ENV } from '../catalog.ts';

async function loadKey(): Promise<Uint8Array<ArrayBuffer>> {
  const local = process.env[ENV.pseudonymKey];
  if (local) return new Uint8Array(Buffer.from(local, 'hex'));
  const secretArn = process.env[ENV.pseudonymSecretArn];
  if (!secretArn) throw new Error(`Missing environment variable ${ENV.pseudonymSecretArn} (or ${ENV.pseudonymKey} locally)`);
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!SecretString || SecretString.length < 32) throw new Error('The pseudonym secret is missing or too short');
    return new TextEncoder().encode(SecretString);
  } finally {
    client.destroy();
  }
}

/** One per process; the key is loaded on first use, so handlers that never pseudonymize never ask for it. */
export const pseudonyms: Pseudonymizer = hmacPseudonymizer(loadKey);
