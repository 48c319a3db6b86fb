import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseNik } from '../../shared/domain/identity.ts';
import { applicationBody, type ApplicantOptions } from './fixtures.ts';

export interface RegistryPerson {
  nik: string;
  kk: string;
  desil: number;
  districtCode: string;
}

const FIXTURE = fileURLToPath(new URL('../../local/fixtures/dtsen-synthetic.csv', import.meta.url));

/** The synthetic registry local mode loads at first start. */
const registryPeople: RegistryPerson[] = readFileSync(FIXTURE, 'utf8').trim().split('\n').slice(1).map((line) => {
  const [nik = '', kk = '', desil = '', districtCode = ''] = line.split(',');
  return { nik, kk, desil: Number(desil), districtCode };
});

/** A person from the registry (each at most once per test process) matching `where`, and their application body. */
export function registeredApplicant(where: (p: RegistryPerson) => boolean, options: ApplicantOptions = {}) {
  const index = registryPeople.findIndex(where);
  if (index < 0) throw new Error('no such person left in the registry fixture');
  const [person] = registryPeople.splice(index, 1) as [RegistryPerson];
  const nik = parseNik(person.nik)!;
  const year = nik.yearTwoDigits + (nik.yearTwoDigits > 26 ? 1900 : 2000);
  const birthDate = `${year}-${String(nik.month).padStart(2, '0')}-${String(nik.day).padStart(2, '0')}`;
  const body = applicationBody({ ...options, districtCode: person.districtCode, birthDate, gender: nik.female ? 'F' : 'M' });
  return { body: { ...body, nik: person.nik, kk: person.kk }, person };
}
