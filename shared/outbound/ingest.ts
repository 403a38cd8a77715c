/**
 * Campaign list ingest: a streaming CSV scrub. Every row lands in exactly one category, decided in order
 * `invalid` → `duplicate` → `dnc` → `noConsent` → `outsideWindow` → `accepted` (issue 7). Bad rows are
 * data (reported with their line numbers), never fatal; only an unreadable file (no `phone` column) is.
 *
 * Columns: `phone` (required); optional `name`, `zip`, `state`, `timezone`, `consentDate`; any other column
 * is a custom attribute carried to the dial. Cells that a spreadsheet would execute (=, +, -, @, tab, CR)
 * are neutralised in every output (OWASP CSV injection) — but the phone cell is parsed before that.
 */
import type { CountryCode } from 'libphonenumber-js';
import {
  type CampaignPolicy,
  evaluateGate,
  type GateDeps,
  type GateVerdict,
} from '#shared/compliance/gate.ts';
import { maskPhoneNumber, normalizePhoneNumber } from '#shared/domain/phone.ts';
import { type CsvLineCounts, readCsvRecordBatches } from './csv-records.ts';
import { SeenNumbers } from './seen-numbers.ts';

export const REJECT_CATEGORIES = ['invalid', 'duplicate', 'dnc', 'noConsent', 'outsideWindow'] as const;
export type RejectCategory = (typeof REJECT_CATEGORIES)[number];
export type RowCategory = RejectCategory | 'accepted';

export const KNOWN_COLUMNS = ['phone', 'name', 'zip', 'state', 'timezone', 'consentDate'] as const;

export interface IngestedRow {
  line: number;
  category: RowCategory;
  reason: string;
  /** Masked number for reports; the full E.164 only in `e164` (never logged). */
  masked: string;
  e164?: string;
  name?: string;
  zip?: string;
  state?: string;
  timezone?: string;
  consentDate?: string;
  attributes: Record<string, string>;
  verdict?: GateVerdict;
}

export interface PreviewSample {
  line: number;
  category: RowCategory;
  reason: string;
  phone: string;
}

export interface PreviewSummary {
  total: number;
  accepted: number;
  rejected: Record<RejectCategory, number>;
  reasons: Record<string, number>;
  samples: PreviewSample[];
  /** Physical lines in the file: header + blank lines + the lines of the `total` rows, exactly. */
  lines: number;
  blankLines: number;
}

