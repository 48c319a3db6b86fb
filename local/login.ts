/**
 * The local login route (`POST /api/auth/login`), a handler of payload v2 events like the catalog's: the body is
 * parsed as every JSON route parses it (415, 413, 400, never a 500), failed sign-ins are limited per client and account
 * in the store (limitSignIn), and each sign-in leaves an audit line. On AWS Cognito signs officers in instead, with its
 * own lockout and threat protection (infra/constructs/staff-user-pool.ts), and its sign-in events go to CloudWatch.
 *
 * Imported once the stack has set the environment the adapters and the client limit read.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { clientAddress, clientOf } from '../functions/lib/client-limit.ts';
import { buildDeps } from '../functions/lib/deps.ts';
import { parseJsonBody, publicRoute } from '../functions/lib/http.ts';
import { logger } from '../functions/lib/logger.ts';
import { DomainError, unauthorized } from '../shared/domain/errors.ts';
import { loginSchema } from '../shared/schemas/application.ts';
import { limitSignIn } from '../shared/use-cases/sign-in-limits.ts';
import type { LocalIdentityProvider, LoginRefusal } from './auth.ts';
import type { LambdaHandler } from './lambda-context.ts';

type Outcome = 'signed-in' | LoginRefusal | 'refused-throttled';

export function loginRoute(identity: LocalIdentityProvider): LambdaHandler {
  const deps = buildDeps();
  const handler = publicRoute(async (event) => {
    const { username, password } = parseJsonBody(event, loginSchema);
    const client = clientOf(await clientAddress(event));
    /**
     * The audit of sign-ins: a log line, not an audit chain, since an attacker's guesses would grow a chain without
     * bound and DynamoAuditLog reads a whole chain at every append. Never the password; the name only when it is an
     * account (an unknown one is often a password typed into the name field); the client by its pseudonym.
     */
    const audit = async (outcome: Outcome) => {
      const line = {
        audit: 'staff-sign-in',
        outcome,
        ...(identity.knows(username) ? { username } : {}),
        // Enough of the pseudonym to tell clients apart in a log; shorter than any 16-digit run a NIK check looks for.
        client: (await deps.pseudonyms.pseudonym(`client|${client}`)).slice(0, 12),
      };
      if (outcome === 'signed-in') logger.info('Staff sign-in', line);
      else logger.warn('Staff sign-in refused', line);
    };
    const attempt = await limitSignIn(deps, username, client).catch(async (error: unknown) => {
      if (error instanceof DomainError && error.kind === 'TooManyRequests') await audit('refused-throttled');
      throw error;
    });
    const signedIn = await identity.login(username, password);
    // Only failures keep their slots; one that ends in an error keeps them too, as a failure would.
    if (signedIn.ok) await attempt.succeeded();
    await audit(signedIn.ok ? 'signed-in' : signedIn.refusal);
    // One answer for all three refusals, so it tells nobody which names are accounts or which are disabled.
    if (!signedIn.ok) throw unauthorized('Nama pengguna atau kata sandi salah / wrong username or password');
    return { statusCode: 200, body: signedIn.result };
  });
  return (event, context) => handler(event as APIGatewayProxyEventV2, context);
}
