/**
 * The printed invitation (undangan) of a POS household (issue #9): what it says, in Bahasa Indonesia with English
 * beneath, apart from how it is drawn (functions/lib/payouts/invitations.ts), so the wording and the formats are
 * tested without a PDF and the console can show the same words.
 */
import type { PaymentInstruction } from './payment-instruction.ts';
import { displayPickupCode } from './pickup-code.ts';

export type PosInstruction = Extract<PaymentInstruction, { method: 'POS' }>;

export const isPosInstruction = (i: PaymentInstruction): i is PosInstruction => i.method === 'POS';

/** Whole days a household has to collect, counted from the day the invitations are printed. */
export const COLLECTION_DAYS = { min: 1, max: 60, default: 14 } as const;

/** The days the post office pays out this batch's invitations: local calendar dates (YYYY-MM-DD), both included. */
export interface CollectionWindow {
  opensOn: string;
  closesOn: string;
}

/** The window that opens on `opensOn` and lasts `days` days. */
export function collectionWindow(opensOn: string, days: number): CollectionWindow {
  const closes = new Date(`${opensOn}T00:00:00Z`);
  closes.setUTCDate(closes.getUTCDate() + days - 1);
  return { opensOn, closesOn: closes.toISOString().slice(0, 10) };
}

export interface Bilingual {
  id: string;
  en: string;
}

/** One line of the invitation: a label, and what it says for this household. */
export interface InvitationLine {
  label: Bilingual;
  value: Bilingual;
}

export interface InvitationText {
  title: Bilingual;
  programme: Bilingual;
  household: string;
  lines: InvitationLine[];
  pickupCode: { label: Bilingual; display: string };
  warning: Bilingual;
}

// Built once: building an Intl formatter costs more than drawing the rest of a page.
const RUPIAH = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const DATE_OPTIONS = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } as const;
const DATES = { 'id-ID': new Intl.DateTimeFormat('id-ID', DATE_OPTIONS), 'en-GB': new Intl.DateTimeFormat('en-GB', DATE_OPTIONS) };

/** `Rp 200.000`: whole rupiah, grouped as Indonesians write them (the same in the English line). */
export const formatRupiah = (amount: number) => `Rp ${RUPIAH.format(amount)}`;

/** `Senin, 6 Juli 2026` / `Monday, 6 July 2026`: a calendar date, not an instant, so no zone can shift it. */
const formatDate = (date: string, locale: keyof typeof DATES) => DATES[locale].format(new Date(`${date}T00:00:00Z`));

const same = (text: string): Bilingual => ({ id: text, en: text });

export function invitationText(i: PosInstruction, programme: Bilingual, window: CollectionWindow): InvitationText {
  const amount = formatRupiah(i.amount);
  return {
    title: { id: 'Undangan Pengambilan Bantuan', en: 'Invitation to collect your aid' },
    programme,
    household: i.name,
    lines: [
      { label: { id: 'Nomor pendaftaran', en: 'Application reference' }, value: same(i.applicationReference) },
      { label: { id: 'Jumlah bantuan', en: 'Amount' }, value: same(amount) },
      {
        label: { id: 'Tempat', en: 'Where' },
        value: { id: `Kantor Pos di Kecamatan ${i.districtName}`, en: `The post office (Kantor Pos) in ${i.districtName} district` },
      },
      {
        label: { id: 'Waktu', en: 'When' },
        value: {
          id: `${formatDate(window.opensOn, 'id-ID')} sampai ${formatDate(window.closesOn, 'id-ID')}, pada jam buka kantor pos`,
          en: `${formatDate(window.opensOn, 'en-GB')} to ${formatDate(window.closesOn, 'en-GB')}, during the post office's opening hours`,
        },
      },
      {
        label: { id: 'Yang harus dibawa', en: 'What to bring' },
        value: { id: 'KTP asli dan Kartu Keluarga (KK), serta undangan ini', en: 'Your original ID card (KTP) and family card (KK), and this invitation' },
      },
    ],
    pickupCode: { label: { id: 'Kode pengambilan', en: 'Pickup code' }, display: displayPickupCode(i.pickupCode) },
    warning: {
      id: 'Kode ini hanya berlaku satu kali. Petugas Kantor Pos atau Dinas Sosial tidak akan pernah meminta kode ini lewat telepon atau pesan. Jangan berikan kode ini kepada siapa pun.',
      en: 'This code works only once. Nobody from the post office or the social welfare office will ever ask you for it by phone or message. Do not give it to anyone.',
    },
  };
}
