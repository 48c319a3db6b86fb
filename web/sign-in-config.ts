/**
 * How the staff console signs in, as the site serves it at `/config.json` (the console reads it first): with the
 * local gateway's password form (`POST /api/auth/login`, local mode only), or through a managed login (Cognito's on
 * AWS, local/managed-login.ts locally) with the OAuth 2 authorization code grant and PKCE. One definition of the
 * endpoints' paths for CDK (infra/constructs/web-site.ts), the local stack and its stand-in. Not a page asset:
 * `*.ts` under web/ is never deployed.
 */

/** The console's page: where a managed login sends the officer back with the code, and after signing out. */
export const CONSOLE_PAGE = 'staff.html';
/** Where the site serves the config. */
export const SITE_CONFIG_PATH = 'config.json';

/** Cognito's OAuth 2 endpoints under its user pool domain, which the stand-in serves under its own address too. */
export const MANAGED_LOGIN_PATHS = { authorize: '/oauth2/authorize', token: '/oauth2/token', logout: '/logout' } as const;

/** The scopes the console asks for: an ID token (openid) with the officer's readable attributes. */
export const CONSOLE_SCOPES = ['openid', 'email', 'profile'] as const;

export type SignInConfig =
  | { readonly signIn: 'password' }
  | {
    readonly signIn: 'hosted';
    readonly authorizeUrl: string;
    readonly tokenUrl: string;
    readonly logoutUrl: string;
    readonly clientId: string;
    readonly redirectUri: string;
    readonly scope: string;
  };

/** The config of a console at `consoleUrl` signing in at the managed login under `base` (no trailing slash). */
export function hostedSignIn(base: string, clientId: string, consoleUrl: string): SignInConfig {
  return {
    signIn: 'hosted',
    authorizeUrl: `${base}${MANAGED_LOGIN_PATHS.authorize}`,
    tokenUrl: `${base}${MANAGED_LOGIN_PATHS.token}`,
    logoutUrl: `${base}${MANAGED_LOGIN_PATHS.logout}`,
    clientId,
    redirectUri: consoleUrl,
    scope: CONSOLE_SCOPES.join(' '),
  };
}
