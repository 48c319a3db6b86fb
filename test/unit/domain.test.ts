import { describe, expect, it } from 'vitest';
import { newReference } from '../../shared/domain/application.ts';
import { ACTIVE_STATUSES, APPLICATION_STATUSES, APPLICATION_TRANSITIONS, assertTransition, canTransition } from '../../shared/domain/application-status.ts';
import { chainEvent, verifyChain, type AuditEvent } from '../../shared/domain/audit.ts';
import { maskNik, nikBirthMismatch, parseNik } from '../../shared/domain/identity.ts';
import { periodOf, PROVINCE_TIME_ZONES, timeZoneOf } from '../../shared/domain/periods.ts';
import { isIntakeOpen } from '../../shared/domain/programs.ts';
import { getProvinces } from 'idn-area-data';
import { coversDistrict } from '../../shared/domain/staff.ts';

describe('application status transitions', () => {
  it('follows the lifecycle SUBMITTED -> SCREENING -> PENDING_VERIFICATION -> PENDING_APPROVAL -> APPROVED', () => {
    expect(canTransition('SUBMITTED', 'SCREENING')).toBe(true);
    expect(canTransition('SCREENING', 'PENDING_VERIFICATION')).toBe(true);
    expect(canTransition('PENDING_VERIFICATION', 'PENDING_APPROVAL')).toBe(true);
    expect(canTransition('PENDING_APPROVAL', 'APPROVED')).toBe(true);
  });

  it('rejects from screening, verification or approval, and allows withdrawal before a decision', () => {
    for (const from of ['SCREENING', 'PENDING_VERIFICATION', 'PENDING_APPROVAL'] as const) {
      expect(canTransition(from, 'REJECTED')).toBe(true);
      expect(canTransition(from, 'WITHDRAWN')).toBe(true);
    }
    expect(canTransition('SUBMITTED', 'REJECTED')).toBe(false);
  });

  it('has no way out of a final status and no skipping', () => {
    for (const final of ['APPROVED', 'REJECTED', 'WITHDRAWN'] as const) {
      for (const to of APPLICATION_STATUSES) expect(canTransition(final, to)).toBe(false);
    }
    expect(canTransition('SUBMITTED', 'APPROVED')).toBe(false);
    expect(() => assertTransition('PENDING_VERIFICATION', 'APPROVED')).toThrow(/cannot move from PENDING_VERIFICATION to APPROVED/);
  });

  it('derives the active statuses from the table', () => {
    expect([...ACTIVE_STATUSES].sort()).toEqual(['PENDING_APPROVAL', 'PENDING_VERIFICATION', 'SCREENING', 'SUBMITTED']);
    expect(Object.keys(APPLICATION_TRANSITIONS).sort()).toEqual([...APPLICATION_STATUSES].sort());
  });
});

describe('NIK', () => {
  it('parses district, birth date and gender (day + 40 for women)', () => {
    expect(parseNik('3671015703840001')).toEqual({ districtCode: '36.71.01', day: 17, month: 3, yearTwoDigits: 84, female: true, serial: '0001' });
    expect(parseNik('3671011703840001')?.female).toBe(false);
    expect(parseNik('367101170384000')).toBeUndefined();
    expect(parseNik('36710117038400a1')).toBeUndefined();
  });

  it('checks the date part against birth date and gender', () => {
    const nik = parseNik('3671015703840001');
    expect(nik && nikBirthMismatch(nik, '1984-03-18', 'F')).toEqual(['day']);
    // Each disagreeing part is named; a day off by exactly 40 is the sex, not the day.
    expect(nik && nikBirthMismatch(nik, '1984-03-17', 'M')).toEqual(['gender']);
    expect(nik && nikBirthMismatch(nik, '1983-12-18', 'F')).toEqual(['day', 'month', 'year']);
    expect(nik && nikBirthMismatch(nik, '1984-03-17', 'F')).toEqual([]);
  });

  it('is masked as 3671************, its serial hidden (issue #8: beside the birth date it would be the whole NIK)', () => {
    expect(maskNik('3671015703840001')).toBe('3671************');
  });
});

