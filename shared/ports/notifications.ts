/**
 * The outbox of messages to applicants and the SMS provider it delivers through (docs/NOTIFICATIONS.md).
 * Only types here, so `shared/` stays browser-safe.
 */
import type { Notice } from '../domain/notifications.ts';
import type { Page } from './payouts.ts';

/** PENDING: waiting for its next attempt (or in one); SENT: the provider took it; DEAD: given up, for staff to see. */
export const OUTBOX_STATUSES = ['PENDING', 'SENT', 'DEAD'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A message as the outbox keeps it: no phone number (read from the application at each attempt). */
export interface OutboxMessage extends Notice {
  messageId: string;
  status: OutboxStatus;
  /** Attempts begun so far (a claim counts one). */
  attempts: number;
  createdAt: string;
  /** When a PENDING message is next due: its next attempt, or the end of the current attempt's lease. */
  dueAt: string;
  sentAt?: string;
  deadAt?: string;
  /** The provider's id of the message it accepted. */
  providerMessageId?: string;
  /** The kind of the last failure (an error name such as `ThrottlingException`), never its text. */
  lastError?: string;
}

/** What an attempt came to, recorded if the attempt is still the message's latest. */
export type AttemptOutcome =
  | { status: 'SENT'; at: string; providerMessageId: string }
  | { status: 'PENDING'; dueAt: string; error: string }
  | { status: 'DEAD'; at: string; error: string };

export interface Outbox {
  /** Stores the message unless one with its id exists (a conditional put): true if this call stored it. */
  enqueue(message: OutboxMessage): Promise<boolean>;
  get(messageId: string): Promise<OutboxMessage | undefined>;
  /** PENDING messages due at `now`, earliest first. */
  due(now: string, limit: number): Promise<OutboxMessage[]>;
  /**
   * Begins an attempt on a PENDING message that still has `attempts` attempts (one conditional write): counts it and
   * makes the message due again at `leaseUntil`, so an attempt whose worker dies is taken up again. Undefined when
   * another worker claimed it first or it is no longer PENDING.
   */
  claim(messageId: string, attempts: number, leaseUntil: string): Promise<OutboxMessage | undefined>;
  /** Records the outcome of attempt `attempt` if the message is PENDING at that attempt still; false otherwise. */
  settle(messageId: string, attempt: number, outcome: AttemptOutcome): Promise<boolean>;
  /** Messages in one status, newest first. */
  list(status: OutboxStatus, page: { cursor?: string; limit: number }): Promise<Page<OutboxMessage>>;
}

/** One text message to one phone. `messageId` travels with it, so the provider's records can be matched to the outbox. */
export interface Sms {
  to: string;
  body: string;
  messageId: string;
}

export interface SmsSender {
  /** Hands the message to the provider; throws when the provider refuses it or cannot be reached. */
  send(sms: Sms): Promise<{ providerMessageId: string }>;
}
