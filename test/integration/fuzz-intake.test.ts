/**
 * 1,000+ hostile bodies against POST /api/applications through the real gateway: each must get a 4xx whose
 * body names the problem, none a 5xx, and nothing may be stored. Every generated body is invalid by
 * construction (wrong type, missing or extra field, oversized, control characters, prototype keys, deep
 * nesting, not an object at all), so a 201 would be a bug too.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { countItems } from '../support/table.ts';

let stack: LocalStack;
let api: ApiClient;
beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(() => stack?.close());

const FIELDS = ['programId', 'nik', 'kk', 'fullName', 'birthDate', 'gender', 'phone', 'address', 'household', 'payout', 'consent'] as const;
type Body = Record<string, unknown>;

const deep = (depth: number): unknown => (depth === 0 ? 'x' : { nested: deep(depth - 1) });
const controlChars = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 20 });
const unicode = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
/** A value of the wrong kind for every field (all fields hold strings, objects or `true`). */
const wrongType = fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.constant(false));

const hostile: fc.Arbitrary<{ what: string; body: Body | string }> = fc.oneof(
  fc.record({ field: fc.constantFrom(...FIELDS), value: wrongType }).map(({ field, value }) => ({ what: `wrong type for ${field}`, body: { ...applicationBody(), [field]: value } })),
  fc.constantFrom(...FIELDS).map((field) => {
    const { [field]: _dropped, ...rest } = applicationBody();
    return { what: `missing ${field}`, body: rest };
  }),
  fc.record({ key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'status', 'applicationId'), value: fc.jsonValue({ maxDepth: 2 }) })
    .map(({ key, value }) => ({ what: `extra key ${key}`, body: JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value ?? null)}, ${JSON.stringify(applicationBody()).slice(1)}`) as Body })),
  fc.record({ field: fc.constantFrom('address', 'household', 'payout'), key: fc.constantFrom('__proto__', 'constructor', 'extra') })
    .map(({ field, key }) => {
      const body = applicationBody() as Body;
      const inner = JSON.parse(`{${JSON.stringify(key)}: {"polluted": true}, ${JSON.stringify(body[field]).slice(1)}`) as Body;
      return { what: `extra key ${field}.${key}`, body: { ...body, [field]: inner } };
    }),
  fc.record({ field: fc.constantFrom('nik', 'kk', 'phone', 'birthDate', 'programId', 'gender'), value: fc.oneof(controlChars, unicode) })
    .map(({ field, value }) => ({ what: `odd characters in ${field}`, body: { ...applicationBody(), [field]: value } })),
  fc.record({ field: fc.constantFrom('fullName', 'nik', 'programId'), size: fc.integer({ min: 101, max: 80_000 }) })
    .map(({ field, size }) => ({ what: `huge ${field}`, body: { ...applicationBody(), [field]: 'A'.repeat(size) } })),
  fc.record({ field: fc.constantFrom(...FIELDS), depth: fc.integer({ min: 2, max: 2_000 }) })
    .map(({ field, depth }) => ({ what: `deep nesting in ${field}`, body: { ...applicationBody(), [field]: deep(depth) } })),
  fc.jsonValue({ maxDepth: 3 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => ({ what: 'not an object', body: JSON.stringify(v) })),
  fc.string({ maxLength: 200 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }).map((s) => ({ what: 'not JSON', body: s })),
);

describe('hostile intake bodies', () => {
  it('get a 4xx naming the problem, never a 5xx, and store nothing', async () => {
    const before = await countItems(stack.dynamoUrl);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostile, async ({ what, body }) => {
        const r = await api.call<{ error?: string; message?: string; issues?: Array<{ path: string; message: string }> }>('POST', '/api/applications', typeof body === 'string' ? { rawBody: body } : { body });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
        expect(r.json?.error, what).toEqual(expect.any(String));
        expect(r.json?.message, what).toEqual(expect.any(String));
        if (r.status === 400) expect(r.json?.issues?.length, what).toBeGreaterThan(0);
      }),
      { numRuns: 1_200 },
    );
    expect(await countItems(stack.dynamoUrl)).toEqual(before);
    // Both the schema (400) and the size limit (413) were exercised.
    expect(statuses.get(400)).toBeGreaterThan(500);
    expect(statuses.get(413)).toBeGreaterThan(0);
  });
});
