/**
 * Evidence lookup for supervisors and auditors: every dial or skip decision about a number, a campaign or a
 * contact, with the inputs that justified it (shared/compliance/gate.ts), as readable sentences and as CSV.
 *
 * A readable decision, e.g.:
 *   2026-12-02T11:00:00-05:00 DIAL spring attempt 1 (accepted): 08:00 America/Los_Angeles inside 08:00–21:00
 *   (npa 206, zip WA); federal copy 2026-11-25, 7 days old (max 31), not listed; internal list: not listed;
 *   caps: number 1/2 today, caller ID 1/100; rule pack US 2025-06; area codes 2025-06; caller ID +1206***0900;
 *   contact 6f1c…
 */
import type { SourceEvidence } from '#shared/compliance/gate.ts';
import { maskPhoneNumber } from '#shared/domain/phone.ts';
import type { DialEvidence } from '#shared/outbound/campaign.ts';
import { neutralizeCell } from '#shared/outbound/ingest.ts';
import { formatInZone } from '#shared/time/strict.ts';

/** Port: read side of the evidence table (shared/adapters/dynamo/evidence-reader.ts). */
export interface EvidenceReader {
  forNumber(e164: string): Promise<DialEvidence[]>;
  forCampaign(campaign: string): Promise<DialEvidence[]>;
  forContact(contactId: string): Promise<DialEvidence[]>;
}

export type EvidenceQuery = { phone: string } | { campaign: string } | { contactId: string };

