/**
 * The words of every rejection reason (the catalogue, reason-codes.ts, adds which stages give each). A data table,
 * apart from the stages so the stage table (human-task.ts) and programme rules can name the codes.
 */
import type { Bilingual } from './bilingual.ts';

/** A reason as the applicant reads it; `screening`: automated screening gives it. */
export interface ReasonWords {
  code: string;
  screening?: true;
  /** A few words for a list or a select. */
  label: Bilingual;
  /** What happened, said to the applicant. */
  explanation: Bilingual;
  /** What the applicant can do now. */
  nextStep: Bilingual;
}

/** Where to ask for a review; said once so every reason points to the same places. */
const REVIEW = {
  id: 'minta peninjauan ulang di kantor Dinas Sosial atau melalui kantor kelurahan/desa, dengan membawa KTP, Kartu Keluarga dan nomor pendaftaran',
  en: 'ask for a review at the Social Affairs Office (Dinas Sosial) or through your kelurahan/village office, bringing your ID card, family card and application reference',
};

export const REASON_CATALOGUE = [
  // ---- automated screening (programme rules in domain/programs.ts, the district quota) ----
  {
    code: 'OUTSIDE_SERVICE_AREA',
    screening: true,
    label: { id: 'Alamat di luar wilayah layanan', en: 'Address outside the service area' },
    explanation: {
      id: 'Alamat yang Anda isi tidak berada di kota yang dilayani Dinas Sosial ini.',
      en: 'The address you gave is not in a city this Social Affairs Office serves.',
    },
    nextStep: {
      id: 'Jika alamat salah diisi, daftar lagi dengan alamat yang benar. Jika Anda tinggal di kota lain, tanyakan bantuan sosial ke Dinas Sosial atau kantor kelurahan/desa tempat Anda tinggal.',
      en: 'If the address was entered wrongly, apply again with the right one. If you live in another city, ask the Social Affairs Office or the kelurahan/village office where you live.',
    },
  },
  {
    code: 'DESIL_ABOVE_LIMIT',
    screening: true,
    label: { id: 'Tingkat kesejahteraan di DTSEN di atas batas program', en: "DTSEN welfare level above the programme's limit" },
    explanation: {
      id: 'Menurut data DTSEN, tingkat kesejahteraan keluarga Anda (desil) lebih tinggi dari batas program ini.',
      en: "According to the DTSEN registry, your household's welfare level (decile) is above this programme's limit.",
    },
    nextStep: {
      id: 'Jika keadaan keluarga Anda sekarang berbeda dari data DTSEN, minta pemutakhiran data DTSEN melalui kantor kelurahan/desa, lalu daftar lagi.',
      en: "If your household's situation is now different from the DTSEN record, ask your kelurahan/village office to update your DTSEN data, then apply again.",
    },
  },
  {
    code: 'INCOME_ABOVE_LIMIT',
    screening: true,
    label: { id: 'Penghasilan per orang di atas batas program', en: "Income per person above the programme's limit" },
    explanation: {
      id: 'Penghasilan keluarga per orang yang Anda isi lebih tinggi dari batas program ini.',
      en: "The household income per person you gave is above this programme's limit.",
    },
    nextStep: {
      id: 'Jika penghasilan salah diisi, atau penghasilan keluarga Anda berkurang, Anda dapat mendaftar lagi dengan angka yang benar.',
      en: 'If the income was entered wrongly, or your household income goes down, you may apply again with the right figures.',
    },
  },
  {
    code: 'AGE_BELOW_MINIMUM',
    screening: true,
    label: { id: 'Usia di bawah batas program', en: "Below the programme's minimum age" },
    explanation: {
      id: 'Usia Anda masih di bawah batas usia program ini.',
      en: "You are younger than this programme's minimum age.",
    },
    nextStep: {
      id: 'Periksa apakah tanggal lahir sudah benar. Tanyakan ke Dinas Sosial atau kantor kelurahan/desa program lain yang sesuai dengan usia Anda.',
      en: 'Check that the date of birth is right. Ask the Social Affairs Office or your kelurahan/village office about programmes for your age.',
    },
  },
  {
    code: 'AGE_ABOVE_MAXIMUM',
    screening: true,
    label: { id: 'Usia di atas batas program', en: "Above the programme's maximum age" },
    explanation: {
      id: 'Usia Anda di atas batas usia program ini.',
      en: "You are older than this programme's maximum age.",
    },
    nextStep: {
      id: 'Periksa apakah tanggal lahir sudah benar. Tanyakan ke Dinas Sosial atau kantor kelurahan/desa program lain yang sesuai dengan usia Anda.',
      en: 'Check that the date of birth is right. Ask the Social Affairs Office or your kelurahan/village office about programmes for your age.',
    },
  },
  {
    code: 'QUOTA_EXHAUSTED',
    screening: true,
    label: { id: 'Kuota di kecamatan Anda sudah penuh', en: 'All places in your district are taken' },
    explanation: {
      id: 'Tempat untuk program ini di kecamatan Anda pada periode ini sudah terisi semua. Ini tidak berarti Anda tidak memenuhi syarat.',
      en: "This programme's places for your district in this period are all taken. It does not mean that you are not eligible.",
    },
    nextStep: {
      id: 'Anda dapat mendaftar lagi pada periode berikutnya, atau tanyakan ke Dinas Sosial kapan ada tempat lagi.',
      en: 'You may apply again in the next period, or ask the Social Affairs Office when places open again.',
    },
  },

  // ---- human stages: verification (a visit, a document check) and approval; human-task.ts says which gives which ----
  {
    code: 'NOT_AT_ADDRESS',
    label: { id: 'Tidak dapat ditemui di alamat', en: 'Not found at the address' },
    explanation: {
      id: 'Petugas sudah berkunjung ke alamat yang Anda isi, tetapi tidak dapat menemui Anda atau keluarga Anda di sana.',
      en: 'An officer visited the address you gave but could not meet you or your household there.',
    },
    nextStep: {
      id: `Jika Anda memang tinggal di alamat itu, ${REVIEW.id}, supaya petugas dapat berkunjung lagi.`,
      en: `If you do live at that address, ${REVIEW.en}, so that an officer can visit again.`,
    },
  },
  {
    code: 'DOCUMENTS_INCOMPLETE',
    label: { id: 'Dokumen atau keterangan belum lengkap', en: 'Documents or information incomplete' },
    explanation: {
      id: 'Dokumen atau keterangan yang diminta petugas belum kami terima.',
      en: 'We did not receive the documents or information the officer asked for.',
    },
    nextStep: {
      id: 'Siapkan dokumen yang diminta (misalnya KTP dan Kartu Keluarga), lalu daftar lagi atau bawa ke kantor Dinas Sosial untuk ditinjau ulang.',
      en: 'Get the documents that were asked for (such as your ID card and family card) ready, then apply again or bring them to the Social Affairs Office for a review.',
    },
  },
  {
    code: 'DOCUMENTS_NOT_MATCHING',
    label: { id: 'Data dokumen tidak sama dengan permohonan', en: 'Documents do not match the application' },
    explanation: {
      id: 'Data pada dokumen Anda (misalnya KTP atau Kartu Keluarga) tidak sama dengan data pada permohonan, atau dokumen belum dapat diperiksa.',
      en: 'The details on your documents (such as your ID card or family card) differ from those in the application, or the documents could not be checked.',
    },
    nextStep: {
      id: 'Bawa KTP dan Kartu Keluarga asli ke kantor Dinas Sosial atau kantor kelurahan/desa untuk dicocokkan. Jika data kependudukan Anda perlu diperbaiki, urus di Dinas Dukcapil.',
      en: 'Bring your original ID card and family card to the Social Affairs Office or your kelurahan/village office to be checked. If your civil registration details need correcting, the civil registry office (Dinas Dukcapil) can do it.',
    },
  },
  {
    code: 'INCOME_ABOVE_LIMIT_ON_VISIT',
    label: { id: 'Keadaan ekonomi di atas batas program (hasil kunjungan)', en: "Household means above the programme's limit (found on the visit)" },
    explanation: {
      id: 'Dari kunjungan petugas, penghasilan atau keadaan ekonomi keluarga Anda di atas batas program ini.',
      en: "The officer's visit found your household's income or circumstances above this programme's limit.",
    },
    nextStep: {
      id: `Jika menurut Anda hasil kunjungan keliru, ${REVIEW.id}. Jika keadaan keluarga Anda berubah, Anda dapat mendaftar lagi.`,
      en: `If you think the visit got it wrong, ${REVIEW.en}. If your household's situation changes, you may apply again.`,
    },
  },
  {
    code: 'ALREADY_RECEIVING_AID',
    label: { id: 'Sudah menerima bantuan sejenis', en: 'Already receives similar aid' },
    explanation: {
      id: 'Keluarga Anda sudah menerima bantuan yang sama atau sejenis dari program lain, sehingga tidak dapat menerimanya dua kali.',
      en: 'Your household already receives the same or similar aid from another programme, and cannot receive it twice.',
    },
    nextStep: {
      id: 'Jika bantuan itu sudah berhenti, bawa buktinya ke kantor Dinas Sosial untuk ditinjau ulang.',
      en: 'If that aid has stopped, bring proof of it to the Social Affairs Office for a review.',
    },
  },
  {
    code: 'HOUSEHOLD_ALREADY_COVERED',
    label: { id: 'Keluarga sudah tercakup permohonan lain', en: 'Household covered by another application' },
    explanation: {
      id: 'Permohonan lain dari Kartu Keluarga yang sama sudah mencakup keluarga Anda untuk program dan periode ini.',
      en: 'Another application from the same family card already covers your household for this programme and period.',
    },
    nextStep: {
      id: 'Tanyakan status permohonan anggota keluarga Anda. Jika Anda sudah tidak satu Kartu Keluarga dengan mereka, bawa Kartu Keluarga terbaru ke kantor Dinas Sosial.',
      en: "Ask about the status of your family member's application. If you are no longer on the same family card, bring your current family card to the Social Affairs Office.",
    },
  },
  {
    code: 'DTSEN_DATA_MISMATCH',
    label: { id: 'Data tidak sesuai dengan DTSEN', en: 'Data does not match DTSEN' },
    explanation: {
      id: 'Data permohonan Anda (misalnya alamat atau anggota keluarga) berbeda dengan data DTSEN, sehingga permohonan belum dapat disetujui.',
      en: 'Your application (for example the address or household members) differs from the DTSEN registry, so it could not be approved.',
    },
    nextStep: {
      id: 'Minta pemutakhiran data DTSEN melalui kantor kelurahan/desa, lalu daftar lagi setelah data diperbarui.',
      en: 'Ask your kelurahan/village office to update your DTSEN data, then apply again once it is updated.',
    },
  },
  {
    code: 'APPLICANT_WITHDREW',
    label: { id: 'Dibatalkan atas permintaan pemohon', en: "Withdrawn at the applicant's request" },
    explanation: {
      id: 'Anda menyampaikan kepada petugas bahwa Anda tidak ingin melanjutkan permohonan ini.',
      en: 'You told the officer that you did not wish to go on with this application.',
    },
    nextStep: {
      id: 'Jika Anda berubah pikiran, Anda dapat mendaftar lagi selama pendaftaran program dibuka.',
      en: 'If you change your mind, you may apply again while applications for the programme are open.',
    },
  },
  {
    code: 'BUDGET_EXHAUSTED',
    label: { id: 'Anggaran periode ini sudah habis', en: "This period's budget is used up" },
    explanation: {
      id: 'Anggaran program ini untuk periode ini sudah habis terpakai. Ini tidak berarti Anda tidak memenuhi syarat.',
      en: "This programme's budget for this period is all used. It does not mean that you are not eligible.",
    },
    nextStep: {
      id: 'Anda dapat mendaftar lagi pada periode berikutnya, atau tanyakan ke Dinas Sosial program lain yang masih dibuka.',
      en: 'You may apply again in the next period, or ask the Social Affairs Office about other programmes that are open.',
    },
  },
  {
    // Given by no stage: the public status check shows it in place of a code the catalogue does not list
    // (written before the catalogue, or by a programme rule edited wrongly), never the code itself.
    code: 'OTHER',
    label: { id: 'Alasan lain', en: 'Another reason' },
    explanation: {
      id: 'Permohonan Anda ditolak karena alasan yang tidak tercantum dalam daftar alasan kami.',
      en: 'Your application was turned down for a reason that is not in our list of reasons.',
    },
    nextStep: {
      id: `Tanyakan alasannya ke Dinas Sosial, atau ${REVIEW.id}.`,
      en: `Ask the Social Affairs Office for the reason, or ${REVIEW.en}.`,
    },
  },
] as const satisfies readonly ReasonWords[];

export type ReasonCode = (typeof REASON_CATALOGUE)[number]['code'];
