/**
 * Idempotency keys (issue #11): a request sent again under the same key (a phone that lost the response, a queued
 * submission sent twice, two taps) gets the first outcome, and its work is done once.
 *
 * One item per key. The attempt that claims it first stores the request's fingerprint, the ids it will create and a
 * lease; then it works, then records the outcome. What another request under the key sees:
 * - another fingerprint: 422, the key belongs to another request;
 * - an outcome: that outcome;
 * - a live lease (the first attempt is still working): it waits for the outcome, up to WAIT_MS, polling; a phone
 *   that retries after a lost response so gets its 201, not an error to handle. Past WAIT_MS (a first attempt that is
 *   slow or died a moment ago) it answers 409 `InProgress` with Retry-After, and the retry resolves it;
 * - a lease run out (the first attempt died between its writes): it takes the key over, with the ids the first one
 *   reserved, so the work it finishes is the same work (the application the dead attempt stored, not a second one).
 * A refused request (a DomainError: 4xx) is forgotten, not remembered: the applicant may correct it and send it again
 * under the same key. An unexpected failure ends the lease at once, so the retry takes over with the same ids.
 */
import { DomainError } from '../domain/errors.ts';
import type { KeyedRequest } from '../ports/idempotency.ts';
import type { Deps } from './deps.ts';

/** A key is kept this long at least (the contract says 24 hours; resends come within minutes). */
export const KEY_TTL_MS = 24 * 3600_000;
/** Above a handler's longest run (functions/catalog.ts: 20 s), so only a dead attempt's lease runs out. */
export const LEASE_MS = 30_000;
/** How long a second request waits for the first one's outcome, well below the handler's timeout. */
export const WAIT_MS = 8_000;
const POLL_MS = { first: 50, max: 400 };

export interface OncePerKey<R, T> {
  /** The key, scoped to its route by the caller (`create-application:<key>`). */
  key: string;
  /** Identifies the request's content: the same request gives the same fingerprint. */
  fingerprint: string;
  /** What a first attempt reserves before working (fresh ids). */
  reserve: () => R;
  /** The work, with the reservation of whichever attempt does it; `takingOver`: a dead attempt may have done part. */
  run: (reserved: R, takingOver: boolean) => Promise<T>;
}

export async function oncePerKey<R, T>(
  deps: Pick<Deps, 'idempotency' | 'clock'>,
  request: OncePerKey<R, T>,
): Promise<T> {
  const store = deps.idempotency;
  const started = deps.clock.now().getTime();
  const mine: KeyedRequest = { fingerprint: request.fingerprint, reserved: request.reserve(), attempt: crypto.randomUUID(), leaseUntil: leaseFrom(started) };
  let existing = await store.claim(request.key, mine, new Date(started + KEY_TTL_MS), new Date(started));
  if (!existing) return work(deps, request, mine, false);
  for (let pause = POLL_MS.first; ; pause = Math.min(POLL_MS.max, pause * 2)) {
    if (existing.fingerprint !== request.fingerprint) throw keyReused();
    // Written by the attempt that did the work, from `run`'s own result.
    if (existing.outcome !== undefined) return existing.outcome as T;
    const now = deps.clock.now().getTime();
    if (Date.parse(existing.leaseUntil) <= now) {
      const taking = { attempt: mine.attempt, leaseUntil: leaseFrom(now) };
      if (await store.takeOver(request.key, existing.attempt, taking)) return work(deps, request, { ...existing, ...taking }, true);
    } else if (now - started >= WAIT_MS) {
      throw stillWorking(Math.ceil((Date.parse(existing.leaseUntil) - now) / 1000));
    } else {
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    // Forgotten meanwhile (the first request was refused): this one claims it afresh.
    existing = (await store.get(request.key, deps.clock.now())) ?? (await store.claim(request.key, mine, new Date(now + KEY_TTL_MS), new Date(now)));
    if (!existing) return work(deps, request, mine, false);
  }
}

const leaseFrom = (ms: number) => new Date(ms + LEASE_MS).toISOString();

async function work<R, T>(
  deps: Pick<Deps, 'idempotency' | 'clock'>,
  request: OncePerKey<R, T>,
  held: KeyedRequest,
  takingOver: boolean,
): Promise<T> {
  const store = deps.idempotency;
  let outcome: T;
  try {
    outcome = await request.run(held.reserved as R, takingOver);
  } catch (error) {
    if (error instanceof DomainError) await store.forget(request.key, held.attempt);
    // Nothing to add if this write fails too: the lease runs out by itself.
    else await store.endLease(request.key, held.attempt, deps.clock.now()).catch(() => undefined);
    throw error;
  }
  await store.complete(request.key, held.attempt, outcome);
  return outcome;
}

const keyReused = () => new DomainError(
  'IdempotencyKeyReused',
  'Kunci pengiriman (Idempotency-Key) ini sudah dipakai untuk pendaftaran dengan isian lain; mulai pendaftaran baru untuk isian ini / '
  + 'this submission key (Idempotency-Key) was already used for an application with other answers; start a new application for these answers',
);

const stillWorking = (retryAfterSeconds: number) => new DomainError(
  'InProgress',
  'Pendaftaran yang sama masih diproses; kirim ulang sebentar lagi, tidak akan tercatat dua kali / '
  + 'the same application is still being processed; send it again in a moment, it will not be recorded twice',
  { retryAfterSeconds: Math.max(1, retryAfterSeconds) },
);
