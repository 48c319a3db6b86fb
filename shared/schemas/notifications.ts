import * as z from 'zod';
import { OUTBOX_STATUSES } from '../ports/notifications.ts';
import { pageQuerySchema } from './payout.ts';

/** `GET /api/notifications?status=&cursor=&limit=`: one status at a time, the dead letters unless another is asked for. */
export const notificationQuerySchema = pageQuerySchema.extend({
  status: z.enum(OUTBOX_STATUSES, 'status must be PENDING, SENT or DEAD').default('DEAD'),
});
