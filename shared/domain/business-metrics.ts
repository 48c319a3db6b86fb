/**
 * The office's business metrics (docs/OBSERVABILITY.md): one entry per metric, with its unit, the dimension it is split
 * by, and what it counts in words for the dashboard. The use-cases record them through the BusinessMetrics port; on AWS
 * they reach CloudWatch (namespace Jaring), where the dashboard and the alarms read them from this same table.
 */
import type { ApplicationStatus } from './application-status.ts';
import type { AuditEventInput } from './audit.ts';
import type { TimelineEntry } from './application.ts';
import type { Bilingual } from './bilingual.ts';

/** The service every log line and metric names (Powertools' `service`, a dimension of every business metric). */
export const SERVICE_NAME = 'jaring';
/** The CloudWatch namespace of the business metrics; the alarms and the dashboard read them there. */
export const METRICS_NAMESPACE = 'Jaring';

export type MetricUnit = 'Count' | 'Milliseconds' | 'None';

export interface MetricDefinition {
  unit: MetricUnit;
  /** The one dimension the metric is split by, if any (CloudWatch counts each value as its own metric). */
  dimension?: 'Outcome' | 'Stage';
  words: Bilingual;
}

export const BUSINESS_METRICS = {
  ApplicationsSubmitted: { unit: 'Count', words: { id: 'Permohonan masuk', en: 'Applications submitted' } },
  ApplicationsScreened: { unit: 'Count', dimension: 'Outcome', words: { id: 'Permohonan diperiksa otomatis (lolos / ditolak)', en: 'Applications screened (passed / rejected)' } },
  ApplicationsDecided: { unit: 'Count', dimension: 'Outcome', words: { id: 'Permohonan diputuskan petugas (disetujui / ditolak)', en: 'Applications decided by officers (approved / rejected)' } },
  ApplicationsWithdrawn: { unit: 'Count', words: { id: 'Permohonan dibatalkan pemohon', en: 'Applications withdrawn by the applicant' } },
  StageWait: { unit: 'Milliseconds', dimension: 'Stage', words: { id: 'Lama menunggu di tiap tahap', en: 'Time spent in each stage' } },
  PayoutAmountBuilt: { unit: 'None', words: { id: 'Rupiah dalam kumpulan pembayaran yang disusun', en: 'Rupiah in payout batches built' } },
  PayoutAmountApproved: { unit: 'None', words: { id: 'Rupiah dalam kumpulan pembayaran yang disetujui', en: 'Rupiah in payout batches approved' } },
  PayoutAmountPaid: { unit: 'None', words: { id: 'Rupiah yang dilaporkan bank sudah dibayar', en: 'Rupiah the bank reported paid' } },
  ReconciliationExceptions: { unit: 'Count', words: { id: 'Selisih baru dari hasil bank', en: 'New exceptions in the bank\'s results' } },
  ReconciliationExceptionsOverdue: { unit: 'Count', words: { id: 'Selisih hasil bank yang belum diselesaikan lewat batas waktu', en: 'Bank-result exceptions left open past their time' } },
  NotificationsSent: { unit: 'Count', words: { id: 'SMS terkirim ke pemohon', en: 'SMS sent to applicants' } },
  NotificationsFailed: { unit: 'Count', words: { id: 'Percobaan SMS yang gagal (dicoba lagi)', en: 'SMS attempts that failed (retried)' } },
  NotificationsDead: { unit: 'Count', words: { id: 'SMS yang tidak bisa dikirim', en: 'SMS given up on' } },
} as const satisfies Record<string, MetricDefinition>;

export type BusinessMetricName = keyof typeof BUSINESS_METRICS;

export interface Measure {
  metric: BusinessMetricName;
  value: number;
  /** The value of the metric's dimension (an outcome, a stage), for a metric that has one. */
  dimensionValue?: string;
}

/** How long an open reconciliation exception may wait for finance before it counts as overdue (and alarms). */
export const EXCEPTION_OVERDUE_HOURS = 72;

const DECIDED_FROM: readonly ApplicationStatus[] = ['PENDING_VERIFICATION', 'PENDING_APPROVAL'];

/**
 * The measures of the status events an application's audit chain is about to gain: what entered (submitted, screened,
 * decided, withdrawn) and how long the application waited in the stage it left, from its stored timeline.
 */
export function applicationMeasures(timeline: readonly Pick<TimelineEntry, 'status' | 'at'>[], events: readonly AuditEventInput[]): Measure[] {
  return events.flatMap((event): Measure[] => {
    const after = event.after as ApplicationStatus | undefined;
    const before = event.before as ApplicationStatus | undefined;
    const measures: Measure[] = [];
    if (after === 'SUBMITTED') measures.push({ metric: 'ApplicationsSubmitted', value: 1 });
    if (before === 'SCREENING' && (after === 'PENDING_VERIFICATION' || after === 'REJECTED')) {
      measures.push({ metric: 'ApplicationsScreened', value: 1, dimensionValue: after === 'REJECTED' ? 'rejected' : 'passed' });
    }
    if (before && DECIDED_FROM.includes(before) && (after === 'APPROVED' || after === 'REJECTED')) {
      measures.push({ metric: 'ApplicationsDecided', value: 1, dimensionValue: after === 'APPROVED' ? 'approved' : 'rejected' });
    }
    if (after === 'WITHDRAWN') measures.push({ metric: 'ApplicationsWithdrawn', value: 1 });
    const entered = before ? timeline.find((entry) => entry.status === before) : undefined;
    const waited = entered && event.at ? Date.parse(event.at) - Date.parse(entered.at) : NaN;
    if (before && Number.isFinite(waited) && waited >= 0) measures.push({ metric: 'StageWait', value: waited, dimensionValue: before });
    return measures;
  });
}
