/**
 * The office's dashboard in numbers (issue #10 deliverable 3), as `GET /api/reports/summary` answers it, so the page's
 * charts and tables show exactly what the route says: the payout summary (payout-reports.ts), and beside it
 *   - applications by status x programme x district, and how long finished waits took in each stage;
 *   - quota use per district: places taken of each quota programme's current period.
 * Counts and durations only, no personal data. Applications are read a page at a time and only totals are kept.
 */
import { districtQuotaKey } from '../domain/application.ts';
import { coversDistrict, type StaffUser } from '../domain/staff.ts';
import type { ApplicationStatus } from '../domain/application-status.ts';
import { periodOf, timeZoneOf } from '../domain/periods.ts';
import { StageTimes, type StageTime } from '../domain/stage-times.ts';
import type { SearchArea } from '../ports/application-search.ts';
import type { Deps } from './deps.ts';
import { summaryReport, type SummaryReport } from './payout-reports.ts';

export interface OfficeReport extends SummaryReport {
  applications: { programId: string; districtCode: string; status: ApplicationStatus; count: number }[];
  stageTimes: StageTime[];
  quotas: { programId: string; period: string; districtCode: string; taken: number; limit: number }[];
}

type ReportDeps = Pick<Deps, 'programs' | 'entitlements' | 'applicationSearch' | 'quotas' | 'regions' | 'clock'>;

/** The caller's part of the city: all of it, or the districts of it the officer works in. */
function areasOf(user: StaffUser, city: string): SearchArea[] {
  if (coversDistrict(user, city)) return [{ regencyCode: city }];
  return user.regions.filter((r) => r.startsWith(`${city}.`)).map((districtCode) => ({ regencyCode: city, districtCode }));
}

const order = (a: string, b: string) => a.localeCompare(b);

/** The summary of the caller's city (report.read: finance, approvers, admins, heads of office), with the dashboard's figures. */
export async function officeReport(deps: ReportDeps, user: StaffUser, query: { regencyCode?: string }): Promise<OfficeReport> {
  const summary = await summaryReport(deps, user, query);
  const city = summary.regencyCode;

  const counts = new Map<string, OfficeReport['applications'][number]>();
  const stageTimes = new StageTimes();
  for await (const app of deps.applicationSearch.each(areasOf(user, city))) {
    const districtCode = app.address.districtCode;
    const cell = `${app.programId}|${districtCode}|${app.status}`;
    const count = counts.get(cell) ?? { programId: app.programId, districtCode, status: app.status, count: 0 };
    counts.set(cell, { ...count, count: count.count + 1 });
    stageTimes.add(app.timeline);
  }

  const districts = ((await deps.regions.children(city)) ?? []).map((d) => d.code).filter((code) => coversDistrict(user, code));
  const now = deps.clock.now();
  const quotaCells = (await deps.programs.list()).flatMap((program) => {
    const limit = program.quotaPerDistrict;
    if (limit === undefined) return [];
    const period = periodOf(program.periodKind, now, timeZoneOf(city));
    return districts.map((districtCode) => ({ programId: program.id, period, districtCode, limit }));
  });
  const keyOf = (c: (typeof quotaCells)[number]) => districtQuotaKey(c.programId, c.period, c.districtCode);
  const taken = await deps.quotas.taken(quotaCells.map(keyOf));

  return {
    ...summary,
    applications: [...counts.values()].sort((a, b) => order(a.programId, b.programId) || order(a.districtCode, b.districtCode) || order(a.status, b.status)),
    stageTimes: stageTimes.summary(),
    quotas: quotaCells.map((c) => ({ ...c, taken: taken.get(keyOf(c)) ?? 0 })),
  };
}
