import { DomainError } from '../domain/errors.ts';
import type { AttemptWindow } from '../ports/index.ts';
import type { Deps } from './deps.ts';
import { attemptWindow, secondsUntilEnd } from './attempt-window.ts';

/**
 * How many sign-ins may fail locally (Cognito applies its own lockout on AWS), per scope, taken in this order. Only
 * failures count, so an officer who signs in right is never refused, however often: a slot is taken in every limit
 * before the password is checked (a conditional write, so a burst of guesses cannot overshoot; a locked account that
 * still answered a right guess with 200 would let the guessing go on), and all are given back when it was right.
 * An attempt one limit refuses gives back what it took in the others, so it counts nowhere: a device held at its own
 * limit adds nothing to an account's count. Failures from ten devices (ten IPv6 /64s) fill the account's limit, and
 * sent again every window they would keep its officer out for good; so a device that signed in to the account before
 * (known for KNOWN_DEVICE_DAYS after its last sign-in there) is not held by the account's limit, only by its own two,
 * which an attacker elsewhere cannot fill. New devices wait until the window ends, five minutes at most.
 */
export const SIGN_IN_LIMITS = [
  // One device failing on many accounts (password spraying); an office behind one address mistypes far less.
  { scope: 'client', limit: 30, windowSeconds: 300 },
  // One device guessing one account: strict, and it holds back only that device.
  { scope: 'account-client', limit: 10, windowSeconds: 300 },
  // Many devices guessing one account: ten at their own limit. A known device is not held by it.
  { scope: 'account', limit: 100, windowSeconds: 300 },
] as const;

/** How long a device stays known to an account after signing in to it: long enough for leave, not for ever. */
export const KNOWN_DEVICE_DAYS = 30;

/** A sign-in let through the limits, holding a slot in each until it is known to have succeeded. */
export interface SignInAttempt {
  /** The password was right: gives every slot back, so the attempt is no failure, and remembers the device. */
  succeeded(): Promise<void>;
}

/**
 * Takes a slot for a sign-in of `username` from `client` (a client as `clientOf` names it) in every limit, or
 * refuses it with a 429 when one is full. Both go into the keys as pseudonyms: a client address is personal data,
 * and a typed name is sometimes a password typed into the wrong field.
 */
export async function limitSignIn(deps: Pick<Deps, 'attempts' | 'knownDevices' | 'pseudonyms' | 'clock'>, username: string, client: string): Promise<SignInAttempt> {
  const [account, device] = await Promise.all([deps.pseudonyms.pseudonym(`sign-in|${username}`), deps.pseudonyms.pseudonym(`client|${client}`)]);
  const keyOf = { client: `sign-in-client#${device}`, 'account-client': `sign-in-account-client#${account}#${device}`, account: `sign-in-account#${account}` };
  const now = deps.clock.now();
  // One window per limit for the whole attempt: a slot is given back to the window it was taken in.
  const taken: { key: string; window: AttemptWindow }[] = [];
  const giveBack = async () => void (await Promise.all(taken.map(({ key, window }) => deps.attempts.giveBack(key, window))));
  for (const { scope, limit, windowSeconds } of SIGN_IN_LIMITS) {
    const slot = { key: keyOf[scope], window: attemptWindow(now, windowSeconds) };
    if ((await deps.attempts.take(slot.key, slot.window, limit)) === undefined) {
      // A known device goes on without a slot in the full account's limit; asked only then, so most sign-ins skip it.
      if (scope === 'account' && (await deps.knownDevices.isKnown(account, device, now))) continue;
      await giveBack();
      const retryAfterSeconds = secondsUntilEnd(slot.window, now);
      throw new DomainError('TooManyRequests', `Terlalu banyak percobaan masuk; coba lagi dalam ${retryAfterSeconds} detik / too many sign-in attempts, try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    taken.push(slot);
  }
  const knownUntil = new Date(now.getTime() + KNOWN_DEVICE_DAYS * 24 * 60 * 60 * 1000);
  return { succeeded: async () => void (await Promise.all([giveBack(), deps.knownDevices.remember(account, device, knownUntil)])) };
}
