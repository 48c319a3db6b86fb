import { staffView, type Application } from '../domain/application.ts';
import { bilingual } from '../domain/bilingual.ts';
import { validationError } from '../domain/errors.ts';
import { TASK_KINDS, TASK_STAGES, stageWaitingIn, taskIdFor, type HumanTask } from '../domain/human-task.ts';
import { authorize, coversDistrict, isAllowed, listScope, type StaffUser } from '../domain/staff.ts';
import type { ApplicationSearchPage, SearchArea } from '../ports/application-search.ts';
import type { ApplicationSearchQuery } from '../schemas/application-search.ts';
import type { Deps } from './deps.ts';

type SearchDeps = Pick<Deps, 'applications' | 'applicationSearch' | 'programs' | 'tasks' | 'clock'>;

const cityOf = (code: string) => code.slice(0, 5);

/**
 * The areas a search reads: the district or city asked for, which must be the caller's (403 otherwise), or all of the
 * caller's regions. An admin works everywhere, so an admin names the city or district (a search of every city at
 * once would read the whole table).
 */
export function searchAreas(user: StaffUser, query: Pick<ApplicationSearchQuery, 'regencyCode' | 'districtCode'>): SearchArea[] {
  if (query.districtCode) {
    authorize(user, 'application.list', query.districtCode);
    return [{ regencyCode: cityOf(query.districtCode), districtCode: query.districtCode }];
  }
  const scope = listScope(user);
  if (query.regencyCode) {
    const city = query.regencyCode;
    if (scope === 'all' || coversDistrict(user, city)) return [{ regencyCode: city }];
    // A district officer asking for their city sees their districts of it.
    const districts = scope.filter((r) => r.startsWith(`${city}.`));
    if (!districts.length) authorize(user, 'application.list', city);
    return districts.map((districtCode) => ({ regencyCode: city, districtCode }));
  }
  if (scope === 'all') {
    throw validationError(bilingual('Pilih kota/kabupaten atau kecamatan yang dicari', 'Choose the city or district to search'), [{ path: 'regencyCode', message: 'regencyCode.required' }]);
  }
  // A district inside a city the officer also holds adds nothing: the search reads each city once.
  return scope.map((r) => (r.length > 5 ? { regencyCode: cityOf(r), districtCode: r } : { regencyCode: r }));
}

/** The open task an application waits for, as far as the search shows it: its deadline and who holds it. */
const openTaskOf = (task: HumanTask | undefined) => (task?.status === 'OPEN' ? {
  taskId: task.taskId, kind: task.kind, dueAt: task.dueAt, escalated: task.escalatedAt !== undefined,
  claimedBy: task.claimedBy ?? null, claimExpiresAt: task.claimExpiresAt ?? null,
} : null);

/**
 * `GET /api/applications`: the applications of the caller's regions matching the filters, a page at a time, with the
 * total; or the one application behind a reference. Each item is the view `GET /api/applications/{id}` gives (NIK
 * masked, identity details only for officers who may see them), with the open task of one that waits for a stage
 * (`task`, else null), so a queue searched this way still shows deadlines: the page's tasks read together.
 */
export async function searchApplications(deps: SearchDeps, user: StaffUser, query: ApplicationSearchQuery) {
  authorize(user, 'application.list'); // the role first: someone without it learns nothing from the filters
  const view = (app: Application) => staffView(app, { identity: isAllowed(user, 'application.readNik', app.address.districtCode) });
  /** The id of the task an application waits for, if it waits for one. */
  const taskIdOf = (app: Application) => {
    const kind = stageWaitingIn('application', app.status);
    return kind ? taskIdFor(app.applicationId, kind) : undefined;
  };
  const answer = async (found: ApplicationSearchPage) => {
    const taskIds = found.items.flatMap((app) => taskIdOf(app) ?? []);
    const tasks = new Map((taskIds.length ? await deps.tasks.getMany(taskIds) : []).map((task) => [task.taskId, task]));
    const taskOf = (app: Application) => { const id = taskIdOf(app); return id ? openTaskOf(tasks.get(id)) : null; };
    return { items: found.items.map((app) => ({ ...view(app), task: taskOf(app) })), nextCursor: found.nextCursor ?? null, total: found.total };
  };

  if (query.reference) {
    const match = await deps.applications.findByReference(query.reference);
    const app = match ? await deps.applications.get(match.applicationId) : undefined;
    // Outside the caller's regions it is not in the caller's search: the same empty answer as an unknown reference.
    const items = app && coversDistrict(user, app.address.districtCode) ? [app] : [];
    return answer({ items, nextCursor: undefined, total: items.length });
  }
  const areas = searchAreas(user, query);
  if (query.programId && !(await deps.programs.get(query.programId))) {
    throw validationError(bilingual('Program ini tidak ada', 'There is no such programme'), [{ path: 'programId', message: 'programId.unknown' }]);
  }
  const page = { cursor: query.cursor, limit: query.limit ?? 25 };
  const filters = { programId: query.programId, flag: query.flag };
  if (!query.overdue) return answer(await deps.applicationSearch.find(areas, { ...filters, status: query.status, period: query.period }, page));
  // Only a waiting status has an open task; any other status has no overdue application.
  const waiting = query.status ? stageWaitingIn('application', query.status) : undefined;
  if (query.status && !waiting) return answer({ items: [], nextCursor: undefined, total: 0 });
  const kinds = waiting ? [waiting] : TASK_KINDS.filter((k) => TASK_STAGES[k].subject === 'application');
  return answer(await deps.applicationSearch.overdue(kinds, areas, filters, deps.clock.now().toISOString(), page));
}
