/** The idempotency port (shared/use-cases/once-per-key.ts): only types, as every port. */

/**
 * What an idempotency key holds (issue #11): the fingerprint of the request first sent under it, what the attempt
 * that claimed it reserved before working (the ids it creates, so an attempt that takes over after a crash creates
 * the same things), the attempt holding it and until when, and once done, the outcome every resend answers.
 */
export interface KeyedRequest {
  fingerprint: string;
  reserved: unknown;
  attempt: string;
  /** ISO instant: until then the attempt is presumed alive; after it, another attempt may take over. */
  leaseUntil: string;
  outcome?: unknown;
}

/** Keys and their requests, kept at least until `expiresAt` (TTL on AWS; the store also ignores expired ones). */
export interface IdempotencyStore {
  /** Stores `request` under `key` unless a live one is there: undefined when this attempt claimed it, else that one. */
  claim(key: string, request: KeyedRequest, expiresAt: Date, now: Date): Promise<KeyedRequest | undefined>;
  get(key: string, now: Date): Promise<KeyedRequest | undefined>;
  /** Hands an unfinished key from `from` to `to.attempt` (conditional on `from` holding it): false if another did. */
  takeOver(key: string, from: string, to: Pick<KeyedRequest, 'attempt' | 'leaseUntil'>): Promise<boolean>;
  /** Records the outcome of the attempt holding the key. */
  complete(key: string, attempt: string, outcome: unknown): Promise<void>;
  /** Forgets an unfinished key the attempt holds (its request was refused: a corrected one may use the key). */
  forget(key: string, attempt: string): Promise<void>;
  /** Ends the attempt's lease now (it failed after it may have stored part of its work): a retry takes over at once. */
  endLease(key: string, attempt: string, now: Date): Promise<void>;
}
