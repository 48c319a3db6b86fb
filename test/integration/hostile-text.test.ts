/**
 * Hostile text and hostile bodies (issue #8, defects 3 and 10) through the real gateway and handlers: each class
 * of character in each free-text field is a 400 naming the field, and nothing is stored; so are invalid UTF-8
 * and duplicate keys; a JSON body in another charset is a 415. Its own stack, so no workflow writes while the
 * store is counted (the one application that is accepted comes last).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { countItems } from '../support/table.ts';

let stack: LocalStack;
let api: ApiClient;
let verifier: string;

beforeAll(async () => {
  // Far more submissions than one client may send in a minute; the limit is intake-limit.test.ts's subject.
  stack = await startLocalStack({ intakeLimitPerMinute: 1000 });
  api = apiClient(stack.url);
  verifier = await api.login('verifikator.tangerang');
});
afterAll(() => stack?.close());

const UNKNOWN_TASK = '00000000-0000-4000-8000-000000000000.verification';

/** One character of each class the text schema refuses, in the middle of otherwise good text. */
const HOSTILE: Array<[string, string]> = [
  ['NUL', '\u0000'], ['BEL', '\u0007'], ['an ESC sequence', '\u001b[31m'], ['DEL', '\u007f'], ['U+0085 (NEL)', '\u0085'],
  ['a right-to-left override', '\u202e'], ['a bidi isolate', '\u2066'], ['a zero-width space', '\u200b'],
  ['a lone surrogate', '\ud800'], ['a noncharacter', '\ufdd0'], ['a private-use character', '\ue000'], ['the replacement character', '\ufffd'],
];
const ONE_LINE_ONLY: Array<[string, string]> = [['a line feed', '\n'], ['a carriage return', '\r'], ['a tab', '\t']];

interface Refusal { error: string; message: string; issues?: Array<{ path: string; message: string }> }

/**
 * JSON text for a body, with U+FFFD as its escape: sent as the character itself it is what a decoder makes of
 * invalid UTF-8, refused for the whole body before any field is read (below).
 */
const jsonOf = (body: unknown) => JSON.stringify(body).replaceAll('\ufffd', '\\ufffd');

type Body = ReturnType<typeof applicationBody>;
const APPLICATION_FIELDS: Array<{ path: string; label: RegExp; set(body: Body, value: string): void }> = [
  { path: 'fullName', label: /Nama lengkap/, set: (b, v) => { b.fullName = v; } },
  { path: 'address.street', label: /Alamat jalan/, set: (b, v) => { b.address.street = v; } },
  { path: 'payout.accountName', label: /Nama pemilik rekening/, set: (b, v) => { b.payout.accountName = v; } },
];

async function expectRefusedAndNothingStored(send: () => Promise<{ status: number; json: Refusal }>, status: number, error: string, path?: string, label?: RegExp) {
  const before = await countItems(stack.dynamoUrl);
  const r = await send();
  expect(r.status).toBe(status);
  expect(r.json.error).toBe(error);
  if (path !== undefined) {
    const issue = r.json.issues?.find((i) => i.path === path);
    expect(issue, JSON.stringify(r.json)).toBeDefined();
    if (label) expect(issue?.message).toMatch(label);
  }
  expect(await countItems(stack.dynamoUrl)).toEqual(before);
}

describe('hostile text in the application body is a 400 naming the field, and nothing is stored', () => {
  const cases = APPLICATION_FIELDS.flatMap((field) => [...HOSTILE, ...ONE_LINE_ONLY].map(([what, chars]) => ({ field, what, chars })));
  it.each(cases)('$field.path with $what', async ({ field, chars }) => {
    const body = applicationBody();
    field.set(body, `Siti${chars}Aminah`);
    await expectRefusedAndNothingStored(() => api.call<Refusal>('POST', '/api/applications', { rawBody: jsonOf(body) }), 400, 'ValidationError', field.path, field.label);
  });

  it('a name made only of zero-width spaces, and one without a letter', async () => {
    for (const fullName of ['\u200b\u200b\u200b', '12345']) {
      await expectRefusedAndNothingStored(() => api.call<Refusal>('POST', '/api/applications', { body: { ...applicationBody(), fullName } }), 400, 'ValidationError', 'fullName', /Nama lengkap/);
    }
  });
});

/** A POST with the body as bytes, which the API client (a string body) cannot send. */
async function postBytes(path: string, bytes: Buffer, contentType = 'application/json'): Promise<{ status: number; json: Refusal }> {
  const response = await fetch(stack.url + path, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) });
  return { status: response.status, json: (await response.json()) as Refusal };
}

