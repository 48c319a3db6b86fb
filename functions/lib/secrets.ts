/**
 * Secrets from the environment: on AWS the ARN of a Secrets Manager secret, read when first needed; locally (and
 * in tests) the value itself.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { secretsClient } from './clients.ts';

export type SecretSource = { value: string } | { secretArn: string };

/** Where the `name` secret comes from; a missing setting names both variables that could give it. */
export function secretSource(name: string, valueVariable: string, arnVariable: string): SecretSource {
  const value = process.env[valueVariable];
  if (value) return { value };
  const secretArn = process.env[arnVariable];
  if (secretArn) return { secretArn };
  throw new Error(`Missing environment variable ${arnVariable} (or ${valueVariable} locally) for the ${name} secret`);
}

export async function readSecret(source: SecretSource, name: string): Promise<string> {
  if ('value' in source) return source.value;
  const { SecretString } = await secretsClient().send(new GetSecretValueCommand({ SecretId: source.secretArn }));
  if (!SecretString || SecretString.length < 32) throw new Error(`The ${name} secret is missing or too short`);
  return SecretString;
}
