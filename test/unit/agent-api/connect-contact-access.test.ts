/** ContactAccess/ContactAttributes over Amazon Connect (no emulator: aws-sdk-client-mock). */
import {
  ConnectClient,
  DescribeContactCommand,
  DescribeUserCommand,
  GetContactAttributesCommand,
  ResourceNotFoundException,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectContactAccess } from '#shared/adapters/connect/contact-access.ts';

const INSTANCE = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const QUEUE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/queue/q-support-1`;
const connect = mockClient(ConnectClient);

describe('ConnectContactAccess', () => {
  let access: ConnectContactAccess;
  beforeEach(() => {
    connect.reset();
    access = new ConnectContactAccess(new ConnectClient({ region: 'us-east-1' }), INSTANCE, {
      Support: QUEUE_ARN,
    });
  });

  it('describes a transfer leg: its agent by user name, queue by config name, the conversation’s attributes', async () => {
    connect.on(DescribeContactCommand).resolves({
      Contact: {
        Id: 'leg-2',
        InitialContactId: 'first-1',
        Channel: 'VOICE',
        AgentInfo: { Id: 'user-id-ayse' },
        QueueInfo: { Id: 'q-support-1' },
        CustomerEndpoint: { Type: 'TELEPHONE_NUMBER', Address: '+12065550100' },
        InitiationTimestamp: new Date('2026-11-20T12:00:00Z'),
      },
    });
    connect.on(GetContactAttributesCommand).resolves({ Attributes: { transferNote: 'refund' } });
    connect.on(DescribeUserCommand).resolves({ User: { Username: 'ayse' } });
    expect(await access.describeContact('leg-2')).toEqual({
      contactId: 'leg-2',
      initialContactId: 'first-1',
      agents: ['ayse'],
      customerNumber: '+12065550100',
      queue: 'Support',
      channel: 'VOICE',
      initiatedAt: '2026-11-20T12:00:00.000Z',
      attributes: { transferNote: 'refund' },
    });
    expect(connect.commandCalls(GetContactAttributesCommand)[0]!.args[0].input).toEqual({
      InstanceId: INSTANCE,
      InitialContactId: 'first-1',
    });
    expect(connect.commandCalls(DescribeUserCommand)[0]!.args[0].input).toEqual({
      InstanceId: INSTANCE,
      UserId: 'user-id-ayse',
    });
  });

  it('a contact Connect does not know is undefined; one without an agent has no agents', async () => {
    connect
      .on(DescribeContactCommand, { ContactId: 'gone' })
      .rejects(new ResourceNotFoundException({ message: 'no', $metadata: {} }));
    expect(await access.describeContact('gone')).toBeUndefined();
    connect.on(DescribeContactCommand, { ContactId: 'queued' }).resolves({ Contact: { Id: 'queued' } });
    connect.on(GetContactAttributesCommand).resolves({ Attributes: {} });
    expect(await access.describeContact('queued')).toMatchObject({ agents: [], initialContactId: 'queued' });
    expect(connect.commandCalls(DescribeUserCommand)).toHaveLength(0);
  });

  it('updates attributes on the initial contact, as UpdateContactAttributes requires', async () => {
    connect.on(UpdateContactAttributesCommand).resolves({});
    await access.updateContactAttributes(
      {
        contactId: 'leg-2',
        initialContactId: 'first-1',
        agents: ['ayse'],
        customerNumber: undefined,
        queue: undefined,
        channel: 'VOICE',
        initiatedAt: undefined,
        attributes: {},
      },
      { transferNote: 'x' },
    );
    expect(connect.commandCalls(UpdateContactAttributesCommand)[0]!.args[0].input).toEqual({
      InstanceId: INSTANCE,
      InitialContactId: 'first-1',
      Attributes: { transferNote: 'x' },
    });
  });
});
