/**
 * Staff sign-in on AWS: the console's app client signs in at Cognito's managed login with the authorization code
 * grant (PKCE is the console's; Cognito takes it for a public client), comes back to the distribution's console page,
 * and finds the managed login's addresses in the site's config.json. Prod keeps MFA required. The template has no
 * dependency cycle (the client's callback needs the distribution, which needs the API, whose authorizer needs the
 * client: CloudFormation would refuse a cycle only at deployment).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { JaringStack } from '../../infra/stacks/jaring-stack.ts';
import { contentSecurityPolicy } from '../../web/security-headers.ts';
import { logicalId, synthJaring } from './synth.ts';

const distributionDomain = (stack: JaringStack) => ({ 'Fn::GetAtt': [logicalId(stack, stack.node.findChild('Web').node.findChild('Distribution')), 'DomainName'] });
const consoleUrl = (stack: JaringStack) => ({ 'Fn::Join': ['', ['https://', distributionDomain(stack), '/staff.html']] });
const clientRef = (stack: JaringStack) => ({ Ref: logicalId(stack, stack.node.findChild('Staff').node.findChild('UserPool').node.findChild('StaffConsoleClient')) });

describe.each(['dev', 'prod'])('staff sign-in in %s', (stage) => {
  const { app, stack, template } = synthJaring(stage);
  const domainRef = { Ref: logicalId(stack, stack.node.findChild('Staff').node.findChild('UserPool').node.findChild('ManagedLogin')) };

  it('has the console client sign in at the managed login with the code grant only, back to the distribution\'s console page', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [consoleUrl(stack)],
      LogoutURLs: [consoleUrl(stack)],
      SupportedIdentityProviders: ['COGNITO'],
      ReadAttributes: Match.arrayWith(['custom:regions']),
    });
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    expect(JSON.stringify(clients)).not.toContain('implicit');
  });

  it('gives the pool a managed login (v2) domain unique per stage and account, with Cognito\'s style for the client', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', [`jaring-${stage}-`, { Ref: 'AWS::AccountId' }]] },
      ManagedLoginVersion: 2,
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { ClientId: clientRef(stack), UseCognitoProvidedValues: true });
  });

  it('deploys config.json naming the managed login, the client and the console page, and lets the pages reach its token endpoint', () => {
    const deployment = template.findResources('Custom::CDKBucketDeployment');
    const [markers] = Object.values(deployment).map((d) => JSON.stringify((d as { Properties: { SourceMarkers: unknown } }).Properties.SourceMarkers));
    // The deploy-time values Source.jsonData fills in: the domain, the client id, the distribution.
    for (const value of [domainRef, clientRef(stack), distributionDomain(stack)]) expect(markers).toContain(JSON.stringify(value));
    const policy = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } } } } };
    const csp = JSON.stringify(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain(`" https://",${JSON.stringify(domainRef)},".auth.",{"Ref":"AWS::Region"},".amazoncognito.com; object-src`);
    expect(contentSecurityPolicy('https://files', 'https://signin')).toContain("connect-src 'self' https://files https://signin;");
    // The file itself: the addresses as CDK's markers, which the deployment replaces with the values above.
    const outdir = app.synth().directory;
    const [config] = readdirSync(outdir).map((name) => join(outdir, name, 'config.json')).filter((file) => existsSync(file));
    const marker = '<<marker:0xbaba:\\d+>>';
    const deployed = JSON.parse(readFileSync(config ?? '', 'utf8')) as Record<string, string>;
    expect(deployed).toMatchObject({ signIn: 'hosted', scope: 'openid email profile' });
    const base = `https://${marker}\\.auth\\.${marker}\\.amazoncognito\\.com`;
    expect(deployed.authorizeUrl).toMatch(new RegExp(`^${base}/oauth2/authorize$`));
    expect(deployed.tokenUrl).toMatch(new RegExp(`^${base}/oauth2/token$`));
    expect(deployed.logoutUrl).toMatch(new RegExp(`^${base}/logout$`));
    expect(deployed.clientId).toMatch(new RegExp(`^${marker}$`));
    expect(deployed.redirectUri).toMatch(new RegExp(`^https://${marker}/staff\\.html$`));
    template.hasOutput('StaffSignInUrl', { Value: { 'Fn::Join': ['', ['https://', domainRef, '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com']] } });
  });

  it('keeps the second factor required in prod', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: stage === 'prod' ? 'ON' : Match.anyValue(), EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  it('has no dependency cycle (the assertions library checks every template it reads)', () => {
    expect(() => Template.fromJSON(template.toJSON())).not.toThrow();
  });
});

it('a template with a dependency cycle is refused when read', () => {
  const looped = () => Template.fromJSON({ Resources: {
    A: { Type: 'Test::A', Properties: { B: { Ref: 'B' } } },
    B: { Type: 'Test::B', Properties: { C: { 'Fn::GetAtt': ['C', 'Arn'] } } },
    C: { Type: 'Test::C', Properties: { A: { 'Fn::Join': ['', [{ Ref: 'A' }]] } } },
  } });
  expect(looped).toThrow(/dependency cycle: A -> B -> C -> A/);
});
