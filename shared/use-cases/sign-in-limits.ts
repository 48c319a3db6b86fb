import { DomainError } from '../domain/errors.ts';
import type { RateLimiter } from '../ports/index.ts';
import type { Deps } from './deps.ts';

/**
 * How many sign-in attempts the local login takes (Cognito applies its own lockout on AWS), checked in this order.
 * An attempt one limit refuses is not counted by the next, so a device held at its own limit adds nothing to an
 * account's count: locking an officer out for everyone takes guesses from ten devices (ten IPv6 /64s), and lasts
 * until the window ends, five minutes at most. Every attempt counts, a right password too: the RateLimiter port
 * counts and checks in one step, and the check must come before the password is (a locked account that still
 * answered a right guess with 200 would let the guessing go on). An officer signs in a few times a day.
 */
export const SIGN_IN_LIMITS = [
  // One device trying many accounts (password spraying), or one account very fast.
  { scope: 'client', limit: 30, windowSeconds: 60 },
  // One device guessing one account: strict, and it holds back only that device.
  { scope: 'account-client', limit: 10, windowSeconds: 300 },
  // Many devices guessing one account.
  { scope: 'account', limit: 100, windowSeconds: 300 },
] as const;

/**
 * Counts a sign-in attempt for `username` from `client` (a client as `clientOf` names it) and refuses it with a
 * 429 past any limit. Both go into the keys as pseudonyms: a client address is personal data, and a typed name
 * is sometimes a password typed into the wrong field.
 */
export async function limitSignIn(deps: Pick<Deps, 'pseudonyms'> & { limiter: RateLimiter }, username: string, client: string): Promise<void> {
  const [account, device] = await Promise.all([deps.pseudonyms.pseudonym(`sign-in|${username}`), deps.pseudonyms.pseudonym(`client|${client}`)]);
  const keyOf = { client: `sign-in-client#${device}`, 'account-client': `sign-in-account-client#${account}#${device}`, account: `sign-in-account#${account}` };
  for (const { scope, limit, windowSeconds } of SIGN_IN_LIMITS) {
    const { allowed, retryAfterSeconds } = await deps.limiter.hit(keyOf[scope], limit, windowSeconds);
    if (!allowed) {
      throw new DomainError('TooManyRequests', `Terlalu banyak percobaan masuk; coba lagi dalam ${retryAfterSeconds} detik / too many sign-in attempts, try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
  }
}
