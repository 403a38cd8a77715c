/**
 * What the agent API works against. Adapters: DynamoDB (shared/adapters/dynamo/*) for notes, tags, wrap-up,
 * audit, customers, DNC and callbacks; Amazon Connect (shared/adapters/connect/contact-access.ts) for the
 * contact's facts and attributes in AWS; the sandbox's record of simulated contacts (shared/local/
 * sandbox-contacts.ts) locally.
 */
import type { CallbackStore } from '../domain/callback.ts';
import type { CallerDirectory } from '../domain/customers.ts';
import type { InternalDncStore } from '../domain/internal-dnc.ts';
import type { TollFraudGuardSettings } from '../domain/toll-fraud-guard.ts';
import type { Clock, InteractionReader } from '../interactions/model.ts';

/** What the API needs to know about one contact, from Connect (or the sandbox's stand-in). */
export interface ContactFacts {
  contactId: string;
  /** The first contact of the conversation (Connect keeps the attributes there; equals contactId when first). */
  initialContactId: string;
  /** User names (Connect user = Cognito user) of the agents this contact was connected to. */
  agents: string[];
  /** The customer's number, E.164, when Connect knows it. */
  customerNumber: string | undefined;
  /** The queue's name (config name) when the contact was queued. */
  queue: string | undefined;
  channel: string;
  initiatedAt: string | undefined;
  /** The contact's user-defined attributes (set by the flows: intent, repeatCaller, transfer*, …). */
  attributes: Readonly<Record<string, string>>;
}

/** "Was this agent connected to this contact?" answered from the contact center itself. */
export interface ContactAccess {
  /** The contact's facts, or undefined when the contact does not exist. */
  describeContact(contactId: string): Promise<ContactFacts | undefined>;
}

/** Connect's UpdateContactAttributes (merges: the given keys are set, others stay). */
export interface ContactAttributes {
  updateContactAttributes(contact: ContactFacts, attributes: Record<string, string>): Promise<void>;
}

export interface AgentNote {
  noteId: string;
  contactId: string;
  text: string;
  author: string;
  createdAt: string;
  savedAt: string;
}

/** Notes, tags and the wrap-up code kept on the interaction (interactions table). */
export interface WorkspaceStore {
  listNotes(contactId: string): Promise<AgentNote[]>;
  /**
   * Write a note by its client-chosen id: the same id overwrites the text (autosave retries and edits),
   * never adds a second note. `owned-by-other` when another agent wrote that id (nothing written).
   */
  saveNote(
    note: Omit<AgentNote, 'createdAt'>,
  ): Promise<{ outcome: 'saved' | 'owned-by-other'; note?: AgentNote }>;
  /** Replace the contact's tags (an empty list removes them); returns the stored set, sorted. */
  setTags(contactId: string, tags: string[]): Promise<string[]>;
  setDisposition(contactId: string, disposition: string, by: string, at: string): Promise<void>;
}

/** One audited action: who (from the token), when, what, on which contact, with what outcome. */
export interface AgentAuditEntry {
  requestId: string;
  at: string;
  action: string;
  /** The verified user name. */
  actor: string;
  contactId?: string;
  /** Masked customer number, never the number in clear. */
  customer?: string;
  outcome: string;
}

export interface AuditSink {
  audit(entry: AgentAuditEntry): Promise<void>;
}

/** The pending callback of a number (any of the given queues), for the card. */
export interface PendingCallbacks {
  findPendingCallback(
    e164: string,
    queueNames: readonly string[],
    now?: Date,
  ): Promise<{ queue: string; requestedAt: string } | undefined>;
}

export interface WrapUpCodeSetting {
  code: string;
  label: string;
  /** Labels by language code ("tr-TR"). */
  labels: Record<string, string>;
}

/** The slice of the config the API needs (functions/agent-api reads it from its environment). */
export interface AgentApiSettings {
  queues: string[];
  /** Agents' logins (transfer targets) and queue names are checked against config. */
  agents: string[];
  wrapUp: {
    codes: WrapUpCodeSetting[];
    queues: { queue: string; codes: string[]; required: boolean }[];
  };
  transferGuard: TollFraudGuardSettings;
  defaultCountry: string;
  historyLimit: number;
}

export interface AgentApiDeps {
  contacts: ContactAccess;
  attributes: ContactAttributes;
  workspace: WorkspaceStore;
  audit: AuditSink;
  interactions: InteractionReader;
  callers: CallerDirectory;
  dnc: InternalDncStore;
  callbacks: CallbackStore & PendingCallbacks;
  settings: AgentApiSettings;
  clock: Clock;
  /** Request ids for the audit trail when the transport gives none. */
  newRequestId?: () => string;
}
