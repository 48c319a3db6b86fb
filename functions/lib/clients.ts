/**
 * Module-scope AWS clients, built once per cold start. Endpoints come from the SDK's standard environment
 * variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL_S3,
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2): unset on AWS, set by the
 * local runtime.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';

/** The low-level client, for the few table-level calls (DescribeTable); items go through `documentClient`. */
export const dynamoClient = new DynamoDBClient({});

export const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});

export const sfnClient = new SFNClient({});

let s3: S3Client | undefined;

/**
 * Built on first use, as most handlers never touch payment files. A local endpoint (s3rver) answers on one host
 * name, so the bucket goes in the path there; on AWS the SDK's virtual-hosted addressing stays.
 */
export function s3Client(): S3Client {
  s3 ??= new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined });
  return s3;
}

let cognito: CognitoIdentityProviderClient | undefined;

/** Built on first use: only the admin's role changes call the user pool. */
export function cognitoClient(): CognitoIdentityProviderClient {
  cognito ??= new CognitoIdentityProviderClient({});
  return cognito;
}

let sms: PinpointSMSVoiceV2Client | undefined;

/**
 * Built on first use, by the delivery worker only. One attempt per call: the outbox owns retries (with its backoff and
 * dead-letter state), so the SDK's own retries would only hide attempts from it.
 */
export function smsClient(): PinpointSMSVoiceV2Client {
  sms ??= new PinpointSMSVoiceV2Client({ maxAttempts: 1 });
  return sms;
}
