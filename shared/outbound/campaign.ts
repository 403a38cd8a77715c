/**
 * Campaign model and the store interface the dialer works against. All dialer state lives in the store
 * (DynamoDB `campaigns` table: shared/adapters/dynamo/campaign-store.ts) so a crashed dialer loses nothing.
 */

import type { CalleeLocationHints } from '#shared/compliance/calling-window.ts';
import type { CampaignPolicy, GateEvidence } from '#shared/compliance/gate.ts';
import type { AmdStatus } from './retry-policy.ts';

export type CampaignStatus = 'active' | 'paused' | 'completed' | 'stopped';

export interface Campaign {
  name: string;
  status: CampaignStatus;
  /** Outbound flow (contact-flows/<name>.json), e.g. outbound-whisper. */
  contactFlow: string;
  /** Queue whose agents take the answered calls (pacing reads its available agents). */
  queue: string;
  /** Caller IDs (E.164) this campaign may present, each capped per day. */
  callerIds: string[];
  policy: CampaignPolicy;
  createdAt: string;
  /** Why it stopped: the dialer's reason (e.g. every caller ID at its cap), or `operator`. */
  stopReason?: string;
  /** The last operator change (pause/resume/stop): who, when, why (shared/operator/campaign-control.ts). */
  control?: { action: string; by: string; at: string; reason: string };
}

export type TargetState = 'pending' | 'dialing' | 'done' | 'skipped' | 'invalid';

export interface CampaignTarget {
  campaign: string;
  e164: string;
  country: string | undefined;
  line: number;
  hints: CalleeLocationHints;
  consentDate?: string;
  attributes: Record<string, string>;
  state: TargetState;
  /** Attempts whose ledger entry exists (placed, failed or unknown). */
  attempts: number;
  nextAttemptAt: string;
  lastOutcome?: string;
  lastContactId?: string;
}

export type AttemptStatus = 'reserved' | 'placed' | 'failed' | 'unknown';

export interface AttemptRecord {
  campaign: string;
  e164: string;
  attempt: number;
  clientToken: string;
  callerId: string;
  status: AttemptStatus;
  reservedAt: string;
  /**
   * Id of the dial decision's evidence record (key `<reservedAt>#<evidenceId>`), written after the reservation
   * and BEFORE the call: on a restart its presence tells "the call may have started" from "it never did".
   */
  evidenceId?: string;
  contactId?: string;
  outcome?: AmdStatus | string;
  disposition?: string;
  converted?: boolean;
}

export interface CampaignStore {
  getCampaign(name: string): Promise<Campaign | undefined>;
  listCampaigns(): Promise<Campaign[]>;
  putCampaign(campaign: Campaign): Promise<void>;
  setCampaignStatus(name: string, status: CampaignStatus, stopReason?: string): Promise<void>;
  /** Add a target unless it exists (re-ingesting a list never resets progress). */
  addTarget(target: CampaignTarget): Promise<boolean>;
  getTarget(campaign: string, e164: string): Promise<CampaignTarget | undefined>;
  /** Pending targets due at or before `now`, oldest first. */
  dueTargets(campaign: string, now: Date, limit: number): Promise<CampaignTarget[]>;
  /** Targets with a call placed and no outcome yet. */
  inFlight(campaign: string): Promise<number>;
  inFlightTargets(campaign: string): Promise<CampaignTarget[]>;
  countTargets(campaign: string): Promise<Record<TargetState, number>>;
  updateTarget(
    campaign: string,
    e164: string,
    change: Partial<
      Pick<CampaignTarget, 'state' | 'attempts' | 'nextAttemptAt' | 'lastOutcome' | 'lastContactId'>
    >,
  ): Promise<boolean>;
  /**
   * Attempt ledger: conditional put on (campaign, number, attempt) BEFORE the call. False when that attempt
   * was already reserved (by an earlier, possibly crashed run): the caller must not dial it again.
   */
  reserveAttempt(record: AttemptRecord): Promise<boolean>;
  getAttempt(campaign: string, e164: string, attempt: number): Promise<AttemptRecord | undefined>;
  updateAttempt(
    campaign: string,
    e164: string,
    attempt: number,
    change: Partial<Pick<AttemptRecord, 'status' | 'contactId' | 'outcome' | 'disposition' | 'converted'>>,
  ): Promise<void>;
  /** Attempts that were placed, in order (for reports and tests). */
  listAttempts(campaign: string): Promise<AttemptRecord[]>;
  /** Attempts reserved at or after `since`. */
  attemptsSince(campaign: string, since: Date): Promise<AttemptRecord[]>;
  /** Atomically count one more use of a capped thing for a day; false when it is at its cap. */
  reserveCap(kind: 'number' | 'callerId', id: string, day: string, cap: number): Promise<boolean>;
  /** Give back a reservation that was not used (never below zero). */
  releaseCap(kind: 'number' | 'callerId', id: string, day: string): Promise<void>;
  capCount(kind: 'number' | 'callerId', id: string, day: string): Promise<number>;
}

export type DialDecision = 'dial' | 'skip';

export interface DialEvidence {
  id: string;
  campaign: string;
  e164: string;
  decision: DialDecision;
  reason: string;
  at: string;
  attempt?: number;
  callerId?: string;
  clientToken?: string;
  contactId?: string;
  gate: GateEvidence;
  caps?: { numberToday: number; numberCap: number; callerIdToday?: number; callerIdCap: number };
}

export interface EvidenceSink {
  /** Append a decision (never overwrites one). */
  record(evidence: DialEvidence): Promise<void>;
  /** Whether the decision (campaign, at, id) is stored: a strongly consistent read. */
  exists(campaign: string, at: string, id: string): Promise<boolean>;
  /**
   * Link a dial decision to the contact its call became. Written once (a repeat is a no-op); the decision's
   * own fields are never changed.
   */
  linkContact(campaign: string, at: string, id: string, contactId: string): Promise<void>;
}