/** Every decision matching the query, oldest first. */
export async function findEvidence(reader: EvidenceReader, query: EvidenceQuery): Promise<DialEvidence[]> {
  const found =
    'phone' in query
      ? await reader.forNumber(query.phone)
      : 'campaign' in query
        ? await reader.forCampaign(query.campaign)
        : await reader.forContact(query.contactId);
  return [...found].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

const STATUS_TEXT: Record<SourceEvidence['status'], string> = {
  listed: 'LISTED',
  notListed: 'not listed',
  missing: 'no copy for this area',
  unsupported: 'not representable (fails closed)',
  stale: 'copy too old (governs nothing: blocks)',
  error: 'store unreachable (fails closed)',
};

function sourceText(s: SourceEvidence, maxAge: number): string {
  const copy = s.versionDate
    ? ` copy ${s.versionDate}, ${s.ageDays} day${s.ageDays === 1 ? '' : 's'} old (max ${maxAge})`
    : '';
  return `${s.source}${s.area ? ` [${s.area}]` : ''}${copy}, ${STATUS_TEXT[s.status]}`;
}

/** One decision's inputs as a sentence (numbers masked). `timeZone` prints the decision instant. */
export function describeDecision(e: DialEvidence, timeZone: string): string {
  const g = e.gate;
  const parts: string[] = [];
  const w = g.window;
  if (w) {
    const span = `${w.window.start}–${w.window.end}`;
    const basis = w.basis.length > 0 ? ` (${w.basis.map((b) => b.replace(':', ' ')).join(', ')})` : '';
    const zones =
      w.zones.length > 0 ? w.zones.map((z) => `${z.localTime} ${z.zone}`).join(' / ') : 'no local time';
    const where = w.unknownZone ? ' (zone unknown: conservative window)' : '';
    parts.push(
      `${zones} ${w.callable ? 'inside' : 'outside'} ${span}${basis}${where}${w.callable ? '' : ` — ${w.reason}`}`,
    );
  }
  for (const s of g.sources) parts.push(sourceText(s, g.registryMaxAgeDays));
  if ('error' in g.internalList)
    parts.push(`internal list: unreachable (${g.internalList.error}, fails closed)`);
  else
    parts.push(
      g.internalList.listed
        ? `internal list: LISTED (${g.internalList.source ?? 'unknown source'} since ${g.internalList.addedAt ?? '?'})`
        : 'internal list: not listed',
    );
  if (g.consent)
    parts.push(
      `consent (İYS mirror ${g.consent.mirrorVersionDate ?? '—'}): ${g.consent.status}${g.consent.recipientType ? ` ${g.consent.recipientType}` : ''}`,
    );
  if (e.caps)
    parts.push(
      `caps: number ${e.caps.numberToday}/${e.caps.numberCap} today${e.caps.callerIdToday !== undefined ? `, caller ID ${e.caps.callerIdToday}/${e.caps.callerIdCap}` : ''}`,
    );
  parts.push(g.rulePack ? `rule pack ${g.rulePack.id} ${g.rulePack.version}` : 'no rule pack');
  if (w) parts.push(`area codes ${w.areaCodeTable}`);
  if (e.callerId) parts.push(`caller ID ${maskPhoneNumber(e.callerId)}`);
  if (e.contactId) parts.push(`contact ${e.contactId}`);
  const head = `${formatInZone(new Date(e.at), timeZone)} ${e.decision.toUpperCase()} ${maskPhoneNumber(e.e164)} ${e.campaign}${e.attempt !== undefined ? ` attempt ${e.attempt}` : ''} (${e.reason})`;
  return `${head}: ${parts.join('; ')}`;
}

export const EVIDENCE_CSV_COLUMNS = [
  'at',
  'atLocal',
  'campaign',
  'number',
  'decision',
  'reason',
  'attempt',
  'callerId',
  'contactId',
  'localTimes',
  'window',
  'callable',
  'zoneBasis',
  'registries',
  'registryMaxAgeDays',
  'internalList',
  'consent',
  'numberToday',
  'numberCap',
  'callerIdToday',
  'callerIdCap',
  'rulePack',
  'areaCodeTable',
  'evidenceId',
] as const;

const csvCell = (value: string | number | boolean | undefined): string => {
  const text = neutralizeCell(value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * RFC 4180 CSV for an auditor: one row per decision, full numbers (the export is the evidence; it is not a
 * log), every cell neutralised against spreadsheet formula injection (a leading `+` becomes `'+`).
 */
export function evidenceCsv(records: readonly DialEvidence[], timeZone: string): string {
  const rows = [EVIDENCE_CSV_COLUMNS.join(',')];
  for (const e of records) {
    const g = e.gate;
    const w = g.window;
    const row: Record<(typeof EVIDENCE_CSV_COLUMNS)[number], string | number | boolean | undefined> = {
      at: e.at,
      atLocal: formatInZone(new Date(e.at), timeZone),
      campaign: e.campaign,
      number: e.e164,
      decision: e.decision,
      reason: e.reason,
      attempt: e.attempt,
      callerId: e.callerId,
      contactId: e.contactId,
      localTimes: w?.zones.map((z) => `${z.date} ${z.localTime} ${z.zone}`).join(' | '),
      window: w ? `${w.window.start}-${w.window.end}` : undefined,
      callable: w?.callable,
      zoneBasis: w?.basis.join(' | '),
      registries: g.sources
        .map((s) => `${s.source}:${s.status}${s.versionDate ? `@${s.versionDate}(${s.ageDays}d)` : ''}`)
        .join(' | '),
      registryMaxAgeDays: g.registryMaxAgeDays,
      internalList:
        'error' in g.internalList
          ? `error:${g.internalList.error}`
          : g.internalList.listed
            ? `listed:${g.internalList.source ?? ''}`
            : 'notListed',
      consent: g.consent
        ? `${g.consent.status}${g.consent.mirrorVersionDate ? `@${g.consent.mirrorVersionDate}` : ''}`
        : undefined,
      numberToday: e.caps?.numberToday,
      numberCap: e.caps?.numberCap,
      callerIdToday: e.caps?.callerIdToday,
      callerIdCap: e.caps?.callerIdCap,
      rulePack: g.rulePack ? `${g.rulePack.id} ${g.rulePack.version}` : undefined,
      areaCodeTable: w?.areaCodeTable,
      evidenceId: e.id,
    };
    rows.push(EVIDENCE_CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Counts by `<decision>:<reason>` (campaign status, the console). */
export function countDecisions(records: readonly DialEvidence[]): {
  dial: number;
  skip: number;
  byReason: Record<string, number>;
} {
  const byReason: Record<string, number> = {};
  let dial = 0;
  let skip = 0;
  for (const e of records) {
    if (e.decision === 'dial') dial++;
    else skip++;
    const k = `${e.decision}:${e.reason}`;
    byReason[k] = (byReason[k] ?? 0) + 1;
  }
  return { dial, skip, byReason };
}
