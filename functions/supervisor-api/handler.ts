/**
 * supervisor-api: the supervisor console's routes (`/v1/supervisor/*`, shared/operator/supervisor-routes.ts)
 * on the agent API's HTTP API and JWT authorizer, in a function of their own so that only it holds campaign
 * control, DNC admin, evidence and report reads and the erasure invoke (agent-api's role stays narrow).
 * Thin: the middy chain is `httpApiHandler`; the router and its ports come from the environment infra sets
 * (`supervisorApiFromEnvironment`, infra/constructs/supervisor-api.ts). The `supervisor` group is checked by
 * the router on every route: an agent's token gets 403.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { httpApiHandler } from '#shared/middleware/http-api.ts';
import { supervisorApiFromEnvironment } from '#shared/operator/supervisor-api.ts';

const doc = createDocumentClient();
const s3 = createS3Client();
const connect = new ConnectClient({ maxAttempts: 3 });
// One attempt, and an answer before API Gateway's 30 s integration limit: an erasure that takes longer is
// finished by re-running it (erasure is idempotent) or with `santral erase --deployed`, which waits 15 minutes.
const lambda = new LambdaClient({ maxAttempts: 1, requestHandler: { requestTimeout: 25_000 } });

export const handler = httpApiHandler({
  name: 'supervisor-api',
  route: () => supervisorApiFromEnvironment({ doc, s3, connect, lambda }).handle,
});
