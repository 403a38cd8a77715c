import {
  AssociatePhoneNumberContactFlowCommand,
  AssociateQueueQuickConnectsCommand,
  ConnectClient,
  DisassociatePhoneNumberContactFlowCommand,
  DisassociateQueueQuickConnectsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/connect-associations/handler.ts';
import {
  InvalidAssociationPropertiesError,
  planQueueQuickConnects,
} from '#shared/domain/telephony/connect-associations.ts';

const connect = mockClient(ConnectClient);
const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/11111111-1111-1111-1111-111111111111';
const NUMBER = 'arn:aws:connect:us-east-1:111122223333:phone-number/22222222-2222-2222-2222-222222222222';
const FLOW = `${INSTANCE}/contact-flow/33333333-3333-3333-3333-333333333333`;
const QUEUE = `${INSTANCE}/queue/44444444-4444-4444-4444-444444444444`;
const qc = (n: number) => `${INSTANCE}/transfer-destination/5555555${n}-5555-5555-5555-555555555555`;

function event(
  requestType: 'Create' | 'Update' | 'Delete',
  resourceType: string,
  props: Record<string, unknown>,
  old?: Record<string, unknown>,
) {
  return {
    RequestType: requestType,
    ResourceType: resourceType,
    ResourceProperties: { ServiceToken: 'x', ...props },
    ...(old ? { OldResourceProperties: { ServiceToken: 'x', ...old } } : {}),
    PhysicalResourceId: 'p',
  } as unknown as CloudFormationCustomResourceEvent;
}

const phoneProps = { InstanceArn: INSTANCE, PhoneNumberArn: NUMBER, ContactFlowArn: FLOW };

describe('connect-associations custom resource', () => {
  beforeEach(() => connect.reset());

  it('associates a phone number with its flow by ids and returns a stable physical id', async () => {
    connect.on(AssociatePhoneNumberContactFlowCommand).resolves({});
    const res = await handler(event('Create', 'Custom::PhoneNumberContactFlow', phoneProps));
    expect(connect.commandCalls(AssociatePhoneNumberContactFlowCommand)[0]!.args[0].input).toEqual({
      InstanceId: '11111111-1111-1111-1111-111111111111',
      PhoneNumberId: '22222222-2222-2222-2222-222222222222',
      ContactFlowId: '33333333-3333-3333-3333-333333333333',
    });
    const again = await handler(event('Update', 'Custom::PhoneNumberContactFlow', phoneProps, phoneProps));
    expect(again.PhysicalResourceId).toBe(res.PhysicalResourceId);
  });

  it('disassociates on delete and treats an already released number as done', async () => {
    connect
      .on(DisassociatePhoneNumberContactFlowCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    await expect(
      handler(event('Delete', 'Custom::PhoneNumberContactFlow', phoneProps)),
    ).resolves.toBeDefined();
    expect(connect.commandCalls(DisassociatePhoneNumberContactFlowCommand)).toHaveLength(1);
  });

  it('rejects properties that are not Connect ARNs with a clear error', async () => {
    await expect(
      handler(
        event('Create', 'Custom::PhoneNumberContactFlow', { ...phoneProps, ContactFlowArn: 'inbound-main' }),
      ),
    ).rejects.toThrow(/ContactFlowArn: expected an ARN ending in "contact-flow\/<uuid>"/);
    expect(connect.calls()).toHaveLength(0);
  });

  it('attaches quick connects to a queue and, on update, detaches only the ones removed', async () => {
    connect.on(AssociateQueueQuickConnectsCommand).resolves({});
    connect.on(DisassociateQueueQuickConnectsCommand).resolves({});
    await handler(
      event(
        'Update',
        'Custom::QueueQuickConnects',
        { InstanceArn: INSTANCE, QueueArn: QUEUE, QuickConnectArns: [qc(1), qc(2)] },
        {
          InstanceArn: INSTANCE,
          QueueArn: QUEUE,
          QuickConnectArns: [qc(1), qc(3)],
        },
      ),
    );
    expect(
      connect.commandCalls(DisassociateQueueQuickConnectsCommand)[0]!.args[0].input.QuickConnectIds,
    ).toEqual(['55555553-5555-5555-5555-555555555555']);
    expect(
      connect.commandCalls(AssociateQueueQuickConnectsCommand)[0]!.args[0].input.QuickConnectIds,
    ).toHaveLength(2);
  });

  it('plans nothing to detach when a queue had no quick connects', () => {
    expect(
      planQueueQuickConnects('Delete', { InstanceArn: INSTANCE, QueueArn: QUEUE, QuickConnectArns: [] })
        .steps,
    ).toEqual([]);
    expect(() => planQueueQuickConnects('Create', { InstanceArn: INSTANCE })).toThrow(
      InvalidAssociationPropertiesError,
    );
  });
});
