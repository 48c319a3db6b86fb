/**
 * Indonesian identity numbers. NIK (Nomor Induk Kependudukan): 6-digit Kepmendagri district code,
 * birth date DDMMYY with day + 40 for women, 4-digit serial. KK (Kartu Keluarga): 16 digits.
 */
export interface NikParts {
  districtCode: string; // dotted, e.g. "36.71.01"
  day: number;
  month: number;
  yearTwoDigits: number;
  female: boolean;
  serial: string;
}

export const NIK_PATTERN = /^\d{16}$/;

export function parseNik(nik: string): NikParts | undefined {
  if (!NIK_PATTERN.test(nik)) return undefined;
  const rawDay = Number(nik.slice(6, 8));
  const female = rawDay > 40;
  return {
    districtCode: `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`,
    day: female ? rawDay - 40 : rawDay,
    month: Number(nik.slice(8, 10)),
    yearTwoDigits: Number(nik.slice(10, 12)),
    female,
    serial: nik.slice(12),
  };
}

/**
 * `3671************`: only the city, which the address shows anyway. Staff views show the birth date or year,
 * gender and district beside it, which are the NIK's first twelve digits; a visible serial would complete it
 * without the audited reveal. Hidden, it leaves 10,000 candidates even with the full birth date.
 */
export const maskNik = (nik: string): string => `${nik.slice(0, 4)}${'*'.repeat(12)}`;

/** `3671********0042`: a KK's digits are not the NIK's, so its last four may show (they tell family cards apart). */
export const maskKk = (kk: string): string => `${kk.slice(0, 4)}${'*'.repeat(8)}${kk.slice(12)}`;

/** Which part of the NIK's date disagrees with a birth date and gender: the day, month, year, or the +40 for women. */
export const NIK_BIRTH_PARTS = ['day', 'month', 'year', 'gender'] as const;
export type NikBirthPart = (typeof NIK_BIRTH_PARTS)[number];

/**
 * The parts of the NIK's date (DDMMYY, day + 40 for women) that disagree with the stated birth date (YYYY-MM-DD) and
 * gender, in the order they appear; empty when they agree. A day off by exactly 40 is the gender, not the day.
 */
export function nikBirthMismatch(nik: NikParts, birthDate: string, gender: 'M' | 'F'): NikBirthPart[] {
  const [year, month, day] = birthDate.split('-').map(Number);
  const parts: NikBirthPart[] = [];
  if (nik.day !== day) parts.push('day');
  else if (nik.female !== (gender === 'F')) parts.push('gender');
  if (nik.month !== month) parts.push('month');
  if (nik.yearTwoDigits !== (year ?? 0) % 100) parts.push('year');
  return parts;
}

