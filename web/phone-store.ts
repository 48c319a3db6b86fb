/**
 * What the applicant's form keeps on the phone, in IndexedDB (idb-keyval), readable by the page and by the service
 * worker alike: the draft as it is typed, the submission waiting for a connection, and after a successful one only its
 * reference. Phones are shared: a draft and a queued submission expire 7 days after they were started, and
 * `removeAll` ("Hapus data saya dari HP ini") deletes everything. Built by web/build.ts into `js/phone-store.js` for
 * the pages and bundled into `sw.js`.
 *
 * `sendQueued` is the one way a submission leaves the phone (the page's submit, the `online` event, the next visit,
 * and Background Sync in the worker all call it): under a Web Lock, so two senders never post the same submission at
 * once, and with the submission's `Idempotency-Key`, so a resend after a lost answer gets the original 201.
 */
import { createStore, del, get, set, clear } from 'idb-keyval';

export const KEEP_DAYS = 7;
const KEEP_MS = KEEP_DAYS * 86_400_000;
export const SYNC_TAG = 'jaring-outbox';
const LOCK = 'jaring-outbox';

/** The form's controls by id: a text's value, a box's or radio's checked state. */
export type DraftFields = Record<string, string | boolean>;
/** `sentBody`: the body last queued under `idempotencyKey` (one key names one body; another body gets another key). */
export interface Draft { idempotencyKey: string; startedAt: number; fields: DraftFields; sentBody?: string }
export interface Queued { idempotencyKey: string; queuedAt: number; body: Record<string, unknown>; language: 'id' | 'en' }
/** What is left of a sent application: its reference and programme, and whether the page has told the applicant. */
export interface Sent { reference: string; programId: string; sentAt: number; told: boolean }
/** A queued submission the server answered without taking it (seen by the page at its next visit). */
export interface Refused { status: number; data: Record<string, unknown>; told: boolean }

/** Opened once per page or worker, at the first use. */
let opened: ReturnType<typeof createStore> | undefined;
const store = () => (opened ??= createStore('jaring', 'phone'));
const fresh = <T extends { startedAt?: number; queuedAt?: number }>(item: T | undefined, now: number): T | undefined =>
  item && now - (item.startedAt ?? item.queuedAt ?? 0) < KEEP_MS ? item : undefined;

async function read<T extends { startedAt?: number; queuedAt?: number }>(key: string, now = Date.now()): Promise<T | undefined> {
  const item = await get<T>(key, store());
  if (item && !fresh(item, now)) await del(key, store());
  return fresh(item, now);
}

export const draft = (now?: number) => read<Draft>('draft', now);
export const queued = (now?: number) => read<Queued>('queued', now);
export const sent = () => get<Sent>('sent', store());
export const refused = () => get<Refused>('refused', store());

/** Saves the form as it stands; the draft's key, start and last queued body stay as they were. */
export async function saveDraft(fields: DraftFields, now = Date.now()): Promise<Draft> {
  const started = await draft(now);
  const next: Draft = { ...started, idempotencyKey: started?.idempotencyKey ?? crypto.randomUUID(), startedAt: started?.startedAt ?? now, fields };
  await set('draft', next, store());
  return next;
}

/**
 * The submission waits for a connection under the draft's key, so a resend of it is recognised by the server; the
 * draft stays until it is sent. A body changed since the key was last used (fixed after a refusal) gets a new key:
 * the server answers one key with another body by a 422.
 */
export async function queue(body: Record<string, unknown>, fields: DraftFields, language: 'id' | 'en', now = Date.now()): Promise<Queued> {
  const saved = await saveDraft(fields, now);
  const sentBody = JSON.stringify(body);
  const idempotencyKey = saved.sentBody === undefined || saved.sentBody === sentBody ? saved.idempotencyKey : crypto.randomUUID();
  await set('draft', { ...saved, idempotencyKey, sentBody } satisfies Draft, store());
  const item: Queued = { idempotencyKey, queuedAt: now, body, language };
  await set('queued', item, store());
  await del('refused', store());
  return item;
}

/** Back to a draft (the page shows why the server did not take it); the key stays, the body was never stored. */
export const unqueue = () => del('queued', store());

export const markTold = async (key: 'sent' | 'refused') => {
  const item = await get<Sent | Refused>(key, store());
  if (item) await set(key, { ...item, told: true }, store());
};

export const removeAll = () => clear(store());

export type SendResult =
  | { state: 'none' }
  | { state: 'sent'; reference: string; programId: string }
  | { state: 'duplicate'; data: Record<string, unknown> }
  | { state: 'refused'; status: number; data: Record<string, unknown> }
  | { state: 'waiting' }
  | { state: 'failed'; status: number; data: Record<string, unknown>; retryAfter: number | undefined };

const withLock = async <T>(run: () => Promise<T>): Promise<T> =>
  typeof navigator !== 'undefined' && 'locks' in navigator ? (navigator.locks.request(LOCK, run) as Promise<T>) : run();

/**
 * Sends the queued submission, if any. Sent: only the reference is kept. A duplicate: nothing is kept (the server
 * has the application). A refusal (400, 409, 422): the queue is emptied and the page shows why, at once or at the
 * next visit. No answer (`waiting`) or the server failing or busy (`failed`): it stays queued.
 */
export function sendQueued(now = Date.now()): Promise<SendResult> {
  return withLock(async (): Promise<SendResult> => {
    const item = await queued(now);
    if (!item) return { state: 'none' };
    let response: Response;
    try {
      response = await fetch('/api/applications', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': item.language, 'idempotency-key': item.idempotencyKey },
        body: JSON.stringify(item.body),
        credentials: 'same-origin',
      });
    } catch {
      return { state: 'waiting' };
    }
    const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 201) {
      const result = { reference: String(data.reference), programId: String(item.body.programId) };
      await Promise.all([del('queued', store()), del('draft', store()), del('refused', store())]);
      await set('sent', { ...result, sentAt: now, told: false } satisfies Sent, store());
      return { state: 'sent', ...result };
    }
    if (response.status === 409 && data.error === 'Duplicate') {
      await Promise.all([del('queued', store()), del('draft', store())]);
      await set('refused', { status: 409, data, told: false } satisfies Refused, store());
      return { state: 'duplicate', data };
    }
    if ([400, 409, 413, 415, 422].includes(response.status)) {
      await del('queued', store());
      await set('refused', { status: response.status, data, told: false } satisfies Refused, store());
      return { state: 'refused', status: response.status, data };
    }
    return { state: 'failed', status: response.status, data, retryAfter: Number(response.headers.get('retry-after')) || undefined };
  });
}
