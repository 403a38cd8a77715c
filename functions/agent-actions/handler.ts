/**
 * Agent actions API for the CCP agent workspace, behind a Lambda Function URL with AWS_IAM auth (the
 * workspace signs requests with the agent's federated role). POST a JSON body `{ action, … }`
 * (shared/interactions/agent-actions.ts). 400 with field paths for invalid input; faults are 500 without
 * details. The caller's IAM ARN is audited with every action.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEventWithIAMAuthorizer } from 'aws-lambda';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { DynamoNotesStore } from '#shared/adapters/dynamo/notes-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { performAgentAction } from '#shared/interactions/agent-actions.ts';
import { systemClock } from '#shared/interactions/model.ts';

const logger = new Logger({ serviceName: 'agent-actions' });
const doc = createDocumentClient();
const deps = {
  notes: new DynamoNotesStore(doc, tableName('interactions')),
  interactions: new DynamoCtrStore(doc, tableName('interactions')),
  dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
  clock: systemClock,
};

const reply = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

export const handler = async (
  event: LambdaFunctionURLEventWithIAMAuthorizer,
): Promise<APIGatewayProxyStructuredResultV2> => {
  if (event.requestContext.http.method !== 'POST') return reply(405, { error: 'use POST' });
  const actor = event.requestContext.authorizer?.iam?.userArn;
  if (!actor) return reply(403, { error: 'IAM-signed request required' });
  let body: unknown;
  try {
    const text = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    body = JSON.parse(text);
  } catch {
    return reply(400, { error: 'invalid', issues: ['(body): expected a JSON object'] });
  }
  try {
    const out = await performAgentAction(deps, body, { actor, requestId: event.requestContext.requestId });
    logger.info('agent action', { action: out.ok ? out.action : 'invalid', ok: out.ok });
    return out.ok ? reply(200, out) : reply(400, out);
  } catch (err) {
    logger.error('agent action failed', { error: (err as Error).name });
    return reply(500, { error: 'internal' });
  }
};
