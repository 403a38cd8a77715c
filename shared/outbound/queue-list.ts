/**
 * Turn a scrubbed list into a campaign's dial queue: accepted rows and rows only outside their window now
 * (the dialer re-gates every one at dial time) become pending targets; re-ingesting never resets progress.
 * Used by `santral campaign create` and functions/campaign-ingest. A target keeps only the attributes the
 * campaign may send to Connect (shared/outbound/contact-attributes.ts): other columns are never stored.
 */
import type { CampaignPolicy, GateDeps } from '#shared/compliance/gate.ts';
import { normalizePhoneNumber } from '#shared/domain/phone.ts';
import type { CampaignStore, CampaignTarget } from './campaign.ts';
import {
  type ContactAttributeReport,
  ContactAttributeTally,
  pickContactAttributes,
} from './contact-attributes.ts';
import { type IngestedRow, type PreviewSummary, scrubContactList } from './ingest.ts';

/** Every attribute a row carries: its extra columns, and `firstName` (the first word of `name`). */
export function rowAttributes(row: IngestedRow): Record<string, string> {
  return { ...row.attributes, ...(row.name ? { firstName: row.name.split(' ')[0] ?? '' } : {}) };
}

/** Whether a scrubbed row becomes a target (accepted, or only outside its window now). */
export function isQueueable(row: IngestedRow): row is IngestedRow & { e164: string } {
  if ((row.category !== 'accepted' && row.category !== 'outsideWindow') || !row.e164) return false;
  return !row.reason.startsWith('invalidLocationHint');
}

export function targetFromRow(
  campaign: string,
  row: IngestedRow,
  at: Date,
  allowedAttributes: ReadonlySet<string>,
): CampaignTarget | undefined {
  if (!isQueueable(row)) return undefined;
  return {
    campaign,
    e164: row.e164,
    country: normalizePhoneNumber(row.e164)?.country,
    line: row.line,
    hints: {
      ...(row.timezone ? { timezone: row.timezone } : {}),
      ...(row.zip ? { zip: row.zip } : {}),
      ...(row.state ? { state: row.state } : {}),
    },
    ...(row.consentDate ? { consentDate: row.consentDate } : {}),
    attributes: pickContactAttributes(rowAttributes(row), allowedAttributes),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at.toISOString(),
  };
}

export async function queueCampaignList(
  store: CampaignStore,
  gate: GateDeps,
  campaign: { name: string; policy: CampaignPolicy },
  input: AsyncIterable<Uint8Array | string>,
  at: Date,
  allowedAttributes: ReadonlySet<string>,
  onProgress?: (rows: number) => void,
): Promise<PreviewSummary & { queued: number; attributes: ContactAttributeReport }> {
  let queued = 0;
  const tally = new ContactAttributeTally(allowedAttributes);
  const summary = await scrubContactList(input, {
    deps: gate,
    policy: campaign.policy,
    at,
    ...(onProgress ? { onProgress } : {}),
    onRow: async (row) => {
      if (isQueueable(row)) tally.add(rowAttributes(row));
      const target = targetFromRow(campaign.name, row, at, allowedAttributes);
      if (target && (await store.addTarget(target))) queued++;
    },
  });
  return { ...summary, queued, attributes: tally.report() };
}
