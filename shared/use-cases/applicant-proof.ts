import type { AuditEventInput } from '../domain/audit.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { ApplicationRepository, AttemptWindow, AuditLog } from '../ports/index.ts';
import type { Deps } from './deps.ts';
import { attemptWindow, secondsUntilEnd, windowEnd } from './attempt-window.ts';

/**
 * Wrong NIKs one reference may be given per window. An applicant who mistypes a few times gets through; someone
 * holding a slip and guessing NIKs from many addresses (which the per-client limit cannot stop) gets ten guesses an
 * hour, where the staff mask leaves at least 10,000 candidates.
 */
export const WRONG_NIK_LIMIT = 10;
export const WRONG_NIK_WINDOW_SECONDS = 3600;

const UNKNOWN = 'No application with this reference and NIK';
/** The lock's audit events are the guesser's, who is nobody we know. */
const ANONYMOUS_ACTOR = 'anonymous';

/**
 * The applicant's proof, a reference and the NIK behind it (the status check now, withdrawal next): the id of the
 * application, or the same 404 for an unknown reference and a wrong NIK after the same work.
 *
 * Every attempt is counted against the reference before the NIK is compared (a conditional write, so a burst
 * cannot slip past the limit), and a right NIK is given back, so only wrong ones count. Past the limit the reference
 * answers 429 until the window ends, the right NIK too, or the limit would only slow the guessing down. Unknown
 * references are counted and locked alike, under a pseudonym of the reference as for any other: a lock answered
 * only for real references would tell which exist. The lock of a real application is an audit event on its chain,
 * once per window (a deterministic id), so guessing cannot grow the chain faster than one event an hour.
 */
export async function applicationOfApplicant(
  deps: Pick<Deps, 'attempts' | 'pseudonyms' | 'clock'> & { applications: Pick<ApplicationRepository, 'findByReference'>; audit: Pick<AuditLog, 'record'> },
  reference: string,
  nik: string,
): Promise<string> {
  const now = deps.clock.now();
  const window = attemptWindow(now, WRONG_NIK_WINDOW_SECONDS);
  const key = `wrong-nik#${await deps.pseudonyms.pseudonym(`reference|${reference}`)}`;
  const taken = await deps.attempts.take(key, window, WRONG_NIK_LIMIT);
  if (taken === undefined) throw locked(window, now);
  const found = await deps.applications.findByReference(reference);
  // An unknown reference compares against zeros: the same work as a wrong NIK.
  const matches = constantTimeEqual(found?.nik ?? '0'.repeat(16), nik);
  if (found && matches) {
    await deps.attempts.giveBack(key, window);
    return found.applicationId;
  }
  // The last wrong NIK the window lets through locks the reference.
  if (found && taken === WRONG_NIK_LIMIT) await deps.audit.record(found.applicationId, [lockEvent(window, now)]);
  throw notFound(UNKNOWN);
}

function locked(window: AttemptWindow, now: Date): DomainError {
  const retryAfterSeconds = secondsUntilEnd(window, now);
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new DomainError(
    'TooManyRequests',
    `Terlalu banyak NIK salah untuk nomor pendaftaran ini; coba lagi dalam ${minutes} menit / too many wrong NIKs for this reference, retry in ${minutes} min`,
    { retryAfterSeconds },
  );
}

const lockEvent = (window: AttemptWindow, now: Date): AuditEventInput => ({
  eventId: `wrong-nik-limit:${window.index}`,
  actor: ANONYMOUS_ACTOR,
  action: 'WRONG_NIK_LIMIT_REACHED',
  detail: { wrongNiks: String(WRONG_NIK_LIMIT), lockedUntil: windowEnd(window).toISOString() },
  at: now.toISOString(),
});

/** Compares in time that does not depend on where the two differ. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
