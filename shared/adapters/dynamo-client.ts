/**
 * DynamoDB clients configured once for Lambda and the embedded emulator alike. The endpoint comes from
 * the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB` variable, so handler code has no "local mode".
 * (S3 lives in s3-client.ts so functions that do not use S3 keep it out of their bundle.)
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function createDynamoClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ maxAttempts: 3, ...config });
}

export function createDocumentClient(client: DynamoDBClient = createDynamoClient()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
