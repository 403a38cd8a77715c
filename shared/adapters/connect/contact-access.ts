/**
 * The agent API's view of a contact, from Amazon Connect: DescribeContact (agent, queue, channel, customer
 * endpoint, initial contact), then in parallel GetContactAttributes on the initial contact (Connect keeps a
 * conversation's user-defined attributes there and copies them to transfer legs) and DescribeUser for the
 * agent id, whose Username is the Cognito/config login. Queue ids become config names through QUEUE_ARNS.
 * UpdateContactAttributes also addresses the initial contact, as the API reference requires
 * (UpdateContactAttributesRequest.InitialContactId: "the contact associated with the first interaction").
 * A contact Connect does not know (ResourceNotFoundException) is `undefined` — the router answers 403.
 */
import {
  type ConnectClient,
  type Contact,
  DescribeContactCommand,
  DescribeUserCommand,
  GetContactAttributesCommand,
  ResourceNotFoundException,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import type { ContactAccess, ContactAttributes, ContactFacts } from '../../agent-api/ports.ts';

export class ConnectContactAccess implements ContactAccess, ContactAttributes {
  /** Connect user id → user name (user names do not change under an id; cached per container). */
  private readonly usernames = new Map<string, string>();
  private readonly queueNames: Map<string, string>;

  constructor(
    private readonly connect: ConnectClient,
    private readonly instanceId: string,
    /** Queue name → ARN (QUEUE_ARNS); the ARN ends in `/queue/<id>`. */
    queueArns: Readonly<Record<string, string>>,
  ) {
    this.queueNames = new Map(
      Object.entries(queueArns).map(([name, arn]) => [arn.slice(arn.lastIndexOf('/') + 1), name]),
    );
  }

  async describeContact(contactId: string): Promise<ContactFacts | undefined> {
    let contact: Contact | undefined;
    try {
      contact = (
        await this.connect.send(
          new DescribeContactCommand({ InstanceId: this.instanceId, ContactId: contactId }),
        )
      ).Contact;
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return undefined;
      throw err;
    }
    if (!contact) return undefined;
    const initialContactId = contact.InitialContactId ?? contact.Id ?? contactId;
    const agentId = contact.AgentInfo?.Id;
    const [attributes, agent] = await Promise.all([
      this.connect
        .send(
          new GetContactAttributesCommand({
            InstanceId: this.instanceId,
            InitialContactId: initialContactId,
          }),
        )
        .then((r) => r.Attributes ?? {}),
      agentId ? this.username(agentId) : undefined,
    ]);
    const queueId = contact.QueueInfo?.Id;
    return {
      contactId,
      initialContactId,
      agents: agent ? [agent] : [],
      customerNumber: contact.CustomerEndpoint?.Address,
      queue: queueId ? this.queueNames.get(queueId) : undefined,
      channel: contact.Channel ?? 'VOICE',
      initiatedAt: contact.InitiationTimestamp?.toISOString(),
      attributes,
    };
  }

  async updateContactAttributes(contact: ContactFacts, attributes: Record<string, string>): Promise<void> {
    await this.connect.send(
      new UpdateContactAttributesCommand({
        InstanceId: this.instanceId,
        InitialContactId: contact.initialContactId,
        Attributes: attributes,
      }),
    );
  }

  private async username(userId: string): Promise<string | undefined> {
    const cached = this.usernames.get(userId);
    if (cached) return cached;
    try {
      const out = await this.connect.send(
        new DescribeUserCommand({ InstanceId: this.instanceId, UserId: userId }),
      );
      const name = out.User?.Username;
      if (name) this.usernames.set(userId, name);
      return name;
    } catch (err) {
      // A deleted user can no longer be anybody's identity.
      if (err instanceof ResourceNotFoundException) return undefined;
      throw err;
    }
  }
}
