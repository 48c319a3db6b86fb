import { nikBirthMismatch, type NikParts } from '../domain/identity.ts';
import type { MessageKey } from './messages.ts';

/**
 * The issues of a NIK whose date part disagrees with the birth date or gender, the same on the server and the form:
 * each part that disagrees is named on the field that holds it (the day, month or year on the birth date, the +40
 * on the gender), and the NIK is marked too, since either may be the one mistyped.
 */
export function nikBirthIssues(nik: NikParts, birthDate: string, gender: 'M' | 'F'): { path: string[]; message: MessageKey }[] {
  const parts = nikBirthMismatch(nik, birthDate, gender);
  if (!parts.length) return [];
  return [
    { path: ['nik'], message: 'nik.birth.check' },
    ...parts.map((part) => ({ path: [part === 'gender' ? 'gender' : 'birthDate'], message: `nik.birth.${part}` as const })),
  ];
}
