/**
 * What Jaring tells an applicant by SMS, and when: the one table of notification events. Each event has its text in
 * Bahasa Indonesia and English, built only from what may travel on an SMS (the application's reference, a payment's
 * amount and period, a reason's plain explanation): never a NIK, a KK, an address or a phone number, so the outbox
 * holds none either. A new event is one entry here plus the line of code that enqueues it (docs/NOTIFICATIONS.md).
 */
import type { ApplicationStatus } from './application-status.ts';
import type { Bilingual } from './bilingual.ts';
import { REJECTION_REASONS, publicReasonCode } from './reason-codes.ts';

/** A payment to the applicant, as its SMS names it. */
export interface PaymentNotice {
  reference: string;
  amount: number;
  period: string;
}

const rupiah = (amount: number) => `Rp${amount.toLocaleString('id-ID')}`;
const explanationOf = (code: string): Bilingual => {
  const reason = REJECTION_REASONS.find((r) => r.code === publicReasonCode(code));
  if (!reason) throw new Error(`The reason catalogue has no ${code} nor OTHER`);
  return reason.explanation;
};

/**
 * Every event: its name for staff, when it fires, whether its text must fit one SMS segment (160 GSM-7 characters; only a rejection,
 * which carries the reason's explanation, may take more), and its text.
 */
export const NOTIFICATION_EVENTS = {
  received: {
    label: { id: 'Pendaftaran diterima', en: 'Application received' },
    fires: 'the application is stored (status SUBMITTED); recorded by the workflow from the stored timeline',
    oneSegment: true,
    text: (p: { reference: string }) => ({
      id: `Dinas Sosial: pendaftaran Anda diterima. Nomor pendaftaran: ${p.reference}. Simpan nomor ini untuk cek status.`,
      en: `Social Affairs Office: your application was received. Reference: ${p.reference}. Keep it to check your status.`,
    }),
  },
  'reference-resent': {
    label: { id: 'Nomor pendaftaran dikirim ulang', en: 'Reference sent again' },
    fires: 'someone submits the same NIK again for the programme and period (409 Duplicate); at most once an hour',
    oneSegment: true,
    text: (p: { reference: string }) => ({
      id: `Dinas Sosial: NIK Anda sudah terdaftar. Nomor pendaftaran Anda: ${p.reference}. Jika bukan Anda yang mendaftar lagi, hubungi Dinas Sosial.`,
      en: `Social Affairs Office: your NIK is already registered. Your reference: ${p.reference}. If you did not apply again, contact the office.`,
    }),
  },
  'information-requested': {
    label: { id: 'Permintaan keterangan', en: 'Information requested' },
    fires: 'a verifier or approver asks the applicant for more information (POST /api/tasks/{taskId}/request-info)',
    oneSegment: true,
    text: (p: { reference: string }) => ({
      id: `Dinas Sosial: petugas meminta keterangan untuk pendaftaran ${p.reference}. Lihat yang perlu dibawa atau dikirim di halaman cek status.`,
      en: `Social Affairs Office: an officer needs more information on ${p.reference}. See what to bring or send on the status page.`,
    }),
  },
  approved: {
    label: { id: 'Disetujui', en: 'Approved' },
    fires: 'the application reaches APPROVED',
    oneSegment: true,
    text: (p: { reference: string }) => ({
      id: `Dinas Sosial: pendaftaran ${p.reference} disetujui. Lihat langkah berikutnya di halaman cek status.`,
      en: `Social Affairs Office: application ${p.reference} was approved. See the next steps on the status page.`,
    }),
  },
  rejected: {
    label: { id: 'Tidak disetujui', en: 'Not approved' },
    fires: 'the application reaches REJECTED (screening or a human stage), with the first reason\'s explanation',
    oneSegment: false,
    text: (p: { reference: string; reasonCode: string }) => ({
      id: `Dinas Sosial: pendaftaran ${p.reference} tidak disetujui. ${explanationOf(p.reasonCode).id} Lihat langkah berikutnya di halaman cek status.`,
      en: `Social Affairs Office: application ${p.reference} was not approved. ${explanationOf(p.reasonCode).en} See the next steps on the status page.`,
    }),
  },
  withdrawn: {
    label: { id: 'Dibatalkan pemohon', en: 'Withdrawn by the applicant' },
    fires: 'the application reaches WITHDRAWN (the applicant withdrew it)',
    oneSegment: true,
    text: (p: { reference: string }) => ({
      id: `Dinas Sosial: pendaftaran ${p.reference} sudah dibatalkan. Jika bukan Anda yang membatalkan, hubungi Dinas Sosial.`,
      en: `Social Affairs Office: application ${p.reference} was withdrawn. If you did not withdraw it, contact the office.`,
    }),
  },
  'payment-sent': {
    label: { id: 'Pembayaran dikirim', en: 'Payment sent' },
    fires: 'a payment instruction of an approved batch is sent to the bank or post office (one per instruction)',
    oneSegment: true,
    text: (p: PaymentNotice) => ({
      id: `Dinas Sosial: bantuan ${rupiah(p.amount)} periode ${p.period} untuk ${p.reference} sedang dibayarkan. Anda akan menerima SMS lagi setelah dibayar.`,
      en: `Social Affairs Office: your ${rupiah(p.amount)} for ${p.period} (${p.reference}) is being paid. We will text you again once it is paid.`,
    }),
  },
  'payment-paid': {
    label: { id: 'Pembayaran diterima', en: 'Payment paid' },
    fires: 'reconciliation records the instruction PAID',
    oneSegment: true,
    text: (p: PaymentNotice) => ({
      id: `Dinas Sosial: bantuan ${rupiah(p.amount)} periode ${p.period} untuk ${p.reference} sudah dibayar.`,
      en: `Social Affairs Office: your ${rupiah(p.amount)} for ${p.period} (${p.reference}) has been paid.`,
    }),
  },
  'payment-failed': {
    label: { id: 'Pembayaran gagal', en: 'Payment failed' },
    fires: 'reconciliation records the instruction FAILED (the entitlement goes back to its pool for the next batch)',
    oneSegment: true,
    text: (p: PaymentNotice) => ({
      id: `Dinas Sosial: bantuan ${rupiah(p.amount)} periode ${p.period} untuk ${p.reference} gagal dibayar. Kami akan mencoba lagi; hubungi Dinas Sosial.`,
      en: `Social Affairs Office: your ${rupiah(p.amount)} for ${p.period} (${p.reference}) could not be paid. We will try again; contact the office.`,
    }),
  },
} as const;

