import type { Application, FlagCode } from '../domain/application.ts';
import type { ApplicationStatus } from '../domain/application-status.ts';
import type { TaskKind } from '../domain/human-task.ts';

/** Where to search: a city, or one district of it (a key prefix of the city's index, not a filter). */
export interface SearchArea {
  regencyCode: string;
  districtCode?: string;
}

/** What every application found must match; each one given narrows the search. */
export interface ApplicationFilters {
  status?: ApplicationStatus;
  programId?: string;
  period?: string;
  /** A screening flag the application carries. */
  flag?: FlagCode;
}

export interface ApplicationSearchPage {
  items: Application[];
  /** Opaque; resumes right after the last item. Undefined on the last page. */
  nextCursor: string | undefined;
  /** Every application matching the search, whatever the page. */
  total: number;
}

export interface ApplicationSearch {
  /** Applications in the areas (one area after another; in each, by district, then oldest first) matching the filters. */
  find(areas: readonly SearchArea[], filters: ApplicationFilters, page: { cursor?: string; limit: number }): Promise<ApplicationSearchPage>;
  /** Every application in the areas, a page at a time and uncounted (reports keep totals only). */
  each(areas: readonly SearchArea[]): AsyncIterable<Application>;
  /**
   * Applications whose open task of one of `kinds` was due before `now` (read from the open tasks, so highest
   * priority first); the task knows no period, so `period` is not among the filters.
   */
  overdue(kinds: readonly TaskKind[], areas: readonly SearchArea[], filters: Omit<ApplicationFilters, 'status' | 'period'>, now: string, page: { cursor?: string; limit: number }): Promise<ApplicationSearchPage>;
}
