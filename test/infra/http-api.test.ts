/** The HTTP API and the staff user pool as the dev stack synthesizes them: routes, authorizer, stage, groups, clients. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/catalog.ts';
import { STAFF_ROLES } from '../../shared/domain/staff.ts';
import { logicalId, synthJaring, templateQueries } from './synth.ts';

const { stack, template } = synthJaring('dev');
const { functionId, onlyResource } = templateQueries(stack, template);

describe('HTTP API', () => {
  const authorizerId = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0];
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
  const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
  // Each GET route answers HEAD too, as the local gateway does: same function, same authorizer.
  const routeKeys = HTTP_ROUTES.flatMap((route) => (route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]).map((m) => [`${m} ${route.path}`, route] as const));

  it('has exactly the catalog routes, and HEAD beside each GET', () => {
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(routeKeys.map(([key]) => key).sort());
  });

  it.each(routeKeys)(
    '%s goes to its own function, behind the JWT authorizer only if staff',
    (routeKey, route) => {
      const created = routes.find((r) => r.Properties.RouteKey === routeKey);
      // Target: { 'Fn::Join': ['', ['integrations/', { Ref: <integration> }]] }
      expect(created?.Properties.Target['Fn::Join'][1][0]).toBe('integrations/');
      const integration = integrations[created?.Properties.Target['Fn::Join'][1][1].Ref];
      expect(integration?.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [functionId(route.name), 'Arn'] });
      if (route.access === 'staff') {
        expect(created?.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      } else {
        expect(created?.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
        expect(created?.Properties.AuthorizerId).toBeUndefined();
      }
    },
  );

  it('checks staff tokens against the user pool and the staff console client', () => {
    const poolId = logicalId(stack, stack.node.findChild('Staff').node.findChild('UserPool'));
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', Match.arrayWith([{ Ref: poolId }])] },
        Audience: [{ Ref: Match.stringLikeRegexp('StaffConsoleClient') }],
      },
    });
  });

  it('logs access and throttles on its stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('staff user pool', () => {
  it('has one group per staff role', () => {
    for (const role of STAFF_ROLES) template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', STAFF_ROLES.length);
  });

  it('admits no self sign-up, requires MFA and strong passwords, and defines custom:regions', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'regions', AttributeDataType: 'String', Mutable: true })]),
    });
  });

  it('gives the console a secretless client that reads custom:regions but cannot write it', () => {
    const client = onlyResource('AWS::Cognito::UserPoolClient');
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.ReadAttributes).toContain('custom:regions');
    expect(client.Properties.WriteAttributes).not.toContain('custom:regions');
  });
});
