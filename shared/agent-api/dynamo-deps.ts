/**
 * The agent API's ports over DynamoDB, wired once: the deployed function (functions/agent-api), the sandbox
 * (shared/local/local-workspace.ts) and the tests give only what differs between them — who answers for the
 * contacts (Connect or the sandbox's stand-in), the settings and the clock. Table names resolve as the
 * functions' do (TABLES[k].envVar, else the local default).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCallbackStore } from '#shared/adapters/dynamo/callback-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { DynamoNotesStore } from '#shared/adapters/dynamo/notes-store.ts';
import { tableName } from '#shared/data/tables.ts';
import type { AgentApiDeps, ContactAccess, ContactAttributes } from './ports.ts';

export interface DynamoAgentApiOptions {
  /** The contacts and their attributes: Amazon Connect deployed, SandboxContacts locally. */
  contacts: ContactAccess & ContactAttributes;
  settings: AgentApiDeps['settings'];
  clock: AgentApiDeps['clock'];
  newRequestId?: () => string;
}

export function dynamoAgentApiDeps(
  doc: DynamoDBDocumentClient,
  options: DynamoAgentApiOptions,
): AgentApiDeps {
  const interactions = tableName('interactions');
  const notes = new DynamoNotesStore(doc, interactions);
  return {
    contacts: options.contacts,
    attributes: options.contacts,
    workspace: notes,
    audit: notes,
    interactions: new DynamoCtrStore(doc, interactions),
    callers: new DynamoCustomerStore(doc),
    dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
    callbacks: new DynamoCallbackStore(doc, interactions),
    settings: options.settings,
    clock: options.clock,
    ...(options.newRequestId ? { newRequestId: options.newRequestId } : {}),
  };
}