export type NotificationEvent = keyof typeof NOTIFICATION_EVENTS;
export const NOTIFICATION_EVENT_NAMES = Object.keys(NOTIFICATION_EVENTS) as NotificationEvent[];
export type NoticeParams<E extends NotificationEvent> = Parameters<(typeof NOTIFICATION_EVENTS)[E]['text']>[0];

/** One message to enqueue: the event, its occurrence (an instruction, a request's time, an hour) and what it says. */
export interface Notice {
  applicationId: string;
  /** The application's reference, which staff know it by in the outbox. */
  reference: string;
  event: NotificationEvent;
  /** Tells two occurrences of one event apart (a payment instruction, an hour); absent for once-only events. */
  occurrence?: string;
  text: Bilingual;
}

export function notice<E extends NotificationEvent>(applicationId: string, event: E, params: NoticeParams<E>, occurrence?: string): Notice {
  const text = (NOTIFICATION_EVENTS[event].text as (p: NoticeParams<E>) => Bilingual)(params);
  return { applicationId, reference: params.reference, event, occurrence, text };
}

/**
 * The message id: the same (application, event, occurrence) always gives the same id, so enqueueing is a conditional
 * put that a step run again (after a crash, a retry) cannot repeat.
 */
export const messageIdOf = (n: Pick<Notice, 'applicationId' | 'event' | 'occurrence'>) =>
  [n.applicationId, n.event, ...(n.occurrence ? [n.occurrence] : [])].join('.');

/** The events a status change gives the applicant; statuses in between (screening, waiting for staff) give none. */
export const STATUS_EVENTS: Partial<Record<ApplicationStatus, NotificationEvent>> = {
  SUBMITTED: 'received',
  APPROVED: 'approved',
  REJECTED: 'rejected',
  WITHDRAWN: 'withdrawn',
};

/** The hour a duplicate's re-send belongs to (UTC): one re-send per application and hour. */
export const hourSlot = (now: Date) => now.toISOString().slice(0, 13);

/** `****7890`: the last four digits of the number on file, which the applicant recognises and nobody else can use. */
export const maskPhone = (phone: string) => `****${phone.slice(-4)}`;

// ---- SMS length (GSM 03.38): one segment is 160 septets; a longer message travels in segments of 153 ----

const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€\f';

/** The text's length in GSM-7 septets (an extended character takes two), or undefined if it needs UCS-2. */
export function gsm7Length(text: string): number | undefined {
  let length = 0;
  for (const char of text) {
    if (GSM7_BASIC.includes(char)) length += 1;
    else if (GSM7_EXTENDED.includes(char)) length += 2;
    else return undefined;
  }
  return length;
}

/** How many SMS segments the text takes in GSM-7 (undefined if it cannot be sent as GSM-7). */
export function smsSegments(text: string): number | undefined {
  const length = gsm7Length(text);
  if (length === undefined) return undefined;
  return length <= 160 ? 1 : Math.ceil(length / 153);
}
