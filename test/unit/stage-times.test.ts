import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile, StageTimes } from '../../shared/domain/stage-times.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1) + minutes * 60_000).toISOString();

describe('stage times', () => {
  it('measures each finished wait from entering a status to leaving it, and leaves out waits still going on', () => {
    const times = new StageTimes();
    times.add([{ status: 'SUBMITTED', at: at(0) }, { status: 'SCREENING', at: at(1) }, { status: 'PENDING_VERIFICATION', at: at(2) }, { status: 'PENDING_APPROVAL', at: at(62) }, { status: 'APPROVED', at: at(182) }]);
    times.add([{ status: 'SUBMITTED', at: at(0) }, { status: 'SCREENING', at: at(1) }, { status: 'PENDING_VERIFICATION', at: at(3) }, { status: 'REJECTED', at: at(33) }]);
    times.add([{ status: 'SUBMITTED', at: at(0) }, { status: 'SCREENING', at: at(1) }, { status: 'PENDING_VERIFICATION', at: at(2) }]);
    const byStatus = Object.fromEntries(times.summary().map((s) => [s.status, s]));
    expect(byStatus.PENDING_VERIFICATION).toEqual({ status: 'PENDING_VERIFICATION', count: 2, medianMs: 30 * 60_000, p90Ms: 60 * 60_000 });
    expect(byStatus.PENDING_APPROVAL).toEqual({ status: 'PENDING_APPROVAL', count: 1, medianMs: 120 * 60_000, p90Ms: 120 * 60_000 });
    expect(byStatus.SCREENING?.count).toBe(3);
    expect(Object.keys(byStatus)).toEqual(['SUBMITTED', 'SCREENING', 'PENDING_VERIFICATION', 'PENDING_APPROVAL']);
  });

  it('says a stage has no figures when no wait in it has finished', () => {
    const times = new StageTimes();
    times.add([{ status: 'SUBMITTED', at: at(0) }]);
    expect(times.summary().find((s) => s.status === 'SUBMITTED')).toEqual({ status: 'SUBMITTED', count: 0, medianMs: undefined, p90Ms: undefined });
  });

  it('takes the nearest-rank percentile: a value of the data that at least p% of it reaches', () => {
    fc.assert(fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
      const ascending = [...values].sort((a, b) => a - b);
      const q = percentile(ascending, p)!;
      expect(ascending).toContain(q);
      expect(ascending.filter((v) => v <= q).length / ascending.length).toBeGreaterThanOrEqual(p / 100);
      expect(ascending.filter((v) => v < q).length / ascending.length).toBeLessThan(p / 100);
    }));
    expect(percentile([], 50)).toBeUndefined();
  });
});
