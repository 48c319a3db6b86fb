import { DomainError } from './errors.ts';

/** Lifecycle of an aid application (DESIGN §3). */
export const APPLICATION_STATUSES = [
  'SUBMITTED',
  'SCREENING',
  'PENDING_VERIFICATION',
  'PENDING_APPROVAL',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The one transition table. Every status write is checked against it and made conditional on `from`. */
export const APPLICATION_TRANSITIONS: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  SUBMITTED: ['SCREENING', 'WITHDRAWN'],
  SCREENING: ['PENDING_VERIFICATION', 'REJECTED', 'WITHDRAWN'],
  PENDING_VERIFICATION: ['PENDING_APPROVAL', 'REJECTED', 'WITHDRAWN'],
  PENDING_APPROVAL: ['APPROVED', 'REJECTED', 'WITHDRAWN'],
  APPROVED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

/** Statuses in which the workflow still has work to do; a restart resumes applications in these. */
export const ACTIVE_STATUSES: readonly ApplicationStatus[] = APPLICATION_STATUSES.filter(
  (s) => APPLICATION_TRANSITIONS[s].length > 0,
);

/**
 * Statuses the workflow leaves on its own within seconds (no person acts in them): an application still in one
 * minutes after its last change has no execution moving it (a Lambda died between storing it and starting it).
 */
export const AUTOMATIC_STATUSES: readonly ApplicationStatus[] = ['SUBMITTED', 'SCREENING'];

/** Statuses that block a second application for the same NIK, programme and period. */
export const BLOCKING_STATUSES: readonly ApplicationStatus[] = [...ACTIVE_STATUSES, 'APPROVED'];

export const canTransition = (from: ApplicationStatus, to: ApplicationStatus): boolean =>
  APPLICATION_TRANSITIONS[from].includes(to);

export function assertTransition(from: ApplicationStatus, to: ApplicationStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('Conflict', `An application cannot move from ${from} to ${to}`, { from, to });
  }
}
