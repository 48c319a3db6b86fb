/**
 * What the applicant reads about a programme before choosing it: who it is for, what it gives and which documents to
 * prepare for the officer's visit, in both languages. Data, beside the seeded programmes (programs.ts) and following
 * their rules; a programme without a guide here (one an admin adds later) shows its name and benefit only.
 */
import { SEED_PROGRAMS } from './programs.ts';

type Words = { id: string; en: string };

export interface ProgramGuide {
  forWhom: Words;
  gives: Words;
  documents: readonly Words[];
}

/**
 * How many days each human stage usually takes at most, for the confirmation's "what happens next": the point at
 * which a waiting task is escalated, from the programme's seeded deadlines.
 */
export const STAGE_DAYS: Readonly<Record<string, { verification: number; approval: number }>> = Object.fromEntries(
  SEED_PROGRAMS.map((p) => [p.id, {
    verification: Math.ceil(p.deadlines.verification.escalateAfterSeconds / 86_400),
    approval: Math.ceil(p.deadlines.approval.escalateAfterSeconds / 86_400),
  }]),
);

const KTP: Words = { id: 'KTP (Kartu Tanda Penduduk)', en: 'ID card (KTP)' };
const KK: Words = { id: 'Kartu Keluarga (KK)', en: 'Family card (KK)' };
const BANK_BOOK: Words = { id: 'Buku tabungan atau kartu ATM, jika bantuan ditransfer ke rekening', en: 'Bank book or ATM card, if the aid is paid into an account' };

export const PROGRAM_GUIDES: Readonly<Record<string, ProgramGuide>> = {
  sembako: {
    forWhom: { id: 'Keluarga berpenghasilan rendah di kota ini (desil DTSEN 1 sampai 4, penghasilan paling banyak Rp750.000 per orang per bulan).', en: 'Low-income households in this city (DTSEN decile 1 to 4, income at most Rp750,000 per person a month).' },
    gives: { id: 'Bahan pangan senilai Rp200.000 setiap bulan, selama 12 bulan.', en: 'Food staples worth Rp200,000 every month, for 12 months.' },
    documents: [KTP, KK, BANK_BOOK],
  },
  'modal-usaha': {
    forWhom: { id: 'Warga kota ini berusia 18 sampai 64 tahun yang menjalankan atau memulai usaha kecil (desil DTSEN 1 sampai 5, penghasilan paling banyak Rp1.000.000 per orang per bulan).', en: 'Residents of this city aged 18 to 64 who run or start a small business (DTSEN decile 1 to 5, income at most Rp1,000,000 per person a month).' },
    gives: { id: 'Modal usaha Rp2.400.000, sekali.', en: 'Business capital of Rp2,400,000, once.' },
    documents: [KTP, KK, BANK_BOOK, { id: 'Foto atau keterangan usaha Anda (misalnya surat keterangan usaha dari kelurahan)', en: 'A photo or description of your business (for example a business letter from the village office)' }],
  },
  pelatihan: {
    forWhom: { id: 'Warga kota ini berusia 16 sampai 55 tahun yang mencari kerja atau ingin menambah keterampilan (desil DTSEN 1 sampai 6).', en: 'Residents of this city aged 16 to 55 looking for work or new skills (DTSEN decile 1 to 6).' },
    gives: { id: 'Pelatihan keterampilan kerja tanpa biaya (bukan uang).', en: 'Free job skills training (no cash).' },
    documents: [KTP, KK, { id: 'Ijazah terakhir, jika ada', en: 'Your last school certificate, if you have one' }],
  },
  psikososial: {
    forWhom: { id: 'Siapa saja yang tinggal di kota ini dan membutuhkan pendampingan, tanpa syarat penghasilan.', en: 'Anyone living in this city who needs support, whatever their income.' },
    gives: { id: 'Konseling dan pendampingan oleh pekerja sosial, tanpa biaya (bukan uang). Petugas menghubungi Anda dalam beberapa hari.', en: 'Counselling and support from a social worker, free of charge (no cash). An officer contacts you within a few days.' },
    documents: [KTP, KK],
  },
  beasiswa: {
    forWhom: { id: 'Pelajar dan mahasiswa berusia 6 sampai 24 tahun dari keluarga berpenghasilan rendah di kota ini (desil DTSEN 1 sampai 4). Isi formulir dengan data pelajar itu.', en: 'Pupils and students aged 6 to 24 from low-income households in this city (DTSEN decile 1 to 4). Fill in the form with the student\'s details.' },
    gives: { id: 'Rp900.000 setiap semester, selama 2 semester.', en: 'Rp900,000 every semester, for 2 semesters.' },
    documents: [KTP, KK, BANK_BOOK, { id: 'Kartu pelajar atau surat keterangan aktif sekolah/kuliah', en: 'Student card or a letter from the school or university' }],
  },
};
