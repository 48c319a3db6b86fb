import { NOTIFICATION_EVENTS } from '../domain/notifications.ts';
import { authorize, type StaffUser } from '../domain/staff.ts';
import type { OutboxStatus } from '../ports/notifications.ts';
import type { Deps } from './deps.ts';

/** The admin's view of the outbox: a page of messages in one status, newest first, with when each fires. */
export async function listNotifications(deps: Pick<Deps, 'outbox'>, user: StaffUser, status: OutboxStatus, page: { cursor?: string; limit: number }) {
  authorize(user, 'notifications.read');
  const found = await deps.outbox.list(status, page);
  return {
    items: found.items.map((m) => ({
      messageId: m.messageId, applicationId: m.applicationId, reference: m.reference, event: m.event, label: NOTIFICATION_EVENTS[m.event].label, fires: NOTIFICATION_EVENTS[m.event].fires,
      status: m.status, attempts: m.attempts, createdAt: m.createdAt, dueAt: m.status === 'PENDING' ? m.dueAt : null,
      sentAt: m.sentAt ?? null, deadAt: m.deadAt ?? null, lastError: m.lastError ?? null, text: m.text,
    })),
    nextCursor: found.cursor ?? null,
  };
}
