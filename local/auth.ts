/**
 * Local identity provider: what Cognito does on AWS. Staff passwords are stored as scrypt hashes and the
 * ES256 signing key is generated at first start under the data folder (never committed). Tokens carry the
 * claims Cognito puts in its ID token (`cognito:username`, `cognito:groups`, `custom:regions`, `token_use`) and,
 * as Cognito's always do, the `kid` of the key that signed them.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { IdentityProvider } from '../shared/ports/identity-provider.ts';
import type { StaffAccount } from './staff-accounts.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 32;
/** One working day, as the Cognito client's ID tokens on AWS. */
const TOKEN_TTL_SECONDS = 8 * 3600;
export const LOCAL_ISSUER = 'jaring-local';
export const LOCAL_AUDIENCE = 'jaring-staff-console';
/**
 * How far ahead of our clock a token's iat may be. API Gateway refuses an iat after the current time; the signer
 * here shares the gateway's clock, so this only covers the second a token is signed in.
 */
const ISSUED_AT_SKEW_SECONDS = 5;
/** A compact JWS of three base64url parts, without padding or anything else a lenient decoder would skip. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The key's id in token headers: its RFC 7638 thumbprint, so a new key (a new data folder) has a new id. */
export async function localKeyId(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
}

/**
 * True when every part is base64url as its encoder writes it. jose decodes with atob on Node 20, which takes
 * padding, whitespace and set spare bits in the last character: one signature could be spelled several ways.
 */
function canonicalCompactJws(token: string): boolean {
  return COMPACT_JWS.test(token) && token.split('.').every((part) => Buffer.from(part, 'base64url').toString('base64url') === part);
}

interface StoredUser extends StaffAccount {
  passwordHash: string; // scrypt$<salt b64>$<hash b64>
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [, salt, hash] = stored.split('$');
  const expected = Buffer.from(hash ?? '', 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt ?? '', 'base64'), KEY_LENGTH);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { username: string; roles: string[]; regions: string[] };
}

/** Why a sign-in got no token, for the audit line only: the caller is told the same 401 for all three. */
export type LoginRefusal = 'unknown-account' | 'wrong-password' | 'disabled';

/** Also what Cognito's admin calls do on AWS (setRolesAndRegions, served to the handlers by local/cognito-endpoint.ts). */
export interface LocalIdentityProvider extends IdentityProvider {
  /** Every account with its roles and regions as they stand now. */
  accounts(): StaffAccount[];
  login(username: string, password: string): Promise<{ ok: true; result: LoginResult } | { ok: false; refusal: LoginRefusal }>;
  /** Whether the name is one of the accounts (for the audit line, which writes down only names of accounts). */
  knows(username: string): boolean;
  /** Verifies a bearer token as the API Gateway JWT authorizer would; returns its claims or undefined. */
  verify(token: string): Promise<JWTPayload | undefined>;
}

/** Loads (or at first start creates) keys and hashed accounts; `dir` undefined keeps everything in memory. */
export async function startIdentityProvider(opts: {
  dir?: string;
  accounts: readonly StaffAccount[];
  password: string;
  /** The sign-in step (Cognito's trigger on AWS): records the officer; false refuses the token (disabled). */
  signIn: (officer: StaffAccount) => Promise<boolean>;
  tokenTtlSeconds?: number;
}): Promise<LocalIdentityProvider> {
  const stored = opts.dir ? await readJson<{ privateJwk: JWK; users: StoredUser[] }>(join(opts.dir, 'identity.json')) : undefined;
  const privateJwk = stored?.privateJwk ?? (await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey));
  // The configured password is the source of truth for the seeded accounts: a changed JARING_DEV_PASSWORD
  // re-hashes them, so the start-up banner and the production guard always describe what is stored.
  const first = stored?.users[0];
  const passwordChanged = first !== undefined && !(await passwordMatches(opts.password, first.passwordHash));
  const previous = new Map((stored?.users ?? []).map((u) => [u.username, u]));
  // An account's roles and regions are what an admin last set (as in a user pool); the seed gives the first ones.
  const users: StoredUser[] = await Promise.all(opts.accounts.map(async (account) => {
    const kept = previous.get(account.username);
    return { ...account, ...(kept ? { roles: kept.roles, regions: kept.regions } : {}), passwordHash: kept && !passwordChanged ? kept.passwordHash : await hashPassword(opts.password) };
  }));
  const save = persister(opts.dir, () => ({ privateJwk, users }));
  if (!stored || passwordChanged || users.some((u) => !previous.has(u.username))) await save();
  const privateKey = await importJWK(privateJwk, 'ES256');
  const { d: _private, ...publicJwk } = privateJwk;
  const publicKey = await importJWK(publicJwk, 'ES256');
  const kid = await localKeyId(privateJwk);
  const tokenTtlSeconds = opts.tokenTtlSeconds ?? TOKEN_TTL_SECONDS;
  const byName = new Map(users.map((u) => [u.username, u]));
  const decoyHash = await hashPassword(randomBytes(16).toString('hex'));

  return {
    accounts: () => users.map(({ username, roles, regions }) => ({ username, roles: [...roles], regions: [...regions] })),
    async setRolesAndRegions(username, access) {
      const user = byName.get(username);
      if (!user) return false;
      Object.assign(user, { roles: [...access.roles], regions: [...access.regions] });
      await save();
      return true;
    },
    knows: (username) => byName.has(username),
    async login(username, password) {
      const user = byName.get(username);
      // An unknown name costs the same scrypt as a known one, so timing does not reveal accounts.
      const ok = await passwordMatches(password, user?.passwordHash ?? decoyHash);
      if (!user) return { ok: false, refusal: 'unknown-account' };
      if (!ok) return { ok: false, refusal: 'wrong-password' };
      if (!(await opts.signIn({ username: user.username, roles: user.roles, regions: user.regions }))) return { ok: false, refusal: 'disabled' };
      const expiresAt = new Date(Date.now() + tokenTtlSeconds * 1000);
      const token = await new SignJWT({
        'cognito:username': user.username,
        'cognito:groups': user.roles,
        'custom:regions': user.regions.join(','),
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject(user.username)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(privateKey);
      return { ok: true, result: { token, expiresAt: expiresAt.toISOString(), user: { username: user.username, roles: user.roles, regions: user.regions } } };
    },
    // API Gateway's JWT authorizer checks kid, signature, iss, aud, exp, nbf and iat (not after now); the staff
    // routes then want an ID token (functions/lib/http.ts) of an officer in the directory (assertTokenStillValid).
    async verify(token) {
      if (!canonicalCompactJws(token)) return undefined;
      try {
        const { payload } = await jwtVerify(token, async (header) => {
          if (header.kid !== kid) throw new Error('unknown kid');
          return publicKey;
        }, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['ES256'], requiredClaims: ['exp', 'iat'] });
        // Not jose's maxTokenAge: its tolerance would stretch exp by as much.
        if ((payload.iat ?? Infinity) > Date.now() / 1000 + ISSUED_AT_SKEW_SECONDS || payload.token_use !== 'id') return undefined;
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Writes the accounts file whole, one write at a time, through a temporary file renamed over it: a process killed
 * mid-write leaves the previous file, never half of one. Nothing is written without a data folder (tests).
 */
function persister(dir: string | undefined, contents: () => unknown): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => {
    if (!dir) return Promise.resolve();
    const file = join(dir, 'identity.json');
    last = last.catch(() => undefined).then(async () => {
      await mkdir(dir, { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify(contents(), null, 2), { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    });
    return last;
  };
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
