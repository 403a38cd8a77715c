/**
 * The sandbox's stand-in for what Connect knows about contacts: which simulated agent took which contact,
 * the customer's number, the queue and the contact attributes. The sandbox web server calls
 * `recordContact` when the simulator creates a contact and `connectAgent` when the simulator connects it to
 * an agent; the agent API reads it through the ContactAccess / ContactAttributes ports, exactly as it reads
 * DescribeContact / GetContactAttributes / UpdateContactAttributes in AWS.
 *
 * Transfers: Connect makes a new contact (PreviousContactId = the old one, same InitialContactId) and the
 * conversation's attributes travel with it; `transferContact` does the same, and `attributesOf` gives the
 * attributes to pass into the simulator's transfer flow run (`simulateCall({ attributes })`), where the
 * transfer flows read `$.Attributes.transferNote/Reason/Mode/FromAgent`.
 */
import type { ContactAccess, ContactAttributes, ContactFacts } from '../agent-api/ports.ts';

export interface SimulatedContact {
  contactId: string;
  /** E.164 of the caller. */
  customerNumber?: string;
  /** The queue's config name. */
  queue?: string;
  channel?: string;
  initiatedAt?: string;
  /** The contact's attributes after the flow run (CallResult.attributes). */
  attributes?: Record<string, string>;
}

interface StoredContact {
  contactId: string;
  initialContactId: string;
  previousContactId: string | undefined;
  agents: string[];
  customerNumber: string | undefined;
  queue: string | undefined;
  channel: string;
  initiatedAt: string | undefined;
}

export class UnknownSandboxContactError extends Error {
  override readonly name = 'UnknownSandboxContactError';
  constructor(readonly contactId: string) {
    super(`no simulated contact ${contactId}`);
  }
}

export class SandboxContacts implements ContactAccess, ContactAttributes {
  private readonly contacts = new Map<string, StoredContact>();
  /** Attributes per initial contact (the conversation), as Connect keeps them. */
  private readonly attributes = new Map<string, Record<string, string>>();

  /** A contact the simulator created (or updated: queue, attributes after a flow run). */
  recordContact(contact: SimulatedContact): void {
    const existing = this.contacts.get(contact.contactId);
    const initialContactId = existing?.initialContactId ?? contact.contactId;
    this.contacts.set(contact.contactId, {
      contactId: contact.contactId,
      initialContactId,
      previousContactId: existing?.previousContactId,
      agents: existing?.agents ?? [],
      customerNumber: contact.customerNumber ?? existing?.customerNumber,
      queue: contact.queue ?? existing?.queue,
      channel: contact.channel ?? existing?.channel ?? 'VOICE',
      initiatedAt: contact.initiatedAt ?? existing?.initiatedAt ?? new Date().toISOString(),
    });
    if (contact.attributes) this.mergeAttributes(initialContactId, contact.attributes);
  }

  /** The simulator connected the contact to this agent (the agent's login). */
  connectAgent(contactId: string, agent: string): void {
    const c = this.require(contactId);
    if (!c.agents.includes(agent)) c.agents.push(agent);
  }

  /**
   * A transfer: a new contact for the same conversation (attributes shared), optionally into another queue.
   * Returns the new contact's id.
   */
  transferContact(fromContactId: string, toContactId: string, options: { queue?: string } = {}): string {
    const from = this.require(fromContactId);
    this.contacts.set(toContactId, {
      ...from,
      contactId: toContactId,
      previousContactId: fromContactId,
      agents: [],
      queue: options.queue ?? from.queue,
      initiatedAt: new Date().toISOString(),
    });
    return toContactId;
  }

  /** The conversation's attributes (to pass into the simulator's next flow run). */
  attributesOf(contactId: string): Record<string, string> {
    const c = this.require(contactId);
    return { ...(this.attributes.get(c.initialContactId) ?? {}) };
  }

  /** Contacts an agent was connected to, newest first (the sandbox CCP's list). */
  contactsOf(agent: string): string[] {
    return [...this.contacts.values()]
      .filter((c) => c.agents.includes(agent))
      .sort((a, b) => (b.initiatedAt ?? '').localeCompare(a.initiatedAt ?? ''))
      .map((c) => c.contactId);
  }

  async describeContact(contactId: string): Promise<ContactFacts | undefined> {
    const c = this.contacts.get(contactId);
    if (!c) return undefined;
    return {
      contactId: c.contactId,
      initialContactId: c.initialContactId,
      agents: [...c.agents],
      customerNumber: c.customerNumber,
      queue: c.queue,
      channel: c.channel,
      initiatedAt: c.initiatedAt,
      attributes: { ...(this.attributes.get(c.initialContactId) ?? {}) },
    };
  }

  async updateContactAttributes(contact: ContactFacts, attributes: Record<string, string>): Promise<void> {
    this.require(contact.contactId);
    this.mergeAttributes(contact.initialContactId, attributes);
  }

  private mergeAttributes(initialContactId: string, attributes: Record<string, string>): void {
    // Connect: an empty value removes the attribute.
    const merged = { ...(this.attributes.get(initialContactId) ?? {}) };
    for (const [k, v] of Object.entries(attributes)) {
      if (v === '') delete merged[k];
      else merged[k] = v;
    }
    this.attributes.set(initialContactId, merged);
  }

  private require(contactId: string): StoredContact {
    const c = this.contacts.get(contactId);
    if (!c) throw new UnknownSandboxContactError(contactId);
    return c;
  }
}
