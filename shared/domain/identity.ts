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

/** Does the NIK's date part agree with the stated birth date (YYYY-MM-DD) and gender? */
export function nikMatchesBirth(nik: NikParts, birthDate: string, gender: 'M' | 'F'): boolean {
  const [year, month, day] = birthDate.split('-').map(Number);
  return (
    nik.day === day &&
    nik.month === month &&
    nik.yearTwoDigits === (year ?? 0) % 100 &&
    nik.female === (gender === 'F')
  );
}
