/**
 * Turn a scrubbed list into a campaign's dial queue: accepted rows and rows only outside their window now
 * (the dialer re-gates every one at dial time) become pending targets; re-ingesting never resets progress.
 * Used by `santral campaign create` and functions/campaign-ingest.
 */
import type { CampaignPolicy, GateDeps } from '#shared/compliance/gate.ts';
import { normalizePhoneNumber } from '#shared/domain/phone.ts';
import type { CampaignStore, CampaignTarget } from './campaign.ts';
import { type IngestedRow, type PreviewSummary, scrubContactList } from './ingest.ts';

export function targetFromRow(campaign: string, row: IngestedRow, at: Date): CampaignTarget | undefined {
  if ((row.category !== 'accepted' && row.category !== 'outsideWindow') || !row.e164) return undefined;
  if (row.reason.startsWith('invalidLocationHint')) return undefined;
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
    attributes: { ...row.attributes, ...(row.name ? { firstName: row.name.split(' ')[0] ?? '' } : {}) },
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
  onProgress?: (rows: number) => void,
): Promise<PreviewSummary & { queued: number }> {
  let queued = 0;
  const summary = await scrubContactList(input, {
    deps: gate,
    policy: campaign.policy,
    at,
    ...(onProgress ? { onProgress } : {}),
    onRow: async (row) => {
      const target = targetFromRow(campaign.name, row, at);
      if (target && (await store.addTarget(target))) queued++;
    },
  });
  return { ...summary, queued };
}
