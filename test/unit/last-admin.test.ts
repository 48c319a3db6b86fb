import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.ts';
import { assertAnAdminRemains, type StaffRole } from '../../shared/domain/staff.ts';

const account = (username: string, roles: StaffRole[] = ['admin'], disabled = false) => ({ username, roles, disabled });

/** The refusal's kind and message, or undefined when the change is allowed. */
function refusal(run: () => void): { kind: string; message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { kind: error.kind, message: error.message };
  }
}

describe('the last-admin rule', () => {
  it('refuses disabling or demoting yourself, in Bahasa Indonesia and English', () => {
    const self = refusal(() => assertAnAdminRemains('admin', account('admin'), { disabled: true }, ['admin', 'admin2']));
    expect(self).toEqual({ kind: 'Conflict', message: expect.stringMatching(/^Anda tidak dapat menonaktifkan akun Anda sendiri.* \/ you cannot disable your own account/) });
    const demote = refusal(() => assertAnAdminRemains('admin', account('admin'), { roles: ['verifier'] }, ['admin', 'admin2']));
    expect(demote?.message).toMatch(/peran admin .* \/ you cannot take away your own admin role/);
  });

  it('refuses a change that leaves no enabled admin', () => {
    // admin2 acts from a token issued before it was left off the list: only admin remains on it.
    const last = refusal(() => assertAnAdminRemains('admin2', account('admin'), { disabled: true }, ['admin']));
    expect(last).toEqual({ kind: 'Conflict', message: expect.stringMatching(/admin adalah satu-satunya admin aktif.* \/ admin is the only enabled admin/) });
    expect(refusal(() => assertAnAdminRemains('admin2', account('admin'), { roles: ['approver'] }, ['admin']))?.kind).toBe('Conflict');
  });

  it('refuses an acting admin who is not on the list of enabled admins', () => {
    expect(refusal(() => assertAnAdminRemains('admin3', account('admin2'), { disabled: true }, ['admin', 'admin2']))?.message).toMatch(/masuk ulang .* \/ .*sign in again/);
  });

  it('allows what keeps an enabled admin: another admin, a non-admin, re-enabling, signing yourself out', () => {
    expect(refusal(() => assertAnAdminRemains('admin', account('admin2'), { disabled: true }, ['admin', 'admin2']))).toBeUndefined();
    expect(refusal(() => assertAnAdminRemains('admin', account('admin2'), { roles: ['verifier'] }, ['admin', 'admin2']))).toBeUndefined();
    expect(refusal(() => assertAnAdminRemains('admin', account('verifikator', ['verifier']), { disabled: true }, ['admin']))).toBeUndefined();
    expect(refusal(() => assertAnAdminRemains('admin', account('admin2', ['admin'], true), { disabled: false }, ['admin']))).toBeUndefined();
    expect(refusal(() => assertAnAdminRemains('admin', account('admin'), {}, ['admin']))).toBeUndefined();
    expect(refusal(() => assertAnAdminRemains('admin', account('admin'), { disabled: false, roles: ['admin', 'verifier'] }, ['admin']))).toBeUndefined();
  });
});
