/**
 * Customers and callers, as the IVR sees them: who is calling (a customer can have several numbers), in
 * which language to greet them, whether they called recently (repeat caller), who served them last
 * (sticky routing) and whether they are on the internal DNC list. Pure: the store is an interface.
 */
import type { InternalDncEntry } from './internal-dnc.ts';

export const CUSTOMER_TIERS = ['VIP', 'standard'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export interface CustomerProfile {
  customerId: string;
  firstName: string;
  lastName?: string;
  tier: CustomerTier;
  /** A language code from the config's languages.supported, e.g. "en-US" or "tr-TR". */
  preferredLanguage: string;
  /** Every number the customer calls from, E.164. */
  phoneNumbers: string[];
  openCaseId?: string;
}

/** What the IVR needs about a customer, stored beside each of their numbers (one read per call). */
export type CallerProfile = Pick<
  CustomerProfile,
  'customerId' | 'firstName' | 'tier' | 'preferredLanguage' | 'openCaseId'
>;

/** Contact history kept per number (known customers and unknown callers alike). */
export interface CallerActivity {
  /** The contact that last called from this number and when (ISO). */
  lastContactId?: string;
  lastContactAt?: string;
  /** The contact before it (lets a retried lookup of the same contact still see the previous one). */
  previousContactAt?: string;
  /** The agent who last handled a contact from this number (written from contact records). */
  lastAgent?: string;
  lastAgentAt?: string;
}

export interface CallerRecord {
  profile?: CallerProfile;
  activity?: CallerActivity;
  dnc?: InternalDncEntry;
}

/**
 * What the IVR reads about a number, and where the current contact is noted (repeat-caller detection).
 * ivr-lookup reads without `contact` — one round trip while the caller waits — and `route`, which already
 * waits on Connect's metrics API a moment later in the same call, notes the contact in parallel with that
 * wait. Given `contact`, `lookupCaller` notes it itself, in parallel with the read (two requests).
 */
export interface CallerDirectory {
  lookupCaller(
    e164: string,
    contact?: { contactId: string; at: Date },
    signal?: AbortSignal,
  ): Promise<CallerRecord>;
  /** Record this contact on the number's activity; a retry of the same contact changes nothing. */
  noteContact?(e164: string, contact: { contactId: string; at: Date }, signal?: AbortSignal): Promise<void>;
}

export interface CustomerStore {
  /** Write a customer and one lookup item per number (idempotent; numbers no longer listed are unlinked). */
  putCustomer(profile: CustomerProfile): Promise<void>;
  getCustomer(customerId: string): Promise<CustomerProfile | undefined>;
  /** Note the agent who handled a contact from this number (for sticky routing); older news never wins. */
  recordAgentContact(e164: string, contact: { contactId: string; agent: string; at: Date }): Promise<void>;
}

export interface IvrLookupSettings {
  repeatCallerWindowHours: number;
  defaultLanguage: string;
  supportedLanguages: readonly string[];
}

/** The ivr-lookup answer (contract: contracts.md › ivr-lookup). */
export interface CallerDescription {
  lookupStatus: 'ok';
  customerKnown: boolean;
  customerId: string;
  firstName: string;
  tier: CustomerTier;
  preferredLanguage: string;
  openCaseId: string;
  lastContactAt: string;
  repeatCaller: boolean;
  lastAgent: string;
  onDncList: boolean;
}

/**
 * When this number called before the current contact. The current contact may already be noted (the flow
 * looped back to the lookup after routing, or Connect retried): then the previous one is `previousContactAt`.
 */
export function previousContactAt(
  activity: CallerActivity | undefined,
  contactId: string,
): string | undefined {
  if (!activity) return undefined;
  return activity.lastContactId === contactId ? activity.previousContactAt : activity.lastContactAt;
}

export function isRepeatCaller(previousAt: string | undefined, now: Date, windowHours: number): boolean {
  if (!previousAt) return false;
  const t = Date.parse(previousAt);
  if (Number.isNaN(t)) return false;
  const age = now.getTime() - t;
  return age >= 0 && age <= windowHours * 3_600_000;
}

/** Describe a caller for the flow. `record` undefined means the number could not be read as a phone number. */
export function describeCaller(
  record: CallerRecord | undefined,
  contact: { contactId: string; now: Date },
  settings: IvrLookupSettings,
): CallerDescription {
  const profile = record?.profile;
  const previous = previousContactAt(record?.activity, contact.contactId);
  const repeat = isRepeatCaller(previous, contact.now, settings.repeatCallerWindowHours);
  const language =
    profile && settings.supportedLanguages.includes(profile.preferredLanguage)
      ? profile.preferredLanguage
      : settings.defaultLanguage;
  return {
    lookupStatus: 'ok',
    customerKnown: profile !== undefined,
    customerId: profile?.customerId ?? '',
    firstName: profile?.firstName ?? '',
    tier: profile?.tier === 'VIP' ? 'VIP' : 'standard',
    preferredLanguage: language,
    openCaseId: profile?.openCaseId ?? '',
    lastContactAt: previous ?? '',
    repeatCaller: repeat,
    // Sticky routing only makes sense for a recent caller.
    lastAgent: repeat ? (record?.activity?.lastAgent ?? '') : '',
    onDncList: record?.dnc !== undefined,
  };
}
