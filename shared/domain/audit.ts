/*
 * Audit events, hash-chained per application: each event's hash covers its content and the previous hash,
 * so altering, removing or reordering a stored event breaks the chain.
 */
import { sha256Hex } from './hash.ts';

export interface AuditEventInput {
  /** Deterministic per fact (e.g. `status:PENDING_APPROVAL`), so a step that runs again records it once. */
  eventId: string;
  actor: string;
  action: string;
  before?: string;
  after?: string;
  detail?: Record<string, string>;
  at: string;
}

export interface AuditEvent extends AuditEventInput {
  applicationId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: sorted keys, so the hash does not depend on how a store orders attributes. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function chainEvent(applicationId: string, input: AuditEventInput, previous: AuditEvent | undefined): Promise<AuditEvent> {
  const seq = (previous?.seq ?? 0) + 1;
  const prevHash = previous?.hash ?? GENESIS_HASH;
  const hash = await sha256Hex(canonical({ ...input, applicationId, seq, prevHash }));
  return { ...input, applicationId, seq, prevHash, hash };
}

/** True when every event links to its predecessor and its hash matches its content. */
export async function verifyChain(events: readonly AuditEvent[]): Promise<boolean> {
  let previous: AuditEvent | undefined;
  for (const event of events) {
    const { seq: _s, prevHash: _p, hash: _h, applicationId, ...input } = event;
    const expected = await chainEvent(applicationId, input, previous);
    if (event.seq !== expected.seq || event.prevHash !== expected.prevHash || event.hash !== expected.hash) return false;
    previous = event;
  }
  return true;
}
