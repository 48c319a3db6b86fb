/**
 * Enqueueing messages to applicants (docs/NOTIFICATIONS.md). Every enqueue is a conditional put under a deterministic
 * message id, so the step that enqueues may run any number of times (a retry, a re-entered workflow, two duplicates at
 * once) and the applicant still gets one message per (application, event).
 */
import type { Application } from '../domain/application.ts';
import { hourSlot, messageIdOf, notice, STATUS_EVENTS, type Notice, type NotificationEvent } from '../domain/notifications.ts';
import type { PaymentInstruction } from '../domain/payment-instruction.ts';
import type { Deps } from './deps.ts';

export type NotifyDeps = Pick<Deps, 'outbox' | 'clock'>;

/** Puts each notice in the outbox unless it is there already; how many this call added. */
export async function enqueueNotices(deps: NotifyDeps, notices: readonly Notice[]): Promise<number> {
  const at = deps.clock.now().toISOString();
  let added = 0;
  for (const n of notices) {
    if (await deps.outbox.enqueue({ ...n, messageId: messageIdOf(n), status: 'PENDING', attempts: 0, createdAt: at, dueAt: at })) added++;
  }
  return added;
}

/** The messages of every status the application has passed through, derived from its stored timeline alone. */
export function timelineNotices(app: Application): Notice[] {
  return app.timeline.flatMap((entry): Notice[] => {
    const event = STATUS_EVENTS[entry.status];
    if (!event) return [];
    if (event === 'rejected') return [notice(app.applicationId, event, { reference: app.reference, reasonCode: app.reasonCodes[0] ?? 'OTHER' })];
    return [notice(app.applicationId, event, { reference: app.reference })];
  });
}

/** An officer's request for information: one message per request (its time tells requests apart). */
export const informationRequestNotice = (app: Pick<Application, 'applicationId' | 'reference'>, requestedAt: string) =>
  notice(app.applicationId, 'information-requested', { reference: app.reference }, requestedAt);

/** The reference sent again to the number on file after a duplicate submission: once per application and hour. */
export const referenceResentNotice = (app: Pick<Application, 'applicationId' | 'reference'>, now: Date) =>
  notice(app.applicationId, 'reference-resent', { reference: app.reference }, hourSlot(now));

/** A payment's message: one per payment instruction (an entitlement's period in one batch) and event. */
export const paymentNotice = (
  i: Pick<PaymentInstruction, 'applicationId' | 'applicationReference' | 'amount' | 'reference'>,
  event: Extract<NotificationEvent, `payment-${string}`>,
  period: string,
) => notice(i.applicationId, event, { reference: i.applicationReference, amount: i.amount, period }, i.reference);