describe('hostile bodies', () => {
  it('invalid UTF-8 is a 400, not text with U+FFFD stored in its place', async () => {
    const json = Buffer.from(JSON.stringify({ ...applicationBody(), fullName: 'Siti XX Aminah' }));
    const at = json.indexOf('XX');
    json[at] = 0xc3; // a lead byte followed by a byte that cannot continue it
    json[at + 1] = 0x28;
    await expectRefusedAndNothingStored(() => postBytes('/api/applications', json), 400, 'ValidationError', '', /UTF-8/);
    const overlong = Buffer.concat([Buffer.from('{"reference":"JRG-2611-AAAAAAAA","nik":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
    await expectRefusedAndNothingStored(() => postBytes('/api/status-check', overlong), 400, 'ValidationError', '', /UTF-8/);
    // What the bytes above become once decoded as text (so API Gateway may deliver them): the same refusal.
    const decoded = JSON.stringify({ ...applicationBody(), fullName: 'Siti \ufffd Aminah' });
    await expectRefusedAndNothingStored(() => api.call<Refusal>('POST', '/api/applications', { rawBody: decoded }), 400, 'ValidationError', '', /UTF-8/);
  });

  it('a duplicate key is a 400 naming it, whichever value comes last', async () => {
    const text = JSON.stringify(applicationBody()).replace('"consent":true', '"consent":false,"consent":true');
    expect(text).toContain('"consent":false,"consent":true');
    await expectRefusedAndNothingStored(() => api.call<Refusal>('POST', '/api/applications', { rawBody: text }), 400, 'ValidationError', 'consent', /lebih dari sekali/);
    const nested = JSON.stringify(applicationBody()).replace('"method":"BANK"', '"method":"BANK","method":"BANK"');
    await expectRefusedAndNothingStored(() => api.call<Refusal>('POST', '/api/applications', { rawBody: nested }), 400, 'ValidationError', 'payout.method');
  });

  it('JSON in a charset other than UTF-8 is a 415; UTF-8 named as such is read', async () => {
    const body = { ...applicationBody(), fullName: '' };
    for (const contentType of ['application/json; charset=utf-16', 'application/json;charset="ISO-8859-1"']) {
      await expectRefusedAndNothingStored(() => api.call<Refusal>('POST', '/api/applications', { body, contentType }), 415, 'UnsupportedMediaType');
    }
    const utf16 = Buffer.from(JSON.stringify(body), 'utf16le');
    await expectRefusedAndNothingStored(() => postBytes('/api/applications', utf16, 'application/json; charset=UTF-16LE'), 415, 'UnsupportedMediaType');
    // Read, and refused for the empty name: the charset itself is fine.
    await expectRefusedAndNothingStored(() => api.call<Refusal>('POST', '/api/applications', { body, contentType: 'application/json; charset=UTF-8' }), 400, 'ValidationError', 'fullName');
  });
});

describe('staff free text is refused likewise', () => {
  it.each([...HOSTILE, ['a form feed', '\u000c'] as [string, string]])('a decision note and an information request with %s', async (_what, chars) => {
    const decide = () => api.call<Refusal>('POST', `/api/tasks/${UNKNOWN_TASK}/decision`, { token: verifier, rawBody: jsonOf({ decision: 'APPROVE', note: `Rumah${chars}dikunjungi` }) });
    await expectRefusedAndNothingStored(decide, 400, 'ValidationError', 'note', /Catatan keputusan/);
    const ask = () => api.call<Refusal>('POST', `/api/tasks/${UNKNOWN_TASK}/request-info`, { token: verifier, rawBody: jsonOf({ message: `Mohon bawa${chars} KK asli` }) });
    await expectRefusedAndNothingStored(ask, 400, 'ValidationError', 'message', /Pesan permintaan informasi/);
  });

  it('answers in English when asked', async () => {
    const response = await fetch(`${stack.url}/api/tasks/${UNKNOWN_TASK}/request-info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${verifier}`, 'accept-language': 'en' },
      body: JSON.stringify({ message: 'Mohon \u202ebawa KK asli' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Refusal).issues).toEqual([{ path: 'message', message: expect.stringMatching(/^The information request message .*bidi/) }]);
  });
});

describe('accepted text is stored normalised', () => {
  it('in NFC and trimmed', async () => {
    const body = { ...applicationBody(), fullName: '  Jose\u0301 Sa\u0301nchez  ' };
    const created = await api.call<{ applicationId: string }>('POST', '/api/applications', { body });
    expect(created.status).toBe(201);
    const stored = await api.call<{ fullName: string }>('GET', `/api/applications/${created.json.applicationId}`, { token: verifier });
    expect(stored.json.fullName).toBe('José Sánchez');
  });
});
