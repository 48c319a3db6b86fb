/**
 * The delivery worker (docs/NOTIFICATIONS.md#delivery): claims each due message by a conditional write, reads the
 * phone number from the application (the outbox holds none), sends, and records SENT, a retry after an exponential
 * backoff, or DEAD after the last attempt. At least once towards the provider: a worker that dies mid-attempt leaves
 * the message due again when its lease ends.
 */
import { eachLimit } from '../concurrency.ts';
import type { OutboxMessage } from '../ports/notifications.ts';
import type { Deps } from './deps.ts';

export const DELIVERY = {
  /** Attempts before a message is dead-lettered. */
  maxAttempts: 5,
  /** A claimed attempt holds the message this long; a worker that dies is taken over after it. */
  leaseSeconds: 120,
  /** Retries never wait longer than this. */
  maxDelaySeconds: 6 * 3600,
  /** Messages claimed per round, and sent at once. */
  batch: 25,
  concurrency: 5,
} as const;

/** The wait after failed attempt `attempt` (1, 2, ...): `base`, then twice as long each time, capped. */
export const retryDelaySeconds = (attempt: number, baseSeconds: number) => Math.min(baseSeconds * 2 ** (attempt - 1), DELIVERY.maxDelaySeconds);

export type DeliveryDeps = Pick<Deps, 'outbox' | 'sms' | 'applications' | 'metrics' | 'clock'>;

export interface DeliveryRound {
  /** Messages this round found due. */
  due: number;
  sent: string[];
  retried: { messageId: string; error: string }[];
  dead: { messageId: string; error: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The name of what went wrong, never its text: a provider's message may quote the phone number. */
const errorKind = (error: unknown) => (error instanceof Error && /^[A-Za-z][\w.]{0,80}$/.test(error.name) ? error.name : 'Error');

/** One round over the messages due now. */
export async function deliverDueNotifications(deps: DeliveryDeps, options: { retrySeconds: number }): Promise<DeliveryRound> {
  const now = deps.clock.now();
  const due = await deps.outbox.due(now.toISOString(), DELIVERY.batch);
  const round: DeliveryRound = { due: due.length, sent: [], retried: [], dead: [] };
  await eachLimit(due, DELIVERY.concurrency, async (message) => {
    const outcome = await attempt(deps, message, options.retrySeconds);
    if (outcome?.status === 'SENT') round.sent.push(message.messageId);
    else if (outcome?.status === 'PENDING') round.retried.push({ messageId: message.messageId, error: outcome.error });
    else if (outcome?.status === 'DEAD') round.dead.push({ messageId: message.messageId, error: outcome.error });
  });
  deps.metrics.record([
    { metric: 'NotificationsSent', value: round.sent.length },
    { metric: 'NotificationsFailed', value: round.retried.length },
    { metric: 'NotificationsDead', value: round.dead.length },
  ]);
  return round;
}

/** Claims, sends and records one message; undefined when another worker had it. */
async function attempt(deps: DeliveryDeps, message: OutboxMessage, retrySeconds: number) {
  const startedAt = deps.clock.now().getTime();
  if (message.attempts >= DELIVERY.maxAttempts) {
    // Its last attempt's worker died before it recorded an outcome.
    return settle(deps, message.messageId, message.attempts, { status: 'DEAD', at: iso(startedAt), error: 'AttemptInterrupted' });
  }
  const claimed = await deps.outbox.claim(message.messageId, message.attempts, iso(startedAt + DELIVERY.leaseSeconds * 1000));
  if (!claimed) return undefined;
  const app = await deps.applications.get(claimed.applicationId);
  if (!app) return settle(deps, claimed.messageId, claimed.attempts, { status: 'DEAD', at: iso(startedAt), error: 'ApplicationGone' });
  try {
    // Indonesian: the language of the office and of the applicant's page; the English text is for staff and a later choice.
    const { providerMessageId } = await deps.sms.send({ to: app.phone, body: claimed.text.id, messageId: claimed.messageId });
    return settle(deps, claimed.messageId, claimed.attempts, { status: 'SENT', at: deps.clock.now().toISOString(), providerMessageId });
  } catch (error) {
    const kind = errorKind(error);
    const at = deps.clock.now().getTime();
    if (claimed.attempts >= DELIVERY.maxAttempts) return settle(deps, claimed.messageId, claimed.attempts, { status: 'DEAD', at: iso(at), error: kind });
    return settle(deps, claimed.messageId, claimed.attempts, { status: 'PENDING', dueAt: iso(at + retryDelaySeconds(claimed.attempts, retrySeconds) * 1000), error: kind });
  }
}

async function settle<O extends Parameters<DeliveryDeps['outbox']['settle']>[2]>(deps: DeliveryDeps, messageId: string, attempt: number, outcome: O): Promise<O | undefined> {
  return (await deps.outbox.settle(messageId, attempt, outcome)) ? outcome : undefined;
}
