/**
 * Printable invitations (undangan) of a payout batch's POS households (issue #9 deliverable 5), made on request from
 * the batch's frozen instructions. Only once the checker approved the batch and its payment file exists: before
 * that the pickup codes must not leave the office. A batch is printed in parts of INVITATIONS_PER_PART households,
 * so that each file stays inside what one HTTP response carries (6 MB on Lambda) and one handler's time.
 */
import { bilingual } from '../domain/bilingual.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { collectionWindow, isPosInstruction, type Bilingual, type CollectionWindow, type PosInstruction } from '../domain/invitation.ts';
import { EXPORTED_STATUSES, PAYOUT_BATCH_LABELS, type PayoutBatch } from '../domain/payout-batch.ts';
import { localDate, timeZoneOf } from '../domain/periods.ts';
import type { StaffUser } from '../domain/staff.ts';
import type { Deps } from './deps.ts';
import { batchFor } from './payout-access.ts';

/** About 3 MB of PDF and a few seconds of drawing. */
export const INVITATIONS_PER_PART = 1_000;
/** Instructions read from the store at a time. */
const PAGE = 200;

export interface InvitationsRequest {
  /** 1 for the first INVITATIONS_PER_PART households, 2 for the next ones... */
  part: number;
  /** How many days, from today, the post office pays out. */
  days: number;
}

export interface InvitationsPart {
  batch: PayoutBatch;
  programme: Bilingual;
  window: CollectionWindow;
  /** The part's households, read from the store as they are drawn. */
  households: AsyncIterable<PosInstruction>;
  /** Whether a next part follows; known once `households` has been read to its end. */
  hasNextPart: () => boolean;
}

async function* posHouseholds(deps: Pick<Deps, 'instructions'>, batchId: string): AsyncGenerator<PosInstruction> {
  let cursor: string | undefined;
  do {
    const page = await deps.instructions.inBatch(batchId, { cursor, limit: PAGE });
    yield* page.items.filter(isPosInstruction);
    cursor = page.cursor;
  } while (cursor);
}

/** Refuses with 404/403 as every batch route does, 409 before approval or without POS households. */
export async function invitationsPart(deps: Pick<Deps, 'payoutBatches' | 'instructions' | 'programs' | 'clock'>, user: StaffUser, batchId: string, request: InvitationsRequest): Promise<InvitationsPart> {
  const batch = await batchFor(deps, user, batchId, 'payout.read');
  if (!EXPORTED_STATUSES.includes(batch.status)) {
    const label = PAYOUT_BATCH_LABELS[batch.status];
    throw new DomainError('Conflict', bilingual(
      `Undangan dapat dicetak setelah kumpulan pembayaran disetujui dan berkas pembayarannya dibuat; kumpulan ini ${label.id}`,
      `Invitations can be printed once the payout batch is approved and its payment file is made; this batch is ${label.en}`,
    ), { status: batch.status });
  }
  const program = await deps.programs.get(batch.programId);
  const households = posHouseholds(deps, batchId);
  for (let skip = (request.part - 1) * INVITATIONS_PER_PART; skip > 0; skip--) if ((await households.next()).done) break;
  const first = await households.next();
  if (first.done) {
    if (request.part === 1) {
      throw new DomainError('Conflict', bilingual(
        'Kumpulan pembayaran ini tidak memiliki penerima yang mengambil di Kantor Pos, jadi tidak ada undangan untuk dicetak',
        'This payout batch has no households that collect at the post office, so there are no invitations to print',
      ));
    }
    throw notFound(bilingual(`Undangan kumpulan ini tidak sampai bagian ${request.part}`, `This batch's invitations have no part ${request.part}`));
  }
  let hasNextPart = false;
  async function* part() {
    yield first.value;
    for (let taken = 1; taken < INVITATIONS_PER_PART; taken++) {
      const next = await households.next();
      if (next.done) return;
      yield next.value;
    }
    hasNextPart = !(await households.next()).done;
  }
  return {
    batch,
    programme: program?.name ?? { id: batch.programId, en: batch.programId },
    // The office prints and hands out the invitations today, on the city's clock.
    window: collectionWindow(localDate(deps.clock.now(), timeZoneOf(batch.regencyCode)), request.days),
    households: part(),
    hasNextPart: () => hasNextPart,
  };
}

/** Every download is on the batch's audit trail: who, when, which part and the file's SHA-256. */
export async function recordInvitationsDownload(deps: Pick<Deps, 'audit' | 'clock'>, user: StaffUser, batchId: string, file: { part: number; pages: number; sha256: string }): Promise<void> {
  const at = deps.clock.now().toISOString();
  await deps.audit.record(batchId, [{
    eventId: `invitations:${file.part}:${user.username}:${at}`, actor: user.username, action: 'INVITATIONS_DOWNLOADED', at,
    detail: { part: String(file.part), pages: String(file.pages), sha256: file.sha256 },
  }]);
}
