/**
 * parseJsonBody as both runtimes deliver bodies (issue #8, defects 3 and 10): as text (the local gateway, and
 * API Gateway for text types) and as base64 bytes (API Gateway with isBase64Encoded).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors.ts';
import { parseJsonBody } from '../../functions/lib/http.ts';

const event = (body: string | Buffer, contentType = 'application/json'): APIGatewayProxyEventV2 =>
  ({ headers: { 'content-type': contentType }, ...(typeof body === 'string' ? { body, isBase64Encoded: false } : { body: body.toString('base64'), isBase64Encoded: true }) }) as unknown as APIGatewayProxyEventV2;

/** The refusal parseJsonBody throws, as the error responder would answer it. */
function refusal(e: APIGatewayProxyEventV2): { kind: string; issues: Array<{ path: string; message: string }> } {
  try {
    parseJsonBody(e, z.unknown());
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, issues: (error.details.issues as Array<{ path: string; message: string }>) ?? [] };
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('encoding', () => {
  it('refuses invalid UTF-8 sent as bytes (base64): truncated, overlong, a lone continuation, an encoded surrogate', () => {
    for (const bytes of [[0x7b, 0x22, 0xc3, 0x22, 0x7d], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(refusal(event(Buffer.from(bytes))), bytes.join()).toEqual({ kind: 'ValidationError', issues: [{ path: '', message: 'body.utf8' }] });
    }
    expect(parseJsonBody(event(Buffer.from('{"fullName":"Siti Aminah ✓ 𝓐"}')), z.unknown())).toEqual({ fullName: 'Siti Aminah ✓ 𝓐' });
  });

  it('refuses text in which invalid bytes were already replaced by U+FFFD upstream', () => {
    const decoded = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]).toString('utf8');
    expect(decoded).toContain('\ufffd');
    expect(refusal(event(decoded)).issues).toEqual([{ path: '', message: 'body.utf8' }]);
  });

  it('answers 415 for a charset other than UTF-8, and reads UTF-8 however it is spelt', () => {
    for (const contentType of ['application/json; charset=utf-16', 'application/json;charset=UTF-16LE', 'application/json; charset="iso-8859-1"', 'text/plain', 'application/jsonx']) {
      expect(refusal(event('{}', contentType)).kind, contentType).toBe('UnsupportedMediaType');
    }
    for (const contentType of ['application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"', 'application/json; charset=utf8', 'application/json ;  charset=UTF-8']) {
      expect(parseJsonBody(event('{"a":1}', contentType), z.unknown()), contentType).toEqual({ a: 1 });
    }
  });
});

describe('duplicate keys', () => {
  it('are refused, naming each, however the key is escaped and however deep it sits', () => {
    expect(refusal(event('{"consent":false,"consent":true}')).issues).toEqual([{ path: 'consent', message: 'body.duplicateKey' }]);
    expect(refusal(event('{"consent":true,"cons\\u0065nt":true}')).issues).toEqual([{ path: 'consent', message: 'body.duplicateKey' }]);
    expect(refusal(event('{"a":[1,{"b":{"c":"}\\"{,","c":2}}],"d":1,"d":2}')).issues.map((i) => i.path)).toEqual(['a.1.b.c', 'd']);
    // The same key in different objects is no duplicate.
    expect(parseJsonBody(event('{"a":{"k":1},"b":{"k":2},"c":[{"k":3},{"k":4}]}'), z.unknown())).toEqual({ a: { k: 1 }, b: { k: 2 }, c: [{ k: 3 }, { k: 4 }] });
  });

  it('never reports one in JSON that has none, at any nesting JSON.parse takes (property)', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        expect(parseJsonBody(event(text), z.unknown())).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
    const deep = `${'['.repeat(20_000)}{"a":1,"a":2}${']'.repeat(20_000)}`;
    expect(refusal(event(deep)).issues).toEqual([{ path: `${'0.'.repeat(20_000)}a`, message: 'body.duplicateKey' }]);
  });

  it('finds every key repeated into an object, wherever it was repeated (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }).filter((k) => !k.includes('\ufffd')), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }), fc.nat(), fc.jsonValue({ maxDepth: 1 }), (object, pick, value) => {
        const keys = Object.keys(object);
        const repeated = keys[pick % keys.length] as string;
        const text = `{"outer":${JSON.stringify(object).slice(0, -1)},${JSON.stringify(repeated)}:${JSON.stringify(value)}}}`;
        expect(refusal(event(text)).issues).toEqual([{ path: `outer.${repeated}`, message: 'body.duplicateKey' }]);
      }),
      { numRuns: 300 },
    );
  });
});
