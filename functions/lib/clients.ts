/**
 * Module-scope AWS clients, built once per cold start. Endpoints come from the SDK's standard environment
 * variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN): unset on AWS, set by the local runtime.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const sfnClient = new SFNClient({});
