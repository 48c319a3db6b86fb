import { ENV } from '../catalog.ts';
import { secretSource, type SecretSource } from './secrets.ts';

/** Fail fast at cold start: a missing setting is a deployment bug, not something to limp along with. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

/**
 * The header CloudFront adds to every API request it forwards, carrying the origin secret. CloudFront overwrites a
 * viewer's own header of this name, so on AWS only requests that came through the distribution carry the secret.
 */
export const ORIGIN_VERIFY_HEADER = 'x-jaring-origin-verify';

/**
 * The viewer's bare IP address, set on every API request by our CloudFront viewer-request function, which overwrites
 * whatever the viewer sent under this name. Trusted only beside the origin secret, which proves the request passed
 * through that function. Lowercase, as CloudFront Functions name headers.
 */
export const VIEWER_ADDRESS_HEADER = 'x-jaring-viewer-address';

export const config = {
  get tableName() {
    return required(ENV.tableName);
  },
  get lifecycleStateMachineArn() {
    return required(ENV.lifecycleStateMachineArn);
  },
  get payoutStateMachineArn() {
    return required(ENV.payoutStateMachineArn);
  },
  /** Only handlers granted `paymentFiles` are given it, so it is read where a payment file is used, not at start. */
  get paymentFilesBucket() {
    return required(ENV.paymentFilesBucket);
  },
  /** Only the delivery worker is given it (catalog `sendsSms`), so it is read where an SMS is sent. */
  get smsOriginationIdentity() {
    return required(ENV.smsOriginationIdentity);
  },
  get smsRetrySeconds() {
    return positiveInteger(ENV.smsRetrySeconds, 60);
  },
  /** How long an instance keeps a programme it read before reading it again. */
  get programCacheSeconds() {
    return positiveInteger(ENV.programCacheSeconds, 30);
  },
  /** Only the handler granted `identity` is given it, so it is read where roles change, not at start. */
  get userPoolId() {
    return required(ENV.userPoolId);
  },
  /** How long an officer's claim on a task holds. */
  get claimSeconds() {
    return positiveInteger(ENV.claimSeconds, 30 * 60);
  },
  /** Applications per client per minute (a family applying for several programmes stays well below). */
  get intakeLimitPerMinute() {
    return positiveInteger(ENV.intakeLimitPerMinute, 30);
  },
  /** Public status checks per client per minute. */
  get statusCheckLimitPerMinute() {
    return positiveInteger(ENV.statusCheckLimitPerMinute, 20);
  },
  /**
   * The secret behind ORIGIN_VERIFY_HEADER: on AWS the ARN of the generated secret CloudFront sends, locally a value
   * (a random one nobody holds unless a test plays CloudFront, so the gateway's connection is the client).
   */
  get originVerifySecretSource(): SecretSource {
    return secretSource('origin', ENV.originVerifySecret, ENV.originVerifySecretArn);
  },
};
