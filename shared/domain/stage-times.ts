/**
 * How long applications wait in each stage, for the dashboard (issue #10): from an application's timeline, the time
 * between entering a status and leaving it, over every application that has left it. An application still waiting
 * counts in no duration (its wait is not over), so a stage's figures describe finished waits only and say how many.
 */
import { ACTIVE_STATUSES, type ApplicationStatus } from './application-status.ts';
import type { TimelineEntry } from './application.ts';

export interface StageTime {
  status: ApplicationStatus;
  /** Finished waits measured. */
  count: number;
  /** Milliseconds; undefined when no wait in this stage has finished. */
  medianMs?: number;
  p90Ms?: number;
}

/** The nearest-rank percentile (0 < p <= 100) of ascending values: the smallest value at least p% of them reach. */
export function percentile(ascending: readonly number[], p: number): number | undefined {
  if (ascending.length === 0) return undefined;
  return ascending[Math.max(0, Math.ceil((p / 100) * ascending.length) - 1)];
}

/** Collects the finished waits of many timelines, a timeline at a time, and keeps only the durations. */
export class StageTimes {
  private readonly waits = new Map<ApplicationStatus, number[]>(ACTIVE_STATUSES.map((s) => [s, []]));

  add(timeline: readonly Pick<TimelineEntry, 'status' | 'at'>[]): void {
    for (let i = 0; i + 1 < timeline.length; i++) {
      const { status, at } = timeline[i]!;
      const ms = Date.parse(timeline[i + 1]!.at) - Date.parse(at);
      // A stage with no person in it (SUBMITTED, SCREENING) counts as well: a slow screening is worth seeing.
      if (Number.isFinite(ms) && ms >= 0) this.waits.get(status)?.push(ms);
    }
  }

  /** Per active stage, in lifecycle order: how many finished waits, their median and 90th percentile. */
  summary(): StageTime[] {
    return ACTIVE_STATUSES.map((status) => {
      const waits = [...(this.waits.get(status) ?? [])].sort((a, b) => a - b);
      return { status, count: waits.length, medianMs: percentile(waits, 50), p90Ms: percentile(waits, 90) };
    });
  }
}
