import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnLogDeliveryConfiguration,
  CfnManagedLoginBranding,
  CfnUserPoolRiskConfigurationAttachment,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { STAFF_ROLES } from '../../shared/domain/staff.ts';
import { CONSOLE_SCOPES } from '../../web/sign-in-config.ts';

export interface StaffUserPoolProps {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /**
   * The managed login's Cognito domain prefix: unique in the region across all accounts, and without "aws", "amazon"
   * or "cognito" in it.
   */
  readonly domainPrefix: string;
  /** The console's page, where the managed login sends an officer back with the code, and after signing out. */
  readonly consoleUrl: string;
}

/**
 * Staff identities: one group per role (`cognito:groups`) and the regions an officer works in as
 * `custom:regions` ("36.71,53.71"), the claims the handlers read from the ID token, as in local mode.
 *
 * Sign-in throttling is Cognito's (the local login's limits are shared/use-cases/sign-in-limits.ts): after five
 * wrong passwords an account is locked for 1 s, doubling with each further failure up to about 15 minutes, and
 * 15 minutes without attempts reset it; threat protection (below) adds a judgement of each sign-in's risk.
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool;
  /** The staff console: a public client (no secret), signing in at the managed login (code grant with PKCE). */
  readonly consoleClient: UserPoolClient;
  /** The managed login's address, `https://<prefix>.auth.<region>.amazoncognito.com` (its OAuth 2 endpoints are under it). */
  readonly signInBase: string;

  constructor(scope: Construct, id: string, props: StaffUserPoolProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are created by an administrator for named officers only.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true, mutable: true } },
      autoVerify: { email: true },
      // A changed address takes effect only once verified: it is where account recovery goes.
      keepOriginal: { email: true },
      customAttributes: { regions: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // Staff see applicants' personal data: a second factor (authenticator app) is required.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier for threat protection (compromised credentials, risky sign-ins) in full-function mode: it acts on
      // what it finds (the risk configuration below) instead of only reporting it.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });

    // Every sign-in event threat protection sees (failed ones with their risk and the action taken): the audit of
    // staff sign-ins on AWS, as the local login's audit log lines are. Not KMS-encrypted: Cognito cannot write to
    // such a group. Under /aws/vendedlogs/, where a delivery's resource policy has room for many sources.
    const signInEvents = new LogGroup(this, 'SignInEvents', {
      logGroupName: `/aws/vendedlogs/cognito/${Stack.of(this).stackName}/sign-in-events`,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: props.removalPolicy,
    });
    new CfnLogDeliveryConfiguration(this, 'SignInEventsDelivery', {
      userPoolId: this.userPool.userPoolId,
      logConfigurations: [{ eventSource: 'userAuthEvents', logLevel: 'INFO', cloudWatchLogsConfiguration: { logGroupArn: signInEvents.logGroupArn } }],
    });

    // What threat protection does, for every client: a password known from a breach elsewhere is refused; a high-risk
    // sign-in (new device and place after failures, say) is blocked, a medium one must pass the second factor (which
    // every officer has anyway). It judges the attempt, not the account, so guesses from elsewhere do not block an
    // officer at their usual device. No e-mail to the officer (Notify): that needs an SES identity, none is set up yet.
    new CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' }, eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'] },
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'BLOCK', notify: false },
          mediumAction: { eventAction: 'MFA_REQUIRED', notify: false },
          lowAction: { eventAction: 'NO_ACTION', notify: false },
        },
      },
    });

    for (const role of STAFF_ROLES) {
      this.userPool.addGroup(`${role}Group`, { groupName: role, description: `Jaring ${role}` });
    }

    // Officers sign in at Cognito's managed login, which asks for the password, changes a temporary one, sets up the
    // authenticator app at the first sign-in (MFA is required) and asks for its code; the console gets an
    // authorization code and exchanges it with its PKCE verifier. No implicit grant: tokens never travel in a URL.
    this.consoleClient = this.userPool.addClient('StaffConsoleClient', {
      generateSecret: false,
      // The managed login signs in with the password through SRP; the console itself calls no sign-in API.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: CONSOLE_SCOPES.map((scope) => OAuthScope.custom(scope)),
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // One working day, as the local identity provider.
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(8),
      refreshTokenValidity: Duration.hours(12),
      // The ID token carries only attributes the client may read; custom:regions must be one of them.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('regions'),
      // Officers may not widen their own regions: only administrators set custom:regions (AdminUpdateUserAttributes).
      // Required attributes must stay writable, or Cognito rejects the client.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    const domain = this.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.signInBase = domain.baseUrl();
    // Managed login (v2) shows a client's pages only once it has a style: Cognito's own.
    new CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    }).node.addDependency(domain);
  }
}
