/**
 * Turkey's İYS (İleti Yönetim Sistemi) is opt-IN: commercial calls (channel ARAMA) to individuals
 * (BIREYSEL) need a recorded consent (ONAY); merchants (TACIR) may be called unless they refused (RET).
 * A withdrawal must be honoured within 3 business days, so the local mirror of İYS consents must be
 * fresher than that: a stale mirror means "do not dial".
 *
 * The mirror is imported from an İYS export (CSV with a header):
 *   recipient,type,recipientType,status,consentDate[,source]
 *   +905321234567,ARAMA,BIREYSEL,ONAY,2025-01-10 12:00:00,HS_WEB
 * Column names are matched case-insensitively; `type` is the channel (ARAMA, MESAJ, EPOSTA).
 */
import { parse } from 'csv-parse';
import { toE164 } from '#shared/domain/phone.ts';
import { parseLocalDateTime } from '#shared/time/strict.ts';

/**
 * İYS exports carry Turkish wall-clock times (`2025-01-10 12:00:00`, no offset); Turkey keeps UTC+3 all
 * year, which the zone database knows. An explicit offset is taken as written.
 */
export const IYS_TIME_ZONE = 'Europe/Istanbul';

/**
 * A consent date as the one strict parser reads it (shared/time/strict.ts): `YYYY-MM-DD HH:MM[:SS]`,
 * `YYYY-MM-DDTHH:MM[:SS]`, a bare date, or an instant with an offset. Impossible dates (`2026-02-30`),
 * free text (`1`, which `Date.parse` read as 2001) and dates after `now` are not consents.
 */
export function parseIysConsentDate(text: string, now: Date): { at: Date } | { error: string } {
  const value = text.trim();
  if (value === '') return { error: 'consentDate: missing (expected YYYY-MM-DD HH:MM:SS, Turkish time)' };
  let at: Date;
  try {
    at = parseLocalDateTime(value.replace(' ', 'T'), IYS_TIME_ZONE);
  } catch {
    return {
      error: `consentDate: "${value.slice(0, 40)}" is not a date-time (expected YYYY-MM-DD HH:MM:SS, Turkish time)`,
    };
  }
  if (at.getTime() > now.getTime())
    return {
      error: `consentDate: ${value} is in the future (a consent cannot be recorded before it is given)`,
    };
  return { at };
}

export type IysStatus = 'ONAY' | 'RET';
export type IysRecipientType = 'BIREYSEL' | 'TACIR';

export interface ConsentRecord {
  e164: string;
  channel: string;
  recipientType: IysRecipientType;
  status: IysStatus;
  consentDate: string;
  source?: string;
}

export interface ConsentMirrorVersion {
  versionDate: string;
  importedAt: string;
  sha256: string;
  records: number;
}

export interface ConsentStore {
  /** The consent in force for a number on a channel (the latest by consentDate), or undefined. */
  get(e164: string, channel: string): Promise<ConsentRecord | undefined>;
  putAll(records: readonly ConsentRecord[]): Promise<void>;
  mirrorVersion(): Promise<ConsentMirrorVersion | undefined>;
  setMirrorVersion(version: ConsentMirrorVersion): Promise<void>;
}

export class ConsentStoreUnavailableError extends Error {
  override name = 'ConsentStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface ConsentParseResult {
  records: ConsentRecord[];
  errors: { line: number; message: string }[];
}

/** Parse an İYS export. Malformed rows are reported by line; the importer refuses a file with errors. */
export async function parseIysExport(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: { now?: Date } = {},
): Promise<ConsentParseResult> {
  const now = options.now ?? new Date();
  const parser = parse({
    bom: true,
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
  });
  const records: ConsentRecord[] = [];
  const errors: { line: number; message: string }[] = [];
  const feed = (async () => {
    try {
      for await (const chunk of input) parser.write(chunk);
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  try {
    for await (const rec of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const r = rec.record;
      const line = rec.info.lines;
      const e164 = toE164(r['recipient'] ?? '', 'TR');
      const channel = (r['type'] ?? r['channel'] ?? '').toUpperCase();
      const recipientType = (r['recipienttype'] ?? '').toUpperCase();
      const status = (r['status'] ?? '').toUpperCase();
      const consentDate = r['consentdate'] ?? '';
      if (!e164) errors.push({ line, message: 'recipient: not a valid phone number' });
      else if (!['ARAMA', 'MESAJ', 'EPOSTA'].includes(channel))
        errors.push({ line, message: 'type: expected ARAMA, MESAJ or EPOSTA' });
      else if (recipientType !== 'BIREYSEL' && recipientType !== 'TACIR')
        errors.push({ line, message: 'recipientType: expected BIREYSEL or TACIR' });
      else if (status !== 'ONAY' && status !== 'RET')
        errors.push({ line, message: 'status: expected ONAY or RET' });
      else {
        const when = parseIysConsentDate(consentDate, now);
        if ('error' in when) errors.push({ line, message: when.error });
        else
          records.push({
            e164,
            channel,
            recipientType,
            status,
            consentDate: when.at.toISOString(),
            ...(r['source'] ? { source: r['source'] } : {}),
          });
      }
    }
  } catch (err) {
    errors.push({ line: 0, message: `unreadable CSV: ${(err as Error).message}` });
  }
  await feed;
  return { records, errors };
}