describe('periods and intake days on the applicant\'s clock', () => {
  it('formats monthly, semester and one-off periods', () => {
    expect(periodOf('MONTHLY', new Date('2026-11-27T10:00:00Z'), 'WIB')).toBe('2026-11');
    expect(periodOf('SEMESTER', new Date('2026-06-30T16:59:00Z'), 'WIB')).toBe('2026-S1');
    expect(periodOf('SEMESTER', new Date('2026-06-30T17:00:00Z'), 'WIB')).toBe('2026-S2'); // midnight WIB on 1 July
    expect(periodOf('ONE_OFF', new Date(), 'WIT')).toBe('once');
  });

  it('turns the month at local midnight: Kupang (WITA) an hour before Tangerang (WIB), Jayapura (WIT) two', () => {
    const at = new Date('2026-11-30T16:30:00Z'); // 23:30 WIB, 00:30 WITA, 01:30 WIT
    expect(periodOf('MONTHLY', at, timeZoneOf('36.71.02'))).toBe('2026-11');
    expect(periodOf('MONTHLY', at, timeZoneOf('53.71.01'))).toBe('2026-12');
    expect(periodOf('MONTHLY', at, timeZoneOf('91'))).toBe('2026-12');
  });

  it('closes an intake window at local midnight', () => {
    const program = { intake: { opensOn: '2026-01-01', closesOn: '2026-11-30' } };
    const at = new Date('2026-11-30T16:30:00Z');
    expect(isIntakeOpen(program, at, 'WIB')).toBe(true);
    expect(isIntakeOpen(program, at, 'WITA')).toBe(false);
    expect(isIntakeOpen({ intake: { opensOn: '2026-12-01' } }, at, 'WITA')).toBe(true);
    expect(isIntakeOpen({ intake: { opensOn: '2026-12-01' } }, at, 'WIB')).toBe(false);
  });

  it('knows the zone of every province in idn-area-data, and of no other', async () => {
    const provinces = (await getProvinces()).map((p) => p.code).sort();
    expect(Object.keys(PROVINCE_TIME_ZONES).sort()).toEqual(provinces);
    expect(timeZoneOf('53.71.01.1001')).toBe('WITA');
    expect(timeZoneOf('71.72')).toBe('WITA'); // Kota Bitung
    expect(timeZoneOf('16.71')).toBe('WIB'); // Kota Palembang
    expect(() => timeZoneOf('99.01')).toThrow(RangeError);
  });
});

describe('references', () => {
  it('are JRG-YYMM- plus ten unambiguous characters in two groups', () => {
    const ref = newReference(new Date('2026-11-27T00:00:00Z'));
    expect(ref).toMatch(/^JRG-2611-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(newReference(new Date())).not.toBe(newReference(new Date()));
  });
});

describe('staff region scope', () => {
  it('covers districts of a city or a single district', () => {
    expect(coversDistrict({ username: 'v', roles: ['verifier'], regions: ['36.71'] }, '36.71.01')).toBe(true);
    expect(coversDistrict({ username: 'v', roles: ['verifier'], regions: ['36.71'] }, '36.710.1')).toBe(false);
    expect(coversDistrict({ username: 'v', roles: ['verifier'], regions: ['36.71.02'] }, '36.71.01')).toBe(false);
    expect(coversDistrict({ username: 'a', roles: ['admin'], regions: [] }, '53.71.01')).toBe(true);
  });
});

describe('audit hash chain', () => {
  async function chain(): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for (const [i, after] of ['SUBMITTED', 'SCREENING', 'PENDING_VERIFICATION'].entries()) {
      events.push(await chainEvent('app-1', { eventId: `status:${after}`, actor: 'system', action: 'STATUS_CHANGED', after, at: `2026-11-27T00:00:0${i}Z` }, events.at(-1)));
    }
    return events;
  }

  it('links each event to the previous one', async () => {
    const events = await chain();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(await verifyChain(events)).toBe(true);
  });

  it('detects an altered, removed or reordered event', async () => {
    const events = await chain();
    expect(await verifyChain(events.map((e, i) => (i === 1 ? { ...e, actor: 'mallory' } : e)))).toBe(false);
    expect(await verifyChain([events[0]!, events[2]!])).toBe(false);
    expect(await verifyChain([events[1]!, events[0]!, events[2]!])).toBe(false);
  });
});

describe('pseudonyms', () => {
  it('are stable per key, differ across keys and are not the plain hash', async () => {
    const { hmacPseudonymizer, sha256Hex } = await import('../../shared/domain/hash.ts');
    const key = (byte: number) => async () => new Uint8Array(32).fill(byte);
    const a = hmacPseudonymizer(key(1));
    const b = hmacPseudonymizer(key(2));
    const nik = 'registry|3671015703840001';
    expect(await a.pseudonym(nik)).toBe(await a.pseudonym(nik));
    expect(await a.pseudonym(nik)).toMatch(/^[0-9a-f]{64}$/);
    expect(await a.pseudonym(nik)).not.toBe(await b.pseudonym(nik));
    expect(await a.pseudonym(nik)).not.toBe(await sha256Hex(nik));
  });

  it('load the key once, but again after a failed load (a passing Secrets Manager fault)', async () => {
    const { hmacPseudonymizer } = await import('../../shared/domain/hash.ts');
    let loads = 0;
    const flaky = hmacPseudonymizer(async () => {
      loads++;
      if (loads === 1) throw new Error('Secrets Manager is unreachable');
      return new Uint8Array(32).fill(7);
    });
    await expect(flaky.pseudonym('x')).rejects.toThrow(/unreachable/);
    const first = await flaky.pseudonym('x');
    expect(await flaky.pseudonym('x')).toBe(first);
    expect(loads).toBe(2);
  });
});
