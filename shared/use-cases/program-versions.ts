/**
 * Programmes edited as versions (issue #10, admin): an admin's change is published as the programme's next version,
 * with who, when and why, and an event on the programme's audit trail. Applications already submitted keep the
 * version they were submitted under (stored.ts programFor); new ones take the new version.
 */
import { bilingual } from '../domain/bilingual.ts';
import { DomainError, validationError } from '../domain/errors.ts';
import { versionOf, type Program } from '../domain/programs.ts';
import { authorize, type StaffUser } from '../domain/staff.ts';
import type { ProgramEdit } from '../schemas/program-edit.ts';
import type { Deps } from './deps.ts';
import { programOf } from './stored.ts';
import { seedFingerprint } from './seed-programs.ts';

type ProgramDeps = Pick<Deps, 'programs' | 'audit' | 'clock'>;

/** A programme's audit trail lives under its own subject id, apart from any application's. */
export const programAuditSubject = (programId: string) => `program-${programId}`;

/** Money programmes pay something; a service (training, counselling) pays nothing. */
function checkAmount(program: Program): void {
  const service = program.benefitType === 'SERVICE';
  if (service ? program.amount !== 0 : program.amount <= 0) {
    throw validationError(
      bilingual(service ? 'Program layanan tidak membayar uang: besaran bantuannya 0' : 'Program bantuan uang atau barang memerlukan besaran lebih dari 0',
        service ? 'a service programme pays no money: its amount is 0' : 'a cash or in-kind programme needs an amount above 0'),
      [{ path: 'amount', message: 'programEdit.amount' }],
    );
  }
}

/** Publishes the admin's edit as the programme's next version, audited; a concurrent edit is a 409 to retry. */
export async function editProgram(deps: ProgramDeps, admin: StaffUser, programId: string, edit: ProgramEdit): Promise<Program> {
  authorize(admin, 'program.manage');
  const current = await programOf(deps, programId);
  const { note, quotaPerDistrict, ...rules } = edit;
  const at = deps.clock.now().toISOString();
  const next: Program = {
    ...current,
    ...rules,
    ...(quotaPerDistrict !== undefined && { quotaPerDistrict: quotaPerDistrict ?? undefined }),
    version: versionOf(current) + 1,
    revision: { by: admin.username, at, note, seed: current.revision?.seed ?? seedFingerprint(current) },
  };
  if (quotaPerDistrict === null) delete next.quotaPerDistrict;
  checkAmount(next);
  if (!(await deps.programs.publish(next))) {
    throw new DomainError('Conflict', bilingual('Program ini baru saja diubah oleh orang lain; muat ulang dan ulangi perubahan Anda', 'this programme was changed by someone else just now; reload it and make your change again'));
  }
  const changed = Object.keys(edit).filter((k) => k !== 'note').sort().join(', ');
  await deps.audit.record(programAuditSubject(programId), [{
    eventId: `program-version:${next.version}`, actor: admin.username, action: 'PROGRAM_VERSION_PUBLISHED',
    before: String(versionOf(current)), after: String(next.version), detail: { note, changed }, at,
  }]);
  return next;
}

/** Every version of a programme, oldest first (admins). */
export async function programVersions(deps: Pick<Deps, 'programs'>, admin: StaffUser, programId: string): Promise<Program[]> {
  authorize(admin, 'program.manage');
  const current = await programOf(deps, programId);
  const versions = await deps.programs.versions(programId);
  // A programme stored before versions has no version item for its first version: the current one is it.
  return versions.length ? versions : [current];
}
