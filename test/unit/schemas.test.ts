import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REJECTION_REASONS } from '../../shared/domain/reason-codes.ts';
import { applicationSchema, statusCheckSchema, taskDecisionSchema } from '../../shared/schemas/application.ts';
import { MESSAGES, pickLanguage, translate, zodLocale } from '../../shared/schemas/messages.ts';
import { applicationBody, nikFor } from '../support/fixtures.ts';
import { realRegions } from '../support/regions.ts';

const schema = applicationSchema(await realRegions, () => new Date('2026-11-27T00:00:00Z'));
const issuesOf = (data: unknown, lang: 'id' | 'en' = 'en') => {
  const r = schema.safeParse(data, { error: zodLocale(lang) });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${translate(i.message, lang)}`);
};

describe('applicationSchema', () => {
  it('accepts a valid application, normalises the phone to +62 and defaults the household details', () => {
    const r = schema.parse(applicationBody());
    expect(r.phone).toBe('+6281234567890');
    expect(r.household).toMatchObject({ elderly: 0, children: 0, disabled: 0, femaleHeaded: false });
    expect(schema.parse({ ...applicationBody(), phone: '+62 812-3456-7890'.replace(/[ -]/g, '') }).phone).toBe('+6281234567890');
  });

  it('blames the part of the birth date or the sex that disagrees with the NIK, and marks the NIK too', () => {
    const body = applicationBody({ birthDate: '1984-03-17', gender: 'F' });
    const check = `nik: ${MESSAGES['nik.birth.check'].en}`;
    expect(issuesOf({ ...body, birthDate: '1984-03-18' })).toEqual([check, `birthDate: ${MESSAGES['nik.birth.day'].en}`]);
    expect(issuesOf({ ...body, birthDate: '1984-04-17' })).toEqual([check, `birthDate: ${MESSAGES['nik.birth.month'].en}`]);
    expect(issuesOf({ ...body, birthDate: '1985-03-17' })).toEqual([check, `birthDate: ${MESSAGES['nik.birth.year'].en}`]);
    expect(issuesOf({ ...body, gender: 'M' })).toEqual([check, `gender: ${MESSAGES['nik.birth.gender'].en}`]);
    expect(issuesOf({ ...body, birthDate: '1985-04-18' })).toEqual([check, ...['day', 'month', 'year'].map((p) => `birthDate: ${MESSAGES[`nik.birth.${p}` as 'nik.birth.day'].en}`)]);
    expect(issuesOf(body)).toEqual([]);
  });

  it('finds a reference typed in any case and with any separators', () => {
    const nik = applicationBody().nik;
    for (const typed of ['jrg-2611-abcde-fgh23', 'JRG2611ABCDEFGH23', ' jrg 2611 abcde fgh23 ', 'JRG.2611/ABCDE_FGH23']) {
      expect(statusCheckSchema.parse({ reference: typed, nik }).reference).toBe('JRG-2611-ABCDE-FGH23');
    }
    expect(statusCheckSchema.safeParse({ reference: 'not a reference!', nik }).success).toBe(false);
  });

  it('names each problem, in English or Bahasa Indonesia', () => {
    expect(issuesOf({ ...applicationBody(), nik: '123' })).toContain(`nik: ${MESSAGES['nik.digits'].en}`);
    expect(issuesOf({ ...applicationBody(), nik: '123' }, 'id')).toContain(`nik: ${MESSAGES['nik.digits'].id}`);
    expect(issuesOf({ ...applicationBody(), birthDate: '1984-02-30' })).toContain(`birthDate: ${MESSAGES['birthDate.real'].en}`);
    expect(issuesOf({ ...applicationBody(), consent: false })).toContain(`consent: ${MESSAGES['consent.required'].en}`);
    expect(issuesOf({ ...applicationBody(), consent: false }, 'id').join()).toMatch(/persetujuan/);
    expect(issuesOf({ ...applicationBody(), phone: '12345' })).toContain(`phone: ${MESSAGES['phone.format'].en}`);
    expect(issuesOf({ ...applicationBody(), gender: 'X' })).toContain(`gender: ${MESSAGES['gender.choose'].en}`);
    expect(issuesOf({ ...applicationBody(), extra: 1 }).join()).toMatch(/extra/);
    expect(issuesOf({ ...applicationBody(), household: { members: 0, monthlyIncome: -1 } })).toHaveLength(2);
    expect(issuesOf({ ...applicationBody(), household: { members: 2, monthlyIncome: 0, children: 3 } })).toEqual([`household: ${MESSAGES['household.sizes'].en}`]);
  });

  it('requires the NIK district and every address level to be real codes that nest', () => {
    const body = applicationBody();
    expect(issuesOf({ ...body, nik: nikFor('99.99.99', body.birthDate, 'F', 1) })).toContain(`nik: ${MESSAGES['nik.district'].en}`);
    expect(issuesOf({ ...body, address: { ...body.address, villageCode: '53.71.01.1001' } })).toEqual([`address.villageCode: ${MESSAGES['region.village'].en}`]);
    expect(issuesOf({ ...body, address: { ...body.address, villageCode: '36.71.01.9999' } })).toEqual([`address.villageCode: ${MESSAGES['region.village'].en}`]);
    expect(issuesOf({ ...body, address: { ...body.address, districtCode: '36.71.99', villageCode: '36.71.99.1001' } })).toEqual([`address.districtCode: ${MESSAGES['region.district'].en}`]);
    expect(issuesOf({ ...body, address: { ...body.address, provinceCode: '99' } })).toEqual([`address.provinceCode: ${MESSAGES['region.province'].en}`]);
  });

  it('requires bank details for BANK payouts and a real district for POS', () => {
    expect(issuesOf({ ...applicationBody(), payout: { method: 'BANK' } }).length).toBeGreaterThan(0);
    expect(issuesOf({ ...applicationBody(), payout: { method: 'POS', districtCode: '36.71.01' } })).toEqual([]);
    expect(issuesOf({ ...applicationBody(), payout: { method: 'POS', districtCode: '36.71.99' } })).toEqual([`payout.districtCode: ${MESSAGES['payout.district'].en}`]);
    expect(issuesOf({ ...applicationBody(), payout: { method: 'POS' } }).length).toBe(1);
  });

  it('accepts every well-formed applicant (property)', () => {
    const districts = ['36.71.01', '16.71.13', '53.71.01', '71.72.01'];
    fc.assert(
      fc.property(
        fc.constantFrom(...districts),
        fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        fc.constantFrom('M' as const, 'F' as const),
        fc.integer({ min: 1, max: 8999 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        (districtCode, born, gender, serial, members, monthlyIncome) => {
          const body = applicationBody({ districtCode, birthDate: born.toISOString().slice(0, 10), gender, serial, members, monthlyIncome });
          expect(issuesOf(body)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a value of the wrong kind in any field, never throwing (property)', () => {
    const stringFields = ['programId', 'nik', 'kk', 'fullName', 'birthDate', 'gender', 'phone'] as const;
    const objectFields = ['address', 'household', 'payout'] as const;
    const notString = fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
    const notObject = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }));
    const corruption = fc.oneof(
      fc.tuple(fc.constantFrom<string>(...stringFields), notString),
      fc.tuple(fc.constantFrom<string>(...objectFields), notObject),
      fc.tuple(fc.constant('consent'), fc.anything().filter((v) => v !== true)),
    );
    fc.assert(
      fc.property(corruption, ([field, value]) => {
        const result = schema.safeParse({ ...applicationBody(), [field]: value });
        expect(result.success).toBe(false);
        expect(result.error?.issues.some((i) => i.path[0] === field)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('languages', () => {
  it('answers in Bahasa Indonesia unless English comes first', () => {
    expect(pickLanguage(undefined)).toBe('id');
    expect(pickLanguage('en-US,en;q=0.9')).toBe('en');
    expect(pickLanguage('id-ID,en;q=0.5')).toBe('id');
    expect(pickLanguage('fr,en;q=0.5')).toBe('en');
  });

  it('has every message in both languages', () => {
    for (const [key, text] of Object.entries(MESSAGES)) {
      expect(text.id, key).not.toBe('');
      expect(text.en, key).not.toBe('');
      expect(text.id, key).not.toBe(text.en);
    }
  });
});

describe('taskDecisionSchema', () => {
  const issues = (kind: 'verification' | 'approval' | undefined, body: unknown, lang: 'id' | 'en' = 'en') => {
    const r = taskDecisionSchema(kind).safeParse(body, { error: zodLocale(lang) });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${translate(i.message, lang)}`);
  };

  it('needs a reason code to reject', () => {
    expect(issues('verification', { decision: 'REJECT' })).toEqual([`reasonCode: ${MESSAGES['reasonCode.required'].en}`]);
    expect(issues('verification', { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' })).toEqual([]);
    expect(issues('verification', { decision: 'APPROVE' })).toEqual([]);
  });

  it('accepts only catalogue codes, naming the field in both languages', () => {
    for (const code of ['ODGJ_SITI', 'not_at_address', 'NOT AT ADDRESS', '', 'X'.repeat(5000)]) {
      expect(issues('verification', { decision: 'REJECT', reasonCode: code }), code).toEqual([`reasonCode: ${MESSAGES['reasonCode.unknown'].en}`]);
    }
    expect(issues('approval', { decision: 'REJECT', reasonCode: 'ODGJ_SITI' }, 'id')).toEqual([`reasonCode: ${MESSAGES['reasonCode.unknown'].id}`]);
    expect(issues('verification', { decision: 'REJECT', reasonCode: 42 })).toEqual([`reasonCode: ${MESSAGES['reasonCode.unknown'].en}`]);
  });

  it("accepts each stage's own codes only", () => {
    for (const kind of ['verification', 'approval'] as const) {
      for (const reason of REJECTION_REASONS) {
        const got = issues(kind, { decision: 'REJECT', reasonCode: reason.code });
        const usable = (reason.stages as readonly string[]).includes(kind);
        const humanCode = reason.stages.some((s) => s !== 'screening');
        // A screening code is no staff reason at all; another stage's code is refused for this stage.
        const expected = usable ? [] : [`reasonCode: ${MESSAGES[humanCode ? (`reasonCode.${kind}` as const) : 'reasonCode.unknown'].en}`];
        expect(got, `${kind} ${reason.code}`).toEqual(expected);
      }
    }
    expect(issues('approval', { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' }, 'id')).toEqual([`reasonCode: ${MESSAGES['reasonCode.approval'].id}`]);
    expect(issues('verification', { decision: 'REJECT', reasonCode: 'BUDGET_EXHAUSTED' })).toEqual([`reasonCode: ${MESSAGES['reasonCode.verification'].en}`]);
  });

  it('describes every staff code for the API document when no stage is given', () => {
    expect(issues(undefined, { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' })).toEqual([]);
    expect(issues(undefined, { decision: 'REJECT', reasonCode: 'BUDGET_EXHAUSTED' })).toEqual([]);
    expect(issues(undefined, { decision: 'REJECT', reasonCode: 'QUOTA_EXHAUSTED' })).toEqual([`reasonCode: ${MESSAGES['reasonCode.unknown'].en}`]);
  });
});
