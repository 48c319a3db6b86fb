import * as z from 'zod';
import { textSchema } from './text.ts';

/** An officer suspends, resumes or ends an enrolment, always saying why (the reason goes into the audit trail). */
export const enrolmentChangeSchema = z.strictObject({
  action: z.enum(['SUSPEND', 'RESUME', 'END']),
  reason: textSchema('enrolmentReason'),
});
