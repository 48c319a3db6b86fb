/** Valid applicants in the pilot cities, built to satisfy every NIK rule (district, birth date, day + 40). */
export interface ApplicantOptions {
  districtCode?: string; // dotted, e.g. 36.71.01
  villageCode?: string;
  birthDate?: string;
  gender?: 'M' | 'F';
  serial?: number;
  programId?: string;
  members?: number;
  monthlyIncome?: number;
}

let nextSerial = 1;

export function nikFor(districtCode: string, birthDate: string, gender: 'M' | 'F', serial: number): string {
  const [y, m, d] = birthDate.split('-');
  const day = Number(d) + (gender === 'F' ? 40 : 0);
  return `${districtCode.replace(/\./g, '')}${String(day).padStart(2, '0')}${m}${y?.slice(2)}${String(serial).padStart(4, '0')}`;
}

export function applicationBody(o: ApplicantOptions = {}) {
  const districtCode = o.districtCode ?? '36.71.01';
  const birthDate = o.birthDate ?? '1984-03-17';
  const gender = o.gender ?? 'F';
  const serial = o.serial ?? nextSerial++;
  const nik = nikFor(districtCode, birthDate, gender, serial);
  return {
    programId: o.programId ?? 'sembako',
    nik,
    kk: `${districtCode.replace(/\./g, '')}0101${String(serial).padStart(6, '0')}`,
    fullName: 'Siti Aminah',
    birthDate,
    gender,
    phone: '081234567890',
    address: {
      provinceCode: districtCode.slice(0, 2),
      regencyCode: districtCode.slice(0, 5),
      districtCode,
      villageCode: o.villageCode ?? `${districtCode}.1001`,
      street: 'Jl. Merdeka No. 10',
    },
    household: { members: o.members ?? 4, monthlyIncome: o.monthlyIncome ?? 1_500_000 },
    payout: { method: 'BANK', bankCode: '002', accountNumber: '123401234567', accountName: 'Siti Aminah' },
    consent: true,
  };
}
