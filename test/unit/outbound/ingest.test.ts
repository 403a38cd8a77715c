import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GateDeps } from '#shared/compliance/gate.ts';
import { RegistryReader } from '#shared/compliance/registry.ts';
import {
  type IngestedRow,
  ListFormatError,
  neutralizeCell,
  scrubContactList,
} from '#shared/outbound/ingest.ts';
import {
  federalRegistry,
  MemoryConsentStore,
  MemoryInternalList,
  outboundSettings,
} from '../../fixtures/outbound/factories.ts';
import { MALFORMED_LISTS } from '../../fixtures/outbound/malformed-lists.ts';

const AT = new Date('2025-06-10T19:00:00Z');

async function gate(): Promise<GateDeps & { internal: MemoryInternalList }> {
  const store = await federalRegistry('2065550100\n');
  const internal = new MemoryInternalList();
  return {
    internalList: internal,
    internal,
    registry: new RegistryReader(store),
    consent: new MemoryConsentStore(),
    settings: outboundSettings(),
  };
}

async function scrub(text: string | Uint8Array, at = AT) {
  const rows: IngestedRow[] = [];
  const summary = await scrubContactList([typeof text === 'string' ? new TextEncoder().encode(text) : text], {
    deps: await gate(),
    at,
    onRow: (r) => {
      rows.push(r);
    },
  });
  return { summary, rows };
}

describe('campaign list ingest', () => {
  it('puts every row in exactly one category, in the issue’s order, with the exact summary shape', async () => {
    const { summary } = await scrub(
      'phone,name\nnope,A\n+12065550111,B\n+12065550111,C\n+12065550100,D\n+905321234567,E\n+12065550112,F\n',
    );
    expect(Object.keys(summary)).toEqual([
      'total',
      'accepted',
      'rejected',
      'reasons',
      'samples',
      'lines',
      'blankLines',
    ]);
    expect([summary.lines, summary.blankLines]).toEqual([7, 0]);
    expect(summary.total).toBe(6);
    expect(summary.accepted).toBe(2);
    expect(summary.rejected).toEqual({ invalid: 1, duplicate: 1, dnc: 1, noConsent: 1, outsideWindow: 0 });
    expect(summary.reasons['dnc:registry:federal']).toBe(1);
    expect(summary.samples.every((s) => !/\d{10}/.test(s.phone))).toBe(true); // masked
  });

  it('reports outsideWindow at night for the callee', async () => {
    const { summary } = await scrub('phone\n+12065550111\n', new Date('2025-06-10T06:00:00Z'));
    expect(summary.rejected.outsideWindow).toBe(1);
  });

  it('refuses a file without a phone column, naming the line', async () => {
    await expect(scrub('mobile,name\n+12065550111,A\n')).rejects.toThrow(ListFormatError);
    await expect(scrub('mobile,name\n+12065550111,A\n')).rejects.toThrow(
      /line 1: the header has no "phone" column/,
    );
  });

  it('neutralises formula cells in every output', async () => {
    const { rows } = await scrub('phone,name,note\n+12065550111,=cmd|x,+1\n');
    expect(rows[0]?.name).toBe("'=cmd|x");
    expect(rows[0]?.attributes['note']).toBe("'+1");
    expect(neutralizeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeCell('Ann')).toBe('Ann');
  });

  describe('malformed-file corpus: clear per-row errors, no crash', () => {
    for (const c of MALFORMED_LISTS) {
      it(c.name, async () => {
        const { rows } = await scrub(c.bytes());
        expect(rows.map((r) => ({ line: r.line, category: r.category }))).toEqual(
          c.expect.map((e) => ({ line: e.line, category: e.category })),
        );
        c.expect.forEach((e, i) => {
          if (e.reason) expect(rows[i]?.reason).toMatch(e.reason);
        });
      });
    }
  });

  it('property: any byte soup after a header never crashes and accounts for every row once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 40 }), { maxLength: 30 }), async (lines) => {
        const text = `phone,name\n${lines.join('\n')}\n`;
        const { summary, rows } = await scrub(text);
        expect(summary.total).toBe(rows.length);
        const sum = summary.accepted + Object.values(summary.rejected).reduce((a, b) => a + b, 0);
        expect(sum).toBe(summary.total);
      }),
      { numRuns: 60 },
    );
  });
});
