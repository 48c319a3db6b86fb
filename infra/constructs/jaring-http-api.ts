import { Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../../functions/catalog.ts';

export interface JaringHttpApiProps {
  readonly routes: readonly { readonly route: HttpRoute; readonly handler: IFunction }[];
  /** Issues the staff tokens that `staff` routes require. */
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The HTTP API of DESIGN §5: one route per catalog entry, staff routes behind the Cognito JWT authorizer. */
export class JaringHttpApi extends Construct {
  readonly stage: HttpStage;
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: JaringHttpApiProps) {
    super(scope, id);

    const httpApi = (this.httpApi = new HttpApi(this, 'Api', {
      description: 'Jaring social-aid applications',
      // The stage is created below, to give it access logging and throttling.
      createDefaultStage: false,
    }));

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    this.stage = httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No bodies or query strings: NIKs travel only in POST bodies, so they never reach these logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            staffSub: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // Cognito ID tokens carry the staff claims (cognito:groups, custom:regions); their `aud` is the client id.
    // The issuer exactly as Cognito writes the `iss` claim (the form CDK's HttpUserPoolAuthorizer uses too).
    const issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${props.userPool.userPoolId}`;
    const staffAuthorizer = new HttpJwtAuthorizer('StaffAuthorizer', issuer, {
      jwtAudience: [props.userPoolClient.userPoolClientId],
    });

    for (const { route, handler } of props.routes) {
      // HTTP APIs do not answer HEAD for a GET route by themselves; the local gateway does, and so does this API.
      const methods = route.method === 'GET' ? [HttpMethod.GET, HttpMethod.HEAD] : [HttpMethod[route.method]];
      const created = httpApi.addRoutes({
        path: route.path,
        methods,
        integration: new HttpLambdaIntegration(`${route.name}Integration`, handler),
        authorizer: route.access === 'staff' ? staffAuthorizer : undefined,
      });
      if (route.access === 'public') {
        for (const r of created) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${methods.join('/')} ${route.path} is public by design (DESIGN §5): applicants have no account.`,
          });
        }
      }
    }
  }
}
