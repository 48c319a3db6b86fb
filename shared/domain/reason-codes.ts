/**
 * The one catalogue of rejection reasons. Applicants read these on the public status check, so every code a
 * rejection may carry is listed here with plain words and a next step: staff pick from it (never free text,
 * which could carry personal or stigmatising words onto a public page), and screening emits only codes listed
 * here (a unit test checks every seeded programme's rules against it).
 */

import type { Bilingual } from './bilingual.ts';
import { TASK_KINDS, TASK_STAGES, type TaskKind } from './human-task.ts';
import { REASON_CATALOGUE, type ReasonCode } from './rejection-reasons.ts';

/**
 * Where a reason may be given: automated screening, or a human task on an application (human-task.ts lists its codes).
 * Applicants read these; a payout batch is rejected in the checker's own words, for finance.
 */
export const REASON_STAGES = ['screening', ...TASK_KINDS.filter((kind) => TASK_STAGES[kind].subject === 'application')] as const;
export type ReasonStage = 'screening' | TaskKind;

export interface RejectionReason {
  code: string;
  stages: readonly ReasonStage[];
  /** A few words for a list or a select. */
  label: Bilingual;
  /** What happened, said to the applicant. */
  explanation: Bilingual;
  /** What the applicant can do now. */
  nextStep: Bilingual;
}


/** Each reason with the stages that may give it: screening's own, and the human stages that list it. */
export const REJECTION_REASONS: readonly (RejectionReason & { code: ReasonCode })[] = REASON_CATALOGUE.map(({ code, label, explanation, nextStep, ...rest }) => ({
  code,
  stages: [...('screening' in rest ? ['screening' as const] : []), ...TASK_KINDS.filter((kind) => TASK_STAGES[kind].reasonCodes.includes(code))],
  label,
  explanation,
  nextStep,
}));

const BY_CODE: ReadonlyMap<string, RejectionReason> = new Map(REJECTION_REASONS.map((r) => [r.code, r]));

/** The code the public may read: itself if the catalogue lists it, `OTHER` for anything else (never free text). */
export const publicReasonCode = (code: string): ReasonCode => (BY_CODE.has(code) ? (code as ReasonCode) : 'OTHER');

/** The codes a stage may give, in catalogue order. */
export const reasonCodesFor = (stage: ReasonStage): ReasonCode[] =>
  REJECTION_REASONS.filter((r) => r.stages.includes(stage)).map((r) => r.code);
