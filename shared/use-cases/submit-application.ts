import { newApplication, newReference, type Application } from '../domain/application.ts';
import { BLOCKING_STATUSES } from '../domain/application-status.ts';
import { bilingual } from '../domain/bilingual.ts';
import { DomainError, validationError } from '../domain/errors.ts';
import { maskPhone } from '../domain/notifications.ts';
import { periodOf, timeZoneOf } from '../domain/periods.ts';
import { isIntakeOpen, versionOf } from '../domain/programs.ts';
import type { DedupHolder } from '../ports/index.ts';
import type { CreateApplicationInput } from '../schemas/application.ts';
import type { Deps } from './deps.ts';
import { enqueueNotices, referenceResentNotice } from './notify.ts';

/** A claim whose application never got stored (its writer crashed) is released after this long. */
const ABANDONED_CLAIM_MS = 60_000;

export interface SubmittedApplication {
  applicationId: string;
  reference: string;
  status: 'SUBMITTED';
}

/** The ids a submission gives its application, minted before anything is stored. */
export type ApplicationIds = Pick<SubmittedApplication, 'applicationId' | 'reference'>;
/** Ids reserved for this submission; `earlier`: an attempt with them may have stored part of it (then died). */
type ReservedIds = ApplicationIds & { earlier: boolean };

export const mintApplicationIds = (now: Date): ApplicationIds => ({ applicationId: crypto.randomUUID(), reference: newReference(now) });

/**
 * Intake: one open or approved application per NIK, programme and period. Steps, each safe to repeat:
 * 1. claim the dedup key (conditional write), 2. store the application, 3. start its workflow.
 * `ids` reserved by an earlier attempt of the same submission (an idempotency key, once-per-key.ts) make a run again
 * finish that attempt's application: answered if it was stored, stored under its claim if only the claim was made.
 */
export async function submitApplication(deps: Deps, input: CreateApplicationInput, ids?: ReservedIds): Promise<SubmittedApplication> {
  const earlier = ids?.earlier && (await deps.applications.get(ids.applicationId));
  if (earlier) {
    if (earlier.status === 'SUBMITTED') await deps.workflow.startLifecycle(earlier.applicationId, 'intake');
    return { applicationId: earlier.applicationId, reference: earlier.reference, status: 'SUBMITTED' };
  }
  const program = await deps.programs.get(input.programId);
  if (!program) {
    throw validationError(`Unknown programme "${input.programId}"`, [{ path: 'programId', message: 'programId.unknown' }]);
  }
  const now = deps.clock.now();
  // Periods and intake days follow the applicant's own clock (WIB, WITA or WIT), from the address's province.
  const zone = timeZoneOf(input.address.provinceCode);
  if (!isIntakeOpen(program, now, zone)) {
    throw new DomainError('Conflict', `Pendaftaran ${program.name.id} sedang ditutup / intake for ${program.name.en} is closed`, { intake: program.intake });
  }
  const period = periodOf(program.periodKind, now, zone);
  const { applicationId, reference } = ids ?? mintApplicationIds(now);
  const holder: DedupHolder = { applicationId, reference, claimedAt: now.toISOString() };
  // The key holds a pseudonym, not the NIK: keys show up in places (metrics, consoles) where NIKs must not.
  const key = await deps.pseudonyms.pseudonym(`dedup|${input.nik}|${program.id}|${period}`);

  // A claim held by these same ids is this submission's own, made by an attempt that died before storing.
  const claimed = await deps.dedup.claim(key, holder);
  const existing = claimed?.applicationId === holder.applicationId ? undefined : claimed;
  const stored = existing && (await deps.applications.get(existing.applicationId));
  if (existing && !mayReplace(existing, stored, now)) {
    // A submission whose workflow failed to start is healed by the applicant's retry.
    if (stored?.status === 'SUBMITTED') await deps.workflow.startLifecycle(stored.applicationId, 'intake');
    throw await duplicate(deps, stored, now);
  }
  if (existing && !(await deps.dedup.replace(key, existing, holder))) {
    return submitApplication(deps, input, ids); // another submission won the key meanwhile; let it report itself
  }

  const app = newApplication(input, { applicationId: holder.applicationId, reference: holder.reference, period, programVersion: versionOf(program) }, now);
  // Its audit event is recorded by the workflow's first step, from the stored timeline.
  await deps.applications.create(app);
  await deps.workflow.startLifecycle(app.applicationId, 'intake');
  return { applicationId: app.applicationId, reference: app.reference, status: 'SUBMITTED' };
}

/**
 * The 409 of a NIK already registered for the programme and period. It never names the reference (whoever knows a NIK
 * would learn it): the reference goes again by SMS to the number on file, at most once an hour per application (a
 * conditional put on the hour's message id, so concurrent duplicates send one), and the 409 shows that number masked.
 * A claim whose application is not stored yet (its submission is in flight) sends nothing: that submission's own
 * message carries the reference.
 */
async function duplicate(deps: Deps, stored: Application | undefined, now: Date): Promise<DomainError> {
  if (stored) await enqueueNotices(deps, [referenceResentNotice(stored, now)]);
  const masked = stored && maskPhone(stored.phone);
  return new DomainError(
    'Duplicate',
    bilingual(
      `NIK ini sudah terdaftar untuk program dan periode ini. Nomor pendaftarannya sudah kami kirim ulang lewat SMS ke nomor yang terdaftar${masked ? ` (${masked})` : ''}.`,
      `This NIK is already registered for this programme and period. We have sent its reference again by SMS to the number on file${masked ? ` (${masked})` : ''}.`,
    ),
    masked ? { maskedPhone: masked } : {},
  );
}

/** The key may pass to a new application if its holder was closed, or was never stored and is long abandoned. */
function mayReplace(holder: DedupHolder, stored: Application | undefined, now: Date): boolean {
  if (stored) return !BLOCKING_STATUSES.includes(stored.status);
  return now.getTime() - Date.parse(holder.claimedAt) > ABANDONED_CLAIM_MS;
}
