import { describe, expect, it } from 'vitest';
import { createApplicationSchema, taskDecisionSchema } from '../../shared/schemas/application.ts';
import { applicationBody } from '../support/fixtures.ts';

const issuesOf = (data: unknown) => {
  const r = createApplicationSchema.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('createApplicationSchema', () => {
  it('accepts a valid application and normalises the phone to +62', () => {
    const r = createApplicationSchema.parse(applicationBody());
    expect(r.phone).toBe('+6281234567890');
  });

  it('names each problem', () => {
    expect(issuesOf({ ...applicationBody(), nik: '123' })).toContain('nik: nik must be 16 digits');
    expect(issuesOf({ ...applicationBody(), gender: 'M' })).toContain('nik: nik date part does not match birthDate and gender (day + 40 for women)');
    expect(issuesOf({ ...applicationBody(), birthDate: '1984-02-30' }).join()).toMatch(/birthDate: birthDate is not a real date/);
    expect(issuesOf({ ...applicationBody(), consent: false }).join()).toMatch(/consent/);
    expect(issuesOf({ ...applicationBody(), phone: '12345' }).join()).toMatch(/phone/);
    expect(issuesOf({ ...applicationBody(), extra: 1 }).join()).toMatch(/extra/);
    expect(issuesOf({ ...applicationBody(), household: { members: 0, monthlyIncome: -1 } }).length).toBe(2);
  });

  it('requires village, district, regency and province to nest', () => {
    const body = applicationBody();
    expect(issuesOf({ ...body, address: { ...body.address, villageCode: '53.71.01.1001' } })).toContain('address: village, district, regency and province do not nest');
  });

  it('requires bank details for BANK payouts', () => {
    expect(issuesOf({ ...applicationBody(), payout: { method: 'BANK' } }).length).toBeGreaterThan(0);
    expect(issuesOf({ ...applicationBody(), payout: { method: 'POS' } })).toEqual([]);
  });
});

describe('taskDecisionSchema', () => {
  it('needs a reason code to reject', () => {
    expect(taskDecisionSchema.safeParse({ decision: 'REJECT' }).success).toBe(false);
    expect(taskDecisionSchema.safeParse({ decision: 'REJECT', reasonCode: 'NOT_IN_DISTRICT' }).success).toBe(true);
    expect(taskDecisionSchema.safeParse({ decision: 'APPROVE' }).success).toBe(true);
  });
});
