/**
 * agent-api: the agent workspace's API (AGENT-API.md) behind API Gateway HTTP API + JWT authorizer (Cognito).
 * Thin: the middy chain is `httpApiHandler`, the routes are `createAgentApi` over DynamoDB
 * (`dynamoAgentApiDeps`) and Connect. The supervisor routes are another function (functions/supervisor-api).
 * Environment: the table names, CONNECT_INSTANCE_ID, QUEUE_ARNS and SANTRAL_AGENT_API (infra/constructs/agent-api.ts).
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectContactAccess } from '#shared/adapters/connect/contact-access.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { dynamoAgentApiDeps } from '#shared/agent-api/dynamo-deps.ts';
import { createAgentApi } from '#shared/agent-api/router.ts';
import { readAgentApiSettings } from '#shared/agent-api/settings.ts';
import { systemClock } from '#shared/interactions/model.ts';
import { httpApiHandler } from '#shared/middleware/http-api.ts';
import { readQueueArns } from '#shared/middleware/inbound-settings.ts';

const doc = createDocumentClient();
const connect = new ConnectClient({ maxAttempts: 3 });

export const handler = httpApiHandler({
  name: 'agent-api',
  route: () => {
    const instanceId = process.env['CONNECT_INSTANCE_ID'];
    if (!instanceId) throw new Error('agent-api: CONNECT_INSTANCE_ID is not set');
    const contacts = new ConnectContactAccess(connect, instanceId, readQueueArns());
    return createAgentApi(
      dynamoAgentApiDeps(doc, { contacts, settings: readAgentApiSettings(), clock: systemClock }),
    ).handle;
  },
});
