import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Application } from '../../../shared/domain/application.ts';
import type { HumanTask, TaskKind } from '../../../shared/domain/human-task.ts';
import type { ApplicationFilters, ApplicationSearch, ApplicationSearchPage, SearchArea } from '../../../shared/ports/application-search.ts';
import { keys } from '../table-layout.ts';
import { getAll, stripKeys } from './item.ts';
import { countPlan, indexKeyOf, readPlan, type PlannedQuery } from './query-plan.ts';

type Expression = { conditions: string[]; names: Record<string, string>; values: Record<string, unknown> };

/** The filters as one FilterExpression over attributes of the item read (an application, or a task). */
function filterOf(filters: Omit<ApplicationFilters, 'flag'>, flag: { attribute: string; code?: string }): Expression {
  const e: Expression = { conditions: [], names: {}, values: {} };
  for (const [field, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    e.conditions.push(`#${field} = :${field}`);
    e.names[`#${field}`] = field;
    e.values[`:${field}`] = value;
  }
  if (flag.code) {
    e.conditions.push('contains(#flags, :flag)');
    e.names['#flags'] = flag.attribute;
    e.values[':flag'] = flag.code;
  }
  return e;
}

const withFilter = (input: PlannedQuery['input'], e: Expression): PlannedQuery['input'] => ({
  ...input,
  ...(e.conditions.length ? { FilterExpression: e.conditions.join(' AND '), ExpressionAttributeNames: e.names } : {}),
  ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ...e.values },
});

/** The cities of the areas, each once, with its districts (or 'whole' when the city itself is an area). */
function byCity(areas: readonly SearchArea[]): Map<string, string[] | 'whole'> {
  const cities = new Map<string, string[] | 'whole'>();
  for (const area of areas) {
    const listed = cities.get(area.regencyCode);
    if (!area.districtCode) cities.set(area.regencyCode, 'whole');
    else if (listed !== 'whole') cities.set(area.regencyCode, [...new Set([...(listed ?? []), area.districtCode])]);
  }
  return cities;
}

/** Applications per page when a report reads them all. */
const EACH_PAGE = 1000;

export class DynamoApplicationSearch implements ApplicationSearch {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async find(areas: readonly SearchArea[], filters: ApplicationFilters, page: { cursor?: string; limit: number }): Promise<ApplicationSearchPage> {
    return this.run(this.areaPlan(areas, filters), page, (items) => items.map((item) => stripKeys<Application>(item)));
  }

  async *each(areas: readonly SearchArea[]): AsyncIterable<Application> {
    const plan = this.areaPlan(areas, {});
    let cursor: string | undefined;
    do {
      const page = await readPlan(this.db, this.tableName, plan, { cursor, limit: EACH_PAGE });
      for (const item of page.items) yield stripKeys<Application>(item);
      cursor = page.cursor;
    } while (cursor);
  }

  private areaPlan(areas: readonly SearchArea[], filters: ApplicationFilters): PlannedQuery[] {
    const { flag, ...attributes } = filters;
    const filter = filterOf(attributes, { attribute: 'flagCodes', code: flag });
    // One query per city, or per district of a city (a key prefix), so a district reads only its own applications.
    return [...byCity(areas)].flatMap(([city, districts]) =>
      (districts === 'whole' ? [undefined] : districts).map((district): PlannedQuery => {
        const partition = keys.cityApplications(city);
        const prefix = district === undefined ? undefined : keys.districtApplicationsPrefix(district);
        return {
          input: withFilter({
            IndexName: 'gsi4',
            KeyConditionExpression: prefix ? 'gsi4pk = :city AND begins_with(gsi4sk, :district)' : 'gsi4pk = :city',
            ExpressionAttributeValues: { ':city': partition, ...(prefix ? { ':district': prefix } : {}) },
          }, filter),
          owns: (key) => key.gsi4pk === partition && (prefix === undefined || (key.gsi4sk ?? '').startsWith(prefix)),
          keyOf: indexKeyOf('gsi4'),
        };
      }));
  }

  async overdue(kinds: readonly TaskKind[], areas: readonly SearchArea[], filters: Omit<ApplicationFilters, 'status' | 'period'>, now: string, page: { cursor?: string; limit: number }): Promise<ApplicationSearchPage> {
    const { flag, ...attributes } = filters;
    const base = filterOf(attributes, { attribute: 'flags', code: flag });
    // An open task is in its city's queue (gsi2) until it is decided or closed; past `dueAt` it is overdue.
    base.conditions.push('#dueAt < :now');
    base.names['#dueAt'] = 'dueAt';
    base.values[':now'] = now;
    const plan: PlannedQuery[] = kinds.flatMap((kind) => [...byCity(areas)].map(([city, districts]): PlannedQuery => {
      const partition = keys.taskQueue(kind, city);
      const narrowed: Expression = districts === 'whole' ? base : {
        conditions: [...base.conditions, `districtCode IN (${districts.map((_, i) => `:d${i}`).join(', ')})`],
        names: base.names,
        values: { ...base.values, ...Object.fromEntries(districts.map((d, i) => [`:d${i}`, d])) },
      };
      return {
        input: withFilter({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :queue', ExpressionAttributeValues: { ':queue': partition } }, narrowed),
        owns: (key) => key.gsi2pk === partition,
        keyOf: indexKeyOf('gsi2'),
      };
    }));
    return this.run(plan, page, async (items) => {
      const tasks = items.map((item) => stripKeys<HumanTask>(item)).filter((t) => t.applicationId !== undefined);
      const found = await getAll(this.db, this.tableName, tasks.map((t) => keys.application(t.applicationId!)));
      return found.map((item) => stripKeys<Application>(item));
    });
  }

  private async run(plan: PlannedQuery[], page: { cursor?: string; limit: number }, toApplications: (items: Record<string, unknown>[]) => Application[] | Promise<Application[]>): Promise<ApplicationSearchPage> {
    const [read, total] = await Promise.all([readPlan(this.db, this.tableName, plan, page), countPlan(this.db, this.tableName, plan)]);
    return { items: await toApplications(read.items), nextCursor: read.cursor, total };
  }
}
