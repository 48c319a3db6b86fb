import type { ApplicationStatus } from './application-status.ts';
import { maskKk, maskNik } from './identity.ts';
import { publicReasonCode } from './reason-codes.ts';
import type { CreateApplicationInput } from '../schemas/application.ts';
import { TASK_STAGES, type TaskKind } from './human-task.ts';
import type { Priority } from './priority.ts';

/** Things screening noticed that a verifier must look at; they do not decide anything by themselves. */
export const FLAG_CODES = ['NOT_IN_REGISTRY', 'REGISTRY_DISTRICT_MISMATCH', 'HOUSEHOLD_ALREADY_APPLIED'] as const;
export type FlagCode = (typeof FLAG_CODES)[number];
export interface Flag {
  code: FlagCode;
  detail?: string;
}

/** One line of the explanation a verifier sees: which circumstance added how many points (rules/priority.ts). */
/** What automated screening found, kept on the application for the verifier. */
export interface ScreeningOutcome {
  desil: number | null;
  priority: Priority;
  flags: Flag[];
}

export interface InfoRequest {
  message: string;
  requestedAt: string;
  /** The stage that asked: the request shows only while the application still waits there. */
  kind: TaskKind;
}

export interface TimelineEntry {
  status: ApplicationStatus;
  at: string;
  /** Who moved it: `applicant`, a staff username or the workflow. Not shown publicly. */
  actor: string;
}

export interface Application extends Omit<CreateApplicationInput, 'consent'> {
  applicationId: string;
  /** Short, human-readable, given to the applicant (e.g. on an SMS or a printed slip). */
  reference: string;
  period: string;
  status: ApplicationStatus;
  timeline: TimelineEntry[];
  reasonCodes: string[];
  screening?: ScreeningOutcome;
  /** A verifier's or approver's request to the applicant, shown on the public status check while it waits. */
  infoRequest?: InfoRequest;
  consentAt: string;
  /** The programme's version it was submitted under, which its screening, tasks and enrolment follow (absent before versions). */
  programVersion?: number;
  createdAt: string;
  updatedAt: string;
  /** Who made the latest status change: the applicant, a staff username or the workflow. */
  updatedBy: string;
}

const APPLICANT_ACTOR = 'applicant';

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I: read aloud over the phone

/**
 * `JRG-YYMM-XXXXX-XXXXX`: 50 random bits, so references cannot be enumerated; even at a million applications
 * a month the chance of two sharing one is about 4 in 10,000 a month (a city's volume: about 4 in 100 million).
 */
const APPLICATION_REFERENCE = new RegExp(`^JRG-[0-9]{4}-[${REFERENCE_ALPHABET}]{5}-[${REFERENCE_ALPHABET}]{5}$`);
/** Whether `text` has the shape of an application reference (it says nothing of whether one exists). */
export const isApplicationReference = (text: string) => APPLICATION_REFERENCE.test(text);

export function newReference(now: Date, random: Uint8Array = crypto.getRandomValues(new Uint8Array(10))): string {
  const yymm = now.toISOString().slice(2, 7).replace('-', '');
  const chars = Array.from(random, (b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join('');
  return `JRG-${yymm}-${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function newApplication(input: CreateApplicationInput, ids: { applicationId: string; reference: string; period: string; programVersion?: number }, now: Date): Application {
  const at = now.toISOString();
  const { consent: _consent, ...data } = input;
  return {
    ...data,
    ...ids,
    status: 'SUBMITTED',
    timeline: [{ status: 'SUBMITTED', at, actor: APPLICANT_ACTOR }],
    reasonCodes: [],
    consentAt: at,
    createdAt: at,
    updatedAt: at,
    updatedBy: APPLICANT_ACTOR,
  };
}

/**
 * What staff see: NIK and KK masked, so that nothing here rebuilds the NIK (district + birth date + gender + serial);
 * the full NIK is the audited reveal's. The NIK mask shows no serial digit, for anyone: beside the district, birth
 * date and gender it would be the whole NIK. Officers who may not see identities (`identity: false`) see less still:
 * the birth year, and only the KK's last four digits.
 */
export function staffView(app: Application, { identity }: { identity: boolean }) {
  return {
    applicationId: app.applicationId,
    reference: app.reference,
    programId: app.programId,
    period: app.period,
    status: app.status,
    reasonCodes: app.reasonCodes,
    screening: app.screening,
    infoRequest: app.infoRequest,
    timeline: app.timeline,
    nik: maskNik(app.nik),
    kk: identity ? maskKk(app.kk) : `${'*'.repeat(12)}${app.kk.slice(12)}`,
    fullName: app.fullName,
    ...(identity ? { birthDate: app.birthDate } : { birthYear: Number(app.birthDate.slice(0, 4)) }),
    gender: app.gender,
    address: app.address,
    household: app.household,
    payout: app.payout.method === 'BANK'
      ? { ...app.payout, accountNumber: `****${app.payout.accountNumber.slice(-4)}` }
      : app.payout,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
  };
}

/** Each period's payment, as the status check shows it (entitlement.ts paymentView). */
export interface PaymentView { period: string; status: string; amount: number }

/** What the public status check returns: status only, no name, address or other personal data. */
export function publicStatusView(app: Application, payments: readonly PaymentView[] = []) {
  return {
    reference: app.reference,
    status: app.status,
    programId: app.programId,
    period: app.period,
    timeline: app.timeline.map(({ status, at }) => ({ status, at })),
    // Catalogue codes only: anything else stored (older data) becomes OTHER, so no free text is ever published.
    reasonCodes: [...new Set(app.reasonCodes.map(publicReasonCode))],
    // What the office asks of the applicant; only while the stage that asked still has to decide.
    infoRequest: app.infoRequest && app.status === TASK_STAGES[app.infoRequest.kind].waitsIn
      ? { message: app.infoRequest.message, requestedAt: app.infoRequest.requestedAt }
      : undefined,
    payments,
  };
}

/** The quota of a programme's period in one district: its places are held under this key. */
export const districtQuotaKey = (programId: string, period: string, districtCode: string) => `${programId}|${period}|${districtCode}`;

/** The quota a screened application holds a place in: its programme, period and district. */
export const quotaKey = (app: Pick<Application, 'programId' | 'period' | 'address'>) => districtQuotaKey(app.programId, app.period, app.address.districtCode);
