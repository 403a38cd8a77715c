/**
 * Amazon Connect adapters for the dialer: StartOutboundVoiceContact (with the ledger's ClientToken) and
 * the available-agent count for progressive pacing (GetCurrentMetricData AGENTS_AVAILABLE).
 * Names → ids come from the environment infra fills (CONTACT_FLOW_IDS, QUEUE_IDS as JSON maps).
 */
import {
  type ConnectClient,
  DescribeContactCommand,
  GetCurrentMetricDataCommand,
  ResourceNotFoundException,
  StartOutboundVoiceContactCommand,
} from '@aws-sdk/client-connect';
import type { AgentAvailability, CallStatus, OutboundCaller, StartCallInput } from '../../outbound/dialer.ts';

export interface ConnectIds {
  instanceId: string;
  contactFlowIds: Record<string, string>;
  queueIds: Record<string, string>;
}

export class UnknownConnectResourceError extends Error {
  override name = 'UnknownConnectResourceError';
}

function idOf(map: Record<string, string>, name: string, what: string): string {
  const id = map[name];
  if (!id)
    throw new UnknownConnectResourceError(
      `no ${what} id for "${name}" (known: ${Object.keys(map).join(', ')})`,
    );
  return id;
}

export class ConnectOutboundCaller implements OutboundCaller {
  constructor(
    private readonly connect: ConnectClient,
    private readonly ids: ConnectIds,
  ) {}

  async startCall(input: StartCallInput): Promise<{ contactId: string }> {
    const out = await this.connect.send(
      new StartOutboundVoiceContactCommand({
        InstanceId: this.ids.instanceId,
        ContactFlowId: idOf(this.ids.contactFlowIds, input.contactFlow, 'contact flow'),
        QueueId: idOf(this.ids.queueIds, input.queue, 'queue'),
        DestinationPhoneNumber: input.destination,
        SourcePhoneNumber: input.source,
        ClientToken: input.clientToken,
        Attributes: input.attributes,
        RingTimeoutInSeconds: input.ringTimeoutSeconds,
      }),
    );
    if (!out.ContactId) throw new Error('StartOutboundVoiceContact returned no ContactId');
    return { contactId: out.ContactId };
  }

  async callStatus(contactId: string): Promise<CallStatus | undefined> {
    try {
      const out = await this.connect.send(
        new DescribeContactCommand({ InstanceId: this.ids.instanceId, ContactId: contactId }),
      );
      const c = out.Contact;
      if (!c) return undefined;
      return {
        ended: c.DisconnectTimestamp !== undefined,
        ...(c.AnsweringMachineDetectionStatus ? { amdStatus: c.AnsweringMachineDetectionStatus } : {}),
        connectedToAgent: c.AgentInfo?.ConnectedToAgentTimestamp !== undefined,
      };
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return undefined;
      throw err;
    }
  }
}

export class ConnectAgentAvailability implements AgentAvailability {
  constructor(
    private readonly connect: ConnectClient,
    private readonly ids: ConnectIds,
  ) {}

  async available(queue: string): Promise<number> {
    const out = await this.connect.send(
      new GetCurrentMetricDataCommand({
        InstanceId: this.ids.instanceId,
        Filters: { Queues: [idOf(this.ids.queueIds, queue, 'queue')], Channels: ['VOICE'] },
        CurrentMetrics: [{ Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }],
      }),
    );
    const value = out.MetricResults?.[0]?.Collections?.[0]?.Value;
    return typeof value === 'number' ? Math.floor(value) : 0;
  }
}

export function connectIdsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectIds {
  const instanceId = env['CONNECT_INSTANCE_ID'];
  if (!instanceId) throw new Error('CONNECT_INSTANCE_ID is not set');
  return {
    instanceId,
    contactFlowIds: JSON.parse(env['CONTACT_FLOW_IDS'] ?? '{}') as Record<string, string>,
    queueIds: JSON.parse(env['QUEUE_IDS'] ?? '{}') as Record<string, string>,
  };
}
