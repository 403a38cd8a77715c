/**
 * agent-api: the agent workspace's API (AGENT-API.md) behind API Gateway HTTP API + JWT authorizer (Cognito).
 * Thin: the middy chain is `httpApiHandler`, the routes are `createAgentApi` over DynamoDB and Connect.
 * Environment: the table names, CONNECT_INSTANCE_ID, QUEUE_ARNS and SANTRAL_AGENT_API (infra/constructs/agent-api.ts).
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectContactAccess } from '#shared/adapters/connect/contact-access.ts';
import { DynamoCallbackStore } from '#shared/adapters/dynamo/callback-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { DynamoNotesStore } from '#shared/adapters/dynamo/notes-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createAgentApi } from '#shared/agent-api/router.ts';
import { readAgentApiSettings } from '#shared/agent-api/settings.ts';
import { tableName } from '#shared/data/tables.ts';
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
    const notes = new DynamoNotesStore(doc, tableName('interactions'));
    const api = createAgentApi({
      contacts,
      attributes: contacts,
      workspace: notes,
      audit: notes,
      interactions: new DynamoCtrStore(doc, tableName('interactions')),
      callers: new DynamoCustomerStore(doc),
      dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
      callbacks: new DynamoCallbackStore(doc, tableName('interactions')),
      settings: readAgentApiSettings(),
      clock: systemClock,
    });
    return api.handle;
  },
});
