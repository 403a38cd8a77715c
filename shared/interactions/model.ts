/**
 * Interfaces the interactions domain works against (adapters in shared/adapters/dynamo/*), and the shape
 * of one interaction as read back from the store.
 */
import type { NormalizedCtr } from './ctr.ts';

export interface CtrUpsertResult {
  /**
   * applied = this CTR is now the stored version; duplicate = the identical CTR was already stored (rewritten
   * with the same values); stale = a newer (or winning equal-timestamp) version was there. All are success.
   */
  outcome: 'applied' | 'duplicate' | 'stale';
  /** True when no CTR had been stored for the contact before (first sight; used for metrics). */
  firstVersion: boolean;
}

export interface CtrStore {
  upsertCtr(
    ctr: NormalizedCtr,
    version: { lastUpdate: number; hash: string; version: string },
  ): Promise<CtrUpsertResult>;
}

export interface RecordingLink {
  location: string;
  contactId: string | undefined;
  objectCreatedAt: string | undefined;
  linkedBy: 'ctr' | 'key' | undefined;
}

export interface RecordingLinkStore {
  /**
   * The CTR names this recording location for this contact; returns the link state afterwards.
   * `initiatedAt` (the contact's InitiationTimestamp) lets the store set the link's retention like the contact's.
   */
  recordLocationFromCtr(location: string, contactId: string, initiatedAt?: string): Promise<RecordingLink>;
  /** The object exists in S3 (object-created event); returns the link state afterwards. */
  recordObjectCreated(location: string, at: string): Promise<RecordingLink>;
  setLinkContact(location: string, contactId: string, linkedBy: 'ctr' | 'key'): Promise<void>;
  /** Set the contact's recording attributes; a redacted copy is only added to `recordingKeys`. */
  linkRecordingToContact(
    contactId: string,
    bucket: string,
    key: string,
    at: string,
    redacted?: boolean,
  ): Promise<void>;
}

/** One interaction as stored: the CTR plus what other writers attached to it. */
export interface InteractionRecord {
  contactId: string;
  ctr: NormalizedCtr | undefined;
  lastUpdate: number | undefined;
  surveyCsat: number | undefined;
  surveyNps: number | undefined;
  recordingBucket: string | undefined;
  recordingKey: string | undefined;
  recordingKeys: string[];
  tags: string[];
  disposition: string | undefined;
  /** The item's TTL (epoch seconds; the interactions table's `retainUntil`), when it has one. */
  retainUntil?: number;
}

/** Retention expiry (epoch seconds) of a contact initiated at `initiatedAtMs`: + `retentionDays` days. */
export function retentionExpiry(initiatedAtMs: number, retentionDays: number): number {
  return Math.floor(initiatedAtMs / 1000) + retentionDays * 86_400;
}

export interface InteractionReader {
  get(contactId: string): Promise<InteractionRecord | undefined>;
  chain(initialContactId: string): Promise<InteractionRecord[]>;
  history(e164: string, limit?: number): Promise<InteractionRecord[]>;
  byDay(day: string): Promise<InteractionRecord[]>;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