export class ListFormatError extends Error {
  override name = 'ListFormatError';
  constructor(
    message: string,
    readonly line: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Neutralise a cell a spreadsheet would evaluate as a formula (prefix with a quote). */
export function neutralizeCell(value: string): string {
  // A cell starting with = + - @ tab or CR (OWASP CSV injection); a character test, as it runs per cell.
  const c = value.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${value}` : value;
}

export interface IngestOptions {
  deps: GateDeps;
  policy?: CampaignPolicy;
  at: Date;
  defaultCountry?: CountryCode;
  /** Called for every row (the dial-queue writer, or nothing for a preview). */
  onRow?: (row: IngestedRow) => Promise<void> | void;
  onProgress?: (rows: number) => void;
  /** Samples kept per category in the summary. */
  samplesPerCategory?: number;
  /** Longest accepted cell (bytes); longer cells make the row invalid (a 1 MB cell is not a name). */
  maxCellLength?: number;
}

/** Scrub a contact list (streamed CSV with a header). */
export async function scrubContactList(
  input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: IngestOptions,
): Promise<PreviewSummary> {
  const summary: PreviewSummary = {
    total: 0,
    accepted: 0,
    rejected: { invalid: 0, duplicate: 0, dnc: 0, noConsent: 0, outsideWindow: 0 },
    reasons: {},
    samples: [],
    lines: 0,
    blankLines: 0,
  };
  const perCategory = new Map<RowCategory, number>();
  const samplesPer = options.samplesPerCategory ?? 3;
  const maxCell = options.maxCellLength ?? 1024;
  const seen = new SeenNumbers();
  let header: string[] | undefined;
  const counts: CsvLineCounts = { lines: 0, blank: 0 };
  // Physical lines held by records (the header included): with the blank ones they must add up to the file.
  let recordLines = 0;
  let phoneAt = -1;
  const batches = readCsvRecordBatches(input, counts, { columns: () => header?.length });

  /** Count a row; a promise only when `onRow` returns one (no await per row otherwise). */
  const record = (row: IngestedRow): Promise<void> | undefined => {
    summary.total++;
    if (row.category === 'accepted') summary.accepted++;
    else summary.rejected[row.category]++;
    const key = `${row.category}:${row.reason}`;
    summary.reasons[key] = (summary.reasons[key] ?? 0) + 1;
    const n = perCategory.get(row.category) ?? 0;
    if (n < samplesPer) {
      summary.samples.push({ line: row.line, category: row.category, reason: row.reason, phone: row.masked });
      perCategory.set(row.category, n + 1);
    }
    const done = options.onRow?.(row);
    if (done !== undefined) return Promise.resolve(done).then(() => options.onProgress?.(summary.total));
    options.onProgress?.(summary.total);
    return undefined;
  };
  for await (const batch of batches)
    for (const rec of batch) {
      recordLines += rec.endLine - rec.line + 1;
      const line = rec.line;
      if (!header) {
        if ('problem' in rec)
          throw new ListFormatError(`line ${line}: unreadable header (${rec.problem})`, line);
        header = checkHeader(rec.cells, line);
        phoneAt = header.indexOf('phone');
        continue;
      }
      if ('problem' in rec) {
        const pending = record({
          line,
          category: 'invalid',
          reason: `unreadableRow:${rec.problem}`,
          masked: '***',
          attributes: {},
        });
        if (pending) await pending;
        continue;
      }
      const cells = rec.cells;
      {
        const row = classifyShape(header, cells, line, maxCell, phoneAt);
        if (row.category === 'invalid') {
          const pending = record(row);
          if (pending) await pending;
          continue;
        }
        const phone = cells[phoneAt] ?? '';
        const n = normalizePhoneNumber(phone, options.defaultCountry ?? 'US');
        if (!n?.valid) {
          row.category = 'invalid';
          row.reason = n ? 'notDialable' : 'notAPhoneNumber';
        } else if (!seen.addIfNew(n.e164)) {
          row.category = 'duplicate';
          row.reason = 'sameNumberEarlier';
          row.masked = maskPhoneNumber(n.e164);
        } else {
          row.e164 = n.e164;
          row.masked = maskPhoneNumber(n.e164);
          const verdict = await evaluateGate(
            options.deps,
            options.policy ?? {},
            {
              e164: n.e164,
              country: n.country,
              hints: { timezone: row.timezone, zip: row.zip, state: row.state },
              consentDate: row.consentDate,
            },
            options.at,
          );
          row.category = verdict.category;
          row.reason = verdict.reason;
          row.verdict = verdict;
        }
        const pending = record(row);
        if (pending) await pending;
      }
    }
  if (!header) throw new ListFormatError('the file is empty: expected a header row with a "phone" column', 1);
  // Every physical line is a record's, a blank one, or the header's: anything else is a reader bug.
  if (recordLines + counts.blank !== counts.lines)
    throw new Error(
      `list ingest: ${counts.lines} lines read but ${recordLines} in records and ${counts.blank} blank`,
    );
  summary.lines = counts.lines;
  summary.blankLines = counts.blank;
  return summary;
}

/** The header: every column named once (trimmed, case-insensitive), a `phone` column. */
function checkHeader(cells: string[], line: number): string[] {
  const header = cells.map((h) => h.trim());
  const firstAt = new Map<string, number>();
  for (const [i, h] of header.entries()) {
    if (h === '') throw new ListFormatError(`line ${line}: column ${i + 1} of the header has no name`, line);
    const key = h.toLowerCase();
    const earlier = firstAt.get(key);
    if (earlier !== undefined)
      throw new ListFormatError(
        `line ${line}: the header names "${neutralizeCell(h)}" twice (columns ${earlier + 1} and ${i + 1}); every column must be named once`,
        line,
      );
    firstAt.set(key, i);
  }
  if (!header.includes('phone'))
    throw new ListFormatError(
      `line ${line}: the header has no "phone" column (found: ${header.map(neutralizeCell).join(', ')})`,
      line,
    );
  return header;
}

function classifyShape(
  header: string[],
  cells: string[],
  line: number,
  maxCell: number,
  phoneAt: number,
): IngestedRow {
  const attributes: Record<string, string> = {};
  const row: IngestedRow = { line, category: 'accepted', reason: '', masked: '***', attributes };
  if (cells.length !== header.length)
    return { ...row, category: 'invalid', reason: `wrongColumnCount:${cells.length}of${header.length}` };
  for (let i = 0; i < header.length; i++) {
    const k = header[i]!;
    const v = cells[i] ?? '';
    if (v.length > maxCell)
      return { ...row, category: 'invalid', reason: `cellTooLong:${neutralizeCell(k)}` };
    if (v === '') continue;
    switch (k) {
      case 'phone':
        break;
      case 'name':
      case 'zip':
      case 'state':
      case 'timezone':
      case 'consentDate':
        row[k] = neutralizeCell(v);
        break;
      default:
        attributes[neutralizeCell(k)] = neutralizeCell(v);
    }
  }
  if (!cells[phoneAt]) return { ...row, category: 'invalid', reason: 'missingPhone' };
  return row;
}

/** Render a summary as a small readable table (the CLI's non-JSON output). */
export function formatPreviewTable(s: PreviewSummary): string {
  const pct = (n: number) => (s.total === 0 ? '0.0' : ((100 * n) / s.total).toFixed(1));
  const lines = [
    `${'category'.padEnd(16)}${'rows'.padStart(10)}${'%'.padStart(8)}`,
    `${'accepted'.padEnd(16)}${String(s.accepted).padStart(10)}${pct(s.accepted).padStart(8)}`,
    ...REJECT_CATEGORIES.map(
      (c) => `${c.padEnd(16)}${String(s.rejected[c]).padStart(10)}${pct(s.rejected[c]).padStart(8)}`,
    ),
    `${'total'.padEnd(16)}${String(s.total).padStart(10)}`,
    '',
    'reasons:',
    ...Object.entries(s.reasons)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `  ${k.padEnd(40)}${String(v).padStart(10)}`),
  ];
  if (s.samples.length > 0) {
    lines.push('', 'samples:');
    for (const x of s.samples)
      lines.push(
        `  line ${String(x.line).padStart(6)}  ${x.category.padEnd(14)} ${x.reason.padEnd(28)} ${x.phone}`,
      );
  }
  return lines.join('\n');
}
