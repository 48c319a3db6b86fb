import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localKeyId } from '../../local/auth.ts';
import { importHandler, lambdaContext } from '../../local/lambda-context.ts';
import type { StaffAccount } from '../../local/staff-accounts.ts';

/**
 * Signs in an officer who is not one of the seeded local accounts (DESIGN §5 fixes those), as Cognito would on
 * AWS: the sign-in trigger records the officer's groups and regions in the staff directory, and the ID token is
 * signed with the local identity provider's key, so the gateway verifies it like any login's. The key lives
 * under the data folder, so the stack must have been started with `dataDir`, in this process.
 */
export async function signInOfficer(dataDir: string, account: StaffAccount): Promise<string> {
  const trigger = await importHandler('functions/events/sync-staff-account.ts');
  // The pre-token-generation event, with what the handler reads.
  await trigger({
    version: '1', region: 'ap-southeast-3', userPoolId: 'local', triggerSource: 'TokenGeneration_Authentication', userName: account.username,
    callerContext: { awsSdkVersion: 'local', clientId: 'local' },
    request: { userAttributes: { 'custom:regions': account.regions.join(',') }, groupConfiguration: { groupsToOverride: account.roles, iamRolesToOverride: [] } },
    response: { claimsOverrideDetails: {} },
  }, lambdaContext('sync-staff-account'));
  const { privateJwk } = JSON.parse(await readFile(join(dataDir, 'identity', 'identity.json'), 'utf8')) as { privateJwk: JWK };
  return new SignJWT({ 'cognito:username': account.username, 'cognito:groups': account.roles, 'custom:regions': account.regions.join(','), token_use: 'id' })
    .setProtectedHeader({ alg: 'ES256', kid: await localKeyId(privateJwk) })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(account.username)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(await importJWK(privateJwk, 'ES256'));
}
