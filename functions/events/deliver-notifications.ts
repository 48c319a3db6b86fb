import type { ScheduledEvent } from 'aws-lambda';
import { DELIVERY, deliverDueNotifications } from '../../shared/use-cases/deliver-notifications.ts';
import { config } from '../lib/config.ts';
import { smsProvider } from '../lib/adapters/end-user-messaging-sms.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { observed } from '../lib/observability.ts';

const deps = buildDeps({ sms: smsProvider() });

/** A round is started only with this much time left: it sends at most a batch, each send bounded by the SDK. */
const ROUND_MS = 15_000;

/**
 * Run every minute (EventBridge on AWS, a timer locally): sends the messages due, round after round while rounds come
 * back full and time is left. Log lines carry message ids and error names only, never a number or a text.
 */
export const handler = observed<ScheduledEvent | undefined, { sent: number; retried: number; dead: number }>().handler(async (_event, context) => {
  const total = { sent: 0, retried: 0, dead: 0 };
  for (;;) {
    const round = await deliverDueNotifications(deps, { retrySeconds: config.smsRetrySeconds });
    total.sent += round.sent.length;
    total.retried += round.retried.length;
    total.dead += round.dead.length;
    if (round.retried.length) logger.warn('SMS attempts failed; retrying later', { retried: round.retried });
    if (round.dead.length) logger.error('SMS messages dead-lettered', { dead: round.dead });
    if (round.due < DELIVERY.batch || context.getRemainingTimeInMillis() < ROUND_MS) break;
  }
  if (total.sent) logger.info('SMS messages sent', { sent: total.sent });
  return total;
});
