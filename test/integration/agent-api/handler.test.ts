/**
 * functions/agent-api on embedded DynamoDB with Connect mocked (no emulator): an HTTP API v2 event with the
 * JWT authorizer's claims in, a JSON answer out; identity from the claims only.
 */
import {
  ConnectClient,
  DescribeContactCommand,
  DescribeUserCommand,
  GetContactAttributesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AGENT_API_ENV, agentApiSettingsFor } from '#shared/agent-api/settings.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';
import { httpApiEvent } from '../../support/http-api-event.ts';

const INSTANCE = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}`;
const connect = mockClient(ConnectClient);

const event = httpApiEvent;
const context = { functionName: 'agent-api', awsRequestId: 'ctx-1' } as Context;
const ayse = { 'cognito:username': 'ayse', name: 'Ayşe', 'cognito:groups': '[agent]' };

describe('agent-api Lambda (HTTP API v2 + JWT authorizer claims)', () => {
  useEmbeddedAws();
  let handler: (
    e: APIGatewayProxyEventV2WithJWTAuthorizer,
    c: Context,
  ) => Promise<APIGatewayProxyStructuredResultV2>;
  beforeAll(async () => {
    // Powertools' dev mode logs through the global console (spied on below) instead of its own Console.
    process.env['POWERTOOLS_DEV'] = 'true';
    process.env['CONNECT_INSTANCE_ID'] = INSTANCE;
    process.env['QUEUE_ARNS'] = JSON.stringify({ Support: `${ARN}/queue/q-support` });
    process.env[AGENT_API_ENV] = JSON.stringify(agentApiSettingsFor(loadStageConfig('dev')));
    connect.on(DescribeContactCommand, { ContactId: 'c-ayse-1' }).resolves({
      Contact: {
        Id: 'c-ayse-1',
        InitialContactId: 'c-ayse-1',
        Channel: 'VOICE',
        AgentInfo: { Id: 'u-ayse' },
        QueueInfo: { Id: 'q-support' },
        CustomerEndpoint: { Address: '+12065550100', Type: 'TELEPHONE_NUMBER' },
      },
    });
    connect
      .on(DescribeContactCommand, { ContactId: 'c-missing' })
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    connect.on(GetContactAttributesCommand).resolves({ Attributes: { intent: 'support' } });
    connect.on(DescribeUserCommand, { UserId: 'u-ayse' }).resolves({ User: { Username: 'ayse' } });
    ({ handler } = (await import('#functions/agent-api/handler.ts')) as unknown as {
      handler: typeof handler;
    });
  });

  it('answers the card of the agent’s own contact, as JSON, not cacheable', async () => {
    const r = await handler(
      event({ method: 'GET', path: '/v1/contacts/c-ayse-1/card', claims: ayse }),
      context,
    );
    expect(r.statusCode).toBe(200);
    expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    expect(JSON.parse(r.body ?? '')).toMatchObject({
      contactId: 'c-ayse-1',
      queue: 'Support',
      intent: 'support',
    });
  });

  it('403 for another agent’s claims or an unknown contact, whatever the body says', async () => {
    const john = { 'cognito:username': 'john', name: 'John', 'cognito:groups': '[agent]' };
    const body = JSON.stringify({ text: 'hi', agent: 'ayse', username: 'ayse' });
    const other = await handler(
      event({ method: 'PUT', path: '/v1/contacts/c-ayse-1/notes/note-john-1', claims: john, body }),
      context,
    );
    expect(other.statusCode).toBe(403);
    const missing = await handler(
      event({ method: 'GET', path: '/v1/contacts/c-missing/card', claims: ayse }),
      context,
    );
    expect(JSON.parse(missing.body ?? '')).toEqual({
      error: { code: 'not_your_contact', message: 'contact c-missing was never connected to you' },
    });
  });

  it('a body that is not JSON is a 400; a fault is a 500 without details, logged without numbers', async () => {
    const bad = await handler(
      event({ method: 'PUT', path: '/v1/contacts/c-ayse-1/tags', claims: ayse, body: '{nope' }),
      context,
    );
    expect(bad.statusCode).toBe(400);
    connect.on(DescribeContactCommand, { ContactId: 'c-fault' }).rejects(new Error('throttled +12065550100'));
    const out = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const fault = await handler(
      event({ method: 'GET', path: '/v1/contacts/c-fault/card', claims: ayse }),
      context,
    );
    const logged = out.mock.calls.map((c) => c.map(String).join(' ')).join('\n');
    out.mockRestore();
    expect(fault.statusCode).toBe(500);
    expect(JSON.parse(fault.body ?? '')).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(logged).not.toContain('+12065550100');
    expect(JSON.parse(logged)).toMatchObject({
      message: 'request failed',
      path: '/v1/contacts/{id}/card',
      error: 'Error',
    });
  });
});
