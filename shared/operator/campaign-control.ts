/**
 * Campaign control: pause, resume, stop one campaign, or stop every campaign at once (emergency). Each change
 * is a conditional status transition (never from a state it does not apply to) plus an append-only audit
 * record of who, when and why. The dialer reads the campaign's status with a strongly consistent read before
 * every dial (shared/outbound/dialer.ts), so a pause or stop takes effect before its next dial.
 */
import type { Campaign, CampaignStatus } from '#shared/outbound/campaign.ts';

export type CampaignAction = 'pause' | 'resume' | 'stop';

/** Which states an action applies to, and the state it leads to. */
export const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  pause: { from: ['active'], to: 'paused' },
  // An operator stop is not final: an explicit, audited resume may restart it (a dialer stop for
  // callerIdsCapped too, e.g. the next day).
  resume: { from: ['paused', 'stopped'], to: 'active' },
  stop: { from: ['active', 'paused'], to: 'stopped' },
};

export interface CampaignControlRecord {
  campaign: string;
  action: CampaignAction;
  from: CampaignStatus;
  to: CampaignStatus;
  /** The verified AWS identity (deployed) or the OS user (sandbox). */
  by: string;
  at: string;
  reason: string;
  /** `stop --all`: the id shared by every stop of one emergency stop. */
  emergencyId?: string;
}

/** Port: the campaigns table (shared/adapters/dynamo/campaign-control-store.ts). */
export interface CampaignControlStore {
  getCampaign(name: string): Promise<Campaign | undefined>;
  listCampaigns(): Promise<Campaign[]>;
  /** Conditional: only when the campaign's status is one of `from`; false otherwise (nothing written). */
  transition(record: CampaignControlRecord, allowedFrom: readonly CampaignStatus[]): Promise<boolean>;
  history(campaign: string): Promise<CampaignControlRecord[]>;
}

export class CampaignNotFoundError extends Error {
  override readonly name = 'CampaignNotFoundError';
  constructor(
    readonly campaign: string,
    readonly known: readonly string[],
  ) {
    super(
      `no campaign "${campaign}"${known.length > 0 ? `; campaigns: ${known.join(', ')}` : ' (there are no campaigns)'}`,
    );
  }
}

export class CampaignTransitionError extends Error {
  override readonly name = 'CampaignTransitionError';
  constructor(
    readonly campaign: string,
    readonly action: CampaignAction,
    readonly status: CampaignStatus,
  ) {
    super(
      `cannot ${action} campaign "${campaign}": it is ${status} (${action} applies to ${TRANSITIONS[action].from.join(' or ')} campaigns)`,
    );
  }
}

export class MissingReasonError extends Error {
  override readonly name = 'MissingReasonError';
  constructor(action: string) {
    super(`${action}: a reason is required (it is audited with who and when)`);
  }
}

export interface ControlDeps {
  store: CampaignControlStore;
  now: () => Date;
}

export interface ControlOutcome {
  campaign: string;
  action: CampaignAction;
  previous: CampaignStatus;
  status: CampaignStatus;
  /** False when the campaign already was in the target state (nothing written, nothing audited). */
  changed: boolean;
  record?: CampaignControlRecord;
}

export async function controlCampaign(
  deps: ControlDeps,
  name: string,
  action: CampaignAction,
  who: { by: string; reason: string; emergencyId?: string },
): Promise<ControlOutcome> {
  if (!who.reason.trim()) throw new MissingReasonError(`campaign ${action}`);
  const { from, to } = TRANSITIONS[action];
  // A concurrent change (the dialer stopping a capped campaign, another operator) can win between the read
  // and the conditional write: read again and decide on the new state.
  for (let i = 0; i < 3; i++) {
    const campaign = await deps.store.getCampaign(name);
    if (!campaign) {
      const known = (await deps.store.listCampaigns()).map((c) => c.name).sort();
      throw new CampaignNotFoundError(name, known);
    }
    if (campaign.status === to)
      return { campaign: name, action, previous: campaign.status, status: to, changed: false };
    if (!from.includes(campaign.status)) throw new CampaignTransitionError(name, action, campaign.status);
    const record: CampaignControlRecord = {
      campaign: name,
      action,
      from: campaign.status,
      to,
      by: who.by,
      at: deps.now().toISOString(),
      reason: who.reason.trim(),
      ...(who.emergencyId ? { emergencyId: who.emergencyId } : {}),
    };
    if (await deps.store.transition(record, [campaign.status]))
      return { campaign: name, action, previous: campaign.status, status: to, changed: true, record };
  }
  throw new Error(`campaign ${action} ${name}: the campaign kept changing under us; try again`);
}

/** Emergency stop: every active or paused campaign, each audited with the same emergency id. */
export async function stopAllCampaigns(
  deps: ControlDeps,
  who: { by: string; reason: string },
  emergencyId: string,
): Promise<ControlOutcome[]> {
  if (!who.reason.trim()) throw new MissingReasonError('campaign stop --all');
  const out: ControlOutcome[] = [];
  for (const c of await deps.store.listCampaigns()) {
    if (!TRANSITIONS.stop.from.includes(c.status)) continue;
    try {
      out.push(await controlCampaign(deps, c.name, 'stop', { ...who, emergencyId }));
    } catch (err) {
      // Completed meanwhile (or stopped by the dialer): nothing left to stop.
      if (!(err instanceof CampaignTransitionError)) throw err;
    }
  }
  return out;
}
