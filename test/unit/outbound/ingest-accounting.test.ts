/**
 * Every physical record of a campaign list is accounted for (issue 15): a row in exactly one category, or an
 * invalid row with its line; the totals reconcile with the file; a broken record never hides its
 * neighbours. The reference is csv-parse itself, record by record, over the whole broken-record corpus.
 */
import { parse as parseReference } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RegistryReader } from '#shared/compliance/registry.ts';
import { type IngestedRow, ListFormatError, scrubContactList } from '#shared/outbound/ingest.ts';
import {
  accountingCorpus,
  BROKEN_RECORDS,
  goodRows,
  MULTILINE_RECORD,
} from '../../fixtures/outbound/broken-records.ts';
import {
  federalRegistry,
  MemoryConsentStore,
  MemoryInternalList,
  outboundSettings,
} from '../../fixtures/outbound/factories.ts';

const AT = new Date('2025-06-10T19:00:00Z');

async function scrub(text: string) {
  const store = await federalRegistry('2065550100\n');
  const rows: IngestedRow[] = [];
  const summary = await scrubContactList([new TextEncoder().encode(text)], {
    deps: {
      internalList: new MemoryInternalList(),
      registry: new RegistryReader(store),
      consent: new MemoryConsentStore(),
      settings: outboundSettings(),
    },
    at: AT,
    onRow: (r) => {
      rows.push(r);
    },
  });
  return { summary, rows };
}

/** csv-parse's reading of one record's text: its cells when it is one record of the header's width. */
function reference(text: string): string[] | undefined {
  try {
    const out = parseReference(text, {
      relax_quotes: true,
      relax_column_count: true,
      trim: true,
    }) as string[][];
    return out.length === 1 && out[0]!.length === 2 ? out[0] : undefined;
  } catch {
    return undefined;
  }
}

describe('campaign list accounting against a reference CSV parser', () => {
  it('the whole broken corpus: one row per record csv-parse reads, one invalid row per line of those it cannot', async () => {
    const { text, records } = accountingCorpus();
    const { summary, rows } = await scrub(text);
    let line = 2;
    let expectedRows = 0;
    for (const r of records) {
      const lines = r.split('\n').length;
      const mine = rows.filter((row) => row.line >= line && row.line < line + lines);
      if (reference(r)) {
        // One record, read as one row, never an unreadable one.
        expect(
          mine.map((m) => m.line),
          r.slice(0, 40),
        ).toEqual([line]);
        // …unless it breaks the list's size limit (a 64 KiB line): then it is that one invalid row.
        if (r.length > 64 * 1024) expect(mine[0]!.reason).toBe('unreadableRow:lineTooLong');
        else expect(mine[0]!.reason, r.slice(0, 40)).not.toMatch(/^unreadableRow|^wrongColumnCount/);
        expectedRows += 1;
      } else {
        // csv-parse cannot read it as a row: every one of its lines is an invalid row, with its line.
        expect(
          mine.map((m) => m.line),
          r.slice(0, 40),
        ).toEqual(Array.from({ length: lines }, (_, i) => line + i));
        expect(
          mine.every((m) => m.category === 'invalid'),
          r.slice(0, 40),
        ).toBe(true);
        expectedRows += lines;
      }
      line += lines;
    }
    expect(summary.total).toBe(expectedRows);
    expect(rows).toHaveLength(expectedRows);
    // Totals reconcile with the file: header + rows' lines (+ blank lines) = every physical line.
    expect(summary.lines).toBe(text.split('\n').length - 1);
    expect(summary.blankLines).toBe(0);
    // No good row lost: all 80 are accepted, whatever broke before them.
    expect(rows.filter((r) => r.category === 'accepted' && /Good/.test(r.name ?? '')).length).toBe(80);
  });

  for (const c of BROKEN_RECORDS) {
    it(`${c.name}: an invalid row with its line, and the ten rows after it all accepted`, async () => {
      const good = goodRows();
      const { summary, rows } = await scrub(`phone,name\n${c.text}\n${good.join('\n')}\n`);
      expect(rows[0]).toMatchObject({ line: 2, category: 'invalid' });
      const accepted = rows.filter((r) => r.category === 'accepted');
      expect(accepted.map((r) => r.name)).toEqual(good.map((g) => g.split(',')[1]));
      expect(summary.lines).toBe(1 + c.text.split('\n').length + 10);
    });
  }

  it('a quoted cell with a newline is one row (reported at its first line)', async () => {
    const { rows, summary } = await scrub(`phone,name\n${MULTILINE_RECORD}\n+12065550159,Fay\n`);
    expect(rows.map((r) => [r.line, r.category, r.name])).toEqual([
      [2, 'accepted', 'Dee\nDoe'],
      [4, 'accepted', 'Fay'],
    ]);
    expect(summary.lines).toBe(4);
  });

  it('an unterminated quote on the last line is one invalid row', async () => {
    const { rows } = await scrub('phone,name\n+12065550160,Gus\n+12065550161,"Hal\n');
    expect(rows.map((r) => [r.line, r.category, r.category === 'invalid' ? r.reason : ''])).toEqual([
      [2, 'accepted', ''],
      [3, 'invalid', 'unreadableRow:unterminatedQuote'],
    ]);
  });

  it('counts blank lines and reconciles them', async () => {
    const { summary } = await scrub('phone,name\n\n+12065550162,Ida\n   \n');
    expect([summary.total, summary.lines, summary.blankLines]).toEqual([1, 4, 2]);
  });
});

describe('campaign list headers', () => {
  it('refuses a column named twice, naming both columns', async () => {
    await expect(scrub('phone,name,phone\n+12065550163,Jo,+12065550164\n')).rejects.toThrow(
      new ListFormatError(
        'line 1: the header names "phone" twice (columns 1 and 3); every column must be named once',
        1,
      ),
    );
  });

  it('refuses names that differ only in case or spaces (ambiguous)', async () => {
    await expect(scrub('phone,Name, name \n+12065550165,A,B\n')).rejects.toThrow(
      /line 1: the header names "name" twice \(columns 2 and 3\)/,
    );
  });

  it('refuses a header column without a name', async () => {
    await expect(scrub('phone,,name\n+12065550166,x,y\n')).rejects.toThrow(
      /line 1: column 2 of the header has no name/,
    );
  });

  it('refuses an empty file', async () => {
    await expect(scrub('')).rejects.toThrow(/the file is empty/);
  });
});
