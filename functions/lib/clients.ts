/**
 * Module-scope AWS clients, built once per cold start. Endpoints come from the SDK's standard environment
 * variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL_S3): unset on AWS, set by the local
 * runtime. The user pool's and the SMS provider's clients are not here but beside their adapters, so only the one
 * function that may call each bundles it (cognito-identity.ts, end-user-messaging-sms.ts). Each is traced by X-Ray on AWS (the tracer is off elsewhere).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { tracer } from './tracer.ts';

/** The low-level client, for the few table-level calls (DescribeTable); items go through `documentClient`. */
export const dynamoClient = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});

export const sfnClient = tracer.captureAWSv3Client(new SFNClient({}));

let s3: S3Client | undefined;

/**
 * Built on first use, as most handlers never touch payment files. A local endpoint (s3rver) answers on one host
 * name, so the bucket goes in the path there; on AWS the SDK's virtual-hosted addressing stays.
 */
export function s3Client(): S3Client {
  s3 ??= tracer.captureAWSv3Client(new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined }));
  return s3;
}

let secrets: SecretsManagerClient | undefined;

/** Built on first use: a secret is read once per cold start, and only on AWS (locally the value is in the environment). */
export function secretsClient(): SecretsManagerClient {
  secrets ??= tracer.captureAWSv3Client(new SecretsManagerClient({}));
  return secrets;
}
