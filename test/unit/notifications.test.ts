/**
 * The notification table's texts (shared/domain/notifications.ts): every event in both languages, GSM-7 only (no
 * character that would force UCS-2 and cut a segment to 70), one SMS segment with the longest values where the table
 * says so, the reason's explanation for every catalogue code, and nothing from the application but what is passed in.
 */
import { describe, expect, it } from 'vitest';
import { newReference } from '../../shared/domain/application.ts';
import { APPLICATION_STATUSES } from '../../shared/domain/application-status.ts';
import { gsm7Length, maskPhone, messageIdOf, notice, NOTIFICATION_EVENT_NAMES, NOTIFICATION_EVENTS, smsSegments, STATUS_EVENTS, type NotificationEvent } from '../../shared/domain/notifications.ts';
import { REJECTION_REASONS } from '../../shared/domain/reason-codes.ts';

const reference = newReference(new Date('2026-12-01T00:00:00Z'), new Uint8Array(10).fill(31)); // JRG-2612-ZZZZZ-ZZZZZ
const payment = { reference, amount: 10_000_000, period: '2026-S2' };

/** Every text an event can have: a rejection's for each reason, a payment's with the largest amount. */
function textsOf(event: NotificationEvent) {
  if (event === 'rejected') return REJECTION_REASONS.map((r) => notice('app', event, { reference, reasonCode: r.code }).text);
  if (event.startsWith('payment-')) return [notice('app', event as 'payment-sent', payment).text];
  return [notice('app', event as 'received', { reference }).text];
}

describe('notification texts', () => {
  it.each(NOTIFICATION_EVENT_NAMES)('%s: GSM-7 in both languages, one segment where the table says so', (event) => {
    for (const text of textsOf(event)) {
      for (const words of [text.id, text.en]) {
        expect(gsm7Length(words), words).toBeDefined();
        if (NOTIFICATION_EVENTS[event].oneSegment) expect(gsm7Length(words), words).toBeLessThanOrEqual(160);
        else expect(smsSegments(words), words).toBeLessThanOrEqual(3);
        expect(words).toContain(reference);
        expect(words).not.toMatch(/\{|\}|undefined|NaN/);
      }
    }
  });

  it('names the reason of a rejection in the catalogue\'s own words, and any unknown code as OTHER', () => {
    for (const reason of REJECTION_REASONS) {
      const text = notice('app', 'rejected', { reference, reasonCode: reason.code }).text;
      expect(text.id).toContain(reason.explanation.id);
      expect(text.en).toContain(reason.explanation.en);
    }
    const other = REJECTION_REASONS.find((r) => r.code === 'OTHER');
    expect(notice('app', 'rejected', { reference, reasonCode: 'free text a clerk typed' }).text.id).toContain(other?.explanation.id);
  });

  it('gives the received, decision and withdrawal statuses a message, and the statuses in between none', () => {
    expect(APPLICATION_STATUSES.filter((s) => STATUS_EVENTS[s])).toEqual(['SUBMITTED', 'APPROVED', 'REJECTED', 'WITHDRAWN']);
  });

  it('counts GSM-7 septets as a phone does', () => {
    expect(gsm7Length('a'.repeat(160))).toBe(160);
    expect(gsm7Length('€')).toBe(2); // an extension character takes two
    expect(gsm7Length('’')).toBeUndefined(); // a curly quote forces UCS-2
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('a'.repeat(307))).toBe(3);
  });

  it('makes one message id per application, event and occurrence, and masks all but the last four digits', () => {
    expect(messageIdOf({ applicationId: 'a', event: 'received' })).toBe('a.received');
    expect(messageIdOf({ applicationId: 'a', event: 'reference-resent', occurrence: '2026-12-01T03' })).toBe('a.reference-resent.2026-12-01T03');
    expect(maskPhone('+6281311117890')).toBe('****7890');
  });
});
