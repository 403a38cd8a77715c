import { describe, expect, it } from 'vitest';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { ingestLines, jsonLines } from '#shared/interactions/ingest.ts';
import { typicalHalfHour } from '../../fixtures/agents/factory.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

describe('contact data ingest (ctr ingest / agent-events ingest) on embedded DynamoDB', () => {
  useEmbeddedAws();
  const stores = () => {
    const doc = createDocumentClient();
    return {
      ctrs: new DynamoCtrStore(doc, tableName('interactions')),
      agents: new DynamoAgentStore(doc, tableName('agents')),
    };
  };

  it('a 5 MB record and an oversized ContactId mid-file are reported with their lines; every other record is applied', async () => {
    const ok = (n: number) => JSON.stringify(inboundCtr({ contactId: uuid(9000 + n) }));
    const lines = [
      ok(1),
      ok(2),
      JSON.stringify({
        ...inboundCtr({ contactId: uuid(9100) }),
        Attributes: { blob: 'x'.repeat(5 * 1024 * 1024) },
      }),
      ok(3),
      '[1, 2, 3]',
      JSON.stringify(inboundCtr({ contactId: 'c'.repeat(3000) })),
      '42',
      JSON.stringify(typicalHalfHour('ingest-agent', Date.parse('2026-11-02T09:00:00Z'))[1]),
      ok(4),
      JSON.stringify({
        ...inboundCtr({ contactId: uuid(9101) }),
        InitiationTimestamp: '2031-02-30T10:00:00Z',
      }),
      ok(5),
    ];
    const { ctrs, agents } = stores();
    const summary = await ingestLines(jsonLines(lines.join('\n')), { ctrs, agents });
    expect(summary).toMatchObject({ records: 11, applied: 6, duplicates: 0, stale: 0, invalid: 5 });
    expect(summary.errors).toEqual([
      {
        line: 3,
        reason: expect.stringMatching(
          /^record is 52\d{5} bytes; a stored record must fit DynamoDB's 409600-byte item limit$/,
        ),
      },
      { line: 5, reason: 'expected a JSON object (a contact record or an agent event), got an array' },
      { line: 6, reason: 'ContactId: expected at most 256 characters (a Connect contact id)' },
      { line: 7, reason: 'expected a JSON object (a contact record or an agent event), got number' },
      {
        line: 10,
        reason:
          'InitiationTimestamp: expected an ISO-8601 instant with an offset (e.g. 2026-11-20T15:00:00Z)',
      },
    ]);
    for (const n of [1, 2, 3, 4, 5])
      expect((await ctrs.get(uuid(9000 + n)))?.ctr?.contactId).toBe(uuid(9000 + n));
    expect(await ctrs.get(uuid(9100))).toBeUndefined();
    expect(summary.agentEvents).toMatchObject({ records: 1, applied: 1 });
    expect(await agents.state('ingest-agent')).toBeDefined();
  });
});
