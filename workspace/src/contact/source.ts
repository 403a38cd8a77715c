/**
 * The ContactSource port: where the app learns that a contact is offered, connected, in after-contact
 * work (ACW) or ended, and how it leaves ACW. Three adapters implement it: the Amazon Connect SDK (the app
 * inside Connect's agent workspace), amazon-connect-streams (a page embedding the CCP) and the sandbox.
 * The UI never touches an SDK; a browser test drives the real UI through the sandbox adapter.
 */
import type { Locale, TransferTarget } from '../api/types.ts';

export type ContactState = 'offered' | 'connected' | 'acw' | 'ended';

export interface ContactEvent {
  state: ContactState;
  contactId: string;
  /** The queue the contact came through, when the source knows it. */
  queue?: string;
  /** Contact attributes as the flows set them (the card comes from the API; these are a hint). */
  attributes?: Record<string, string>;
}

export type Unsubscribe = () => void;

export interface ContactSource {
  /** Every contact lifecycle event for this agent, in order. */
  subscribe(listener: (event: ContactEvent) => void): Unsubscribe;
  /** Leave after-contact work (Connect: clear the contact); the app calls the API's complete first. */
  clearContact(contactId: string): Promise<void>;
  /** The agent's locale as the contact center knows it, when the source knows it. */
  locale(): Promise<Locale | undefined>;
  /** Quick connects the agent may transfer to (for the transfer form's choices). */
  transferTargets(): Promise<TransferTarget[]>;
  /**
   * Use the quick connect for `target` (Connect SDK `ContactClient.transfer`, Streams
   * `contact.addConnection`, the sandbox's stand-in). Absent where the agent uses the CCP's own button.
   */
  transfer?(contactId: string, target: TransferTarget): Promise<void>;
}

/** `en-US`, `tr_TR`, `tr` → the app's locale (Turkish or English; English for anything else). */
export function toLocale(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const lang = tag.toLowerCase().split(/[-_]/)[0];
  if (lang === 'tr') return 'tr';
  if (lang === 'en') return 'en';
  return undefined;
}
