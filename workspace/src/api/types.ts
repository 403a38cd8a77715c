/**
 * The agent API's shapes as the app sees them (AGENT-API.md › Routes). The app only reads them; the
 * backend (shared/agent-api/) owns them and answers with exactly these fields.
 */
export type Locale = 'en' | 'tr';

export interface Me {
  username: string;
  name: string;
  locale: Locale;
  groups: string[];
}

export interface CardCustomer {
  name: string;
  vipTier: string;
  language: string;
  openCase: string | null;
  phoneMasked: string;
}

export interface CardTransfer {
  note: string;
  reason: string;
  mode: 'warm' | 'cold' | string;
  fromAgent: string;
}

export interface CardHistoryEntry {
  contactId: string;
  startedAt: string;
  queue: string;
  disposition: string | null;
  notes: string[];
  tags: string[];
  surveyScore: number | null;
}

export interface CardNote {
  noteId: string;
  text: string;
  author: string;
  savedAt: string;
}

export interface WrapUpCode {
  code: string;
  label: string;
}

export interface Card {
  contactId: string;
  queue: string;
  channel: string;
  customer: CardCustomer | null;
  intent: string | null;
  repeatCaller: boolean;
  transfer: CardTransfer | null;
  pendingCallback: { queue: string; requestedAt: string } | null;
  dnc: { blocked: boolean; sources: string[] };
  history: CardHistoryEntry[];
  notes: CardNote[];
  tags: string[];
  wrapUp: { codes: WrapUpCode[]; required: boolean; selected: string | null };
}

/** A transfer target: the queue's config name or the agent's login (what the API checks). */
export interface TransferTarget {
  type: 'queue' | 'agent';
  name: string;
  /** The quick connect's name, shown to the agent ("To Billing"). */
  label?: string;
}

export interface TransferContext {
  note: string;
  reason: string;
  mode: 'warm' | 'cold';
  target: TransferTarget;
}

/** `{ error: { code, message } }` with the HTTP status, thrown by the client for every non-2xx answer. */
export class AgentApiError extends Error {
  override readonly name = 'AgentApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
