import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ctrCommands from '#infra/cli/commands/ctr.ts';
import * as eraseCommands from '#infra/cli/commands/erase.ts';
import * as kpiCommands from '#infra/cli/commands/kpi.ts';
import * as recordingCommands from '#infra/cli/commands/recording.ts';
import { typicalHalfHour } from '../../fixtures/agents/factory.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { runSantral } from '../../support/cli.ts';

/** Run one `santral …` command of the interactions area on a scratch sandbox; returns what it printed. */
const santral = (...args: string[]) =>
  runSantral([ctrCommands, eraseCommands, kpiCommands, recordingCommands], args);

describe('santral ctr / kpi / recording / erase on a scratch sandbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'santral-cli-'));
  beforeAll(() => {
    process.env['SANTRAL_STATE_DIR'] = dir;
  });
  afterAll(() => {
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('ctr ingest: applies, reports duplicates and names the invalid line (exit 1)', async () => {
    const r = await santral('ctr', 'ingest', 'test/fixtures/ctr/sample.jsonl', '--json');
    expect(JSON.parse(r.out)).toMatchObject({ records: 5, applied: 3, duplicates: 1, stale: 0, invalid: 1 });
    expect(JSON.parse(r.out).errors).toEqual([
      { line: 4, reason: expect.stringMatching(/^InitiationTimestamp/) },
    ]);
    expect(r.exitCode).toBe(1);
  });

  it('ctr ingest: routes agent events by shape (no invalid line for them); agent-events ingest takes them too', async () => {
    const file = join(dir, 'mixed.jsonl');
    const heartbeat = readFileSync(
      resolve(import.meta.dirname, '../../../../shared/corpus/aws-samples/agent-event.heartbeat.json'),
      'utf8',
    );
    const events = typicalHalfHour('cli-agent', Date.parse('2026-11-20T09:00:00Z'));
    writeFileSync(
      file,
      [
        JSON.stringify(inboundCtr({ contactId: uuid(8801) })),
        JSON.stringify(JSON.parse(heartbeat)),
        ...events.map((e) => JSON.stringify(e)),
      ].join('\n'),
    );
    const r = await santral('ctr', 'ingest', file, '--json');
    expect(JSON.parse(r.out)).toMatchObject({
      records: 2 + events.length,
      invalid: 0,
      errors: [],
      ctrs: { records: 1, applied: 1 },
      agentEvents: { records: 1 + events.length, applied: 1 + events.length },
    });
    expect(r.exitCode).toBeUndefined();
    const again = await santral('agent-events', 'ingest', file, '--json');
    // The same file again: each agent's newest event is a duplicate now.
    expect(JSON.parse(again.out)).toMatchObject({
      invalid: 0,
      agentEvents: { duplicates: 2 },
      ctrs: { duplicates: 1 },
    });
  });

  it('kpi report: real numbers from the seeded month plus the ingested CTRs', async () => {
    const r = await santral('kpi', 'report', '--from', '2026-11-20', '--to', '2026-11-21', '--json');
    const report = JSON.parse(r.out);
    expect(report.contacts).toBeGreaterThanOrEqual(3);
    expect(report.contactsQueued).toBeGreaterThan(0);
    expect(report.queueAnswerRate).not.toBeNull();
  });

  it('kpi report: rejects an unknown queue and a bad date with what was expected', async () => {
    await expect(santral('kpi', 'report', '--queue', 'Nope')).rejects.toThrow(
      /unknown queue "Nope"; defined: Support/,
    );
    await expect(santral('kpi', 'report', '--from', 'soon')).rejects.toThrow(
      /--from: "soon" is not a date-time: YYYY-MM-DD, YYYY-MM-DDTHH:MM \(read in America\/New_York\)/,
    );
  });

  it('kpi report --by interval/queue/agent: center time zone in and out, JSON, CSV and an HTML file with charts', async () => {
    const days = await santral(
      'kpi',
      'report',
      '--by',
      'interval',
      '--interval',
      'day',
      '--from',
      '2026-11-19',
      '--to',
      '2026-11-21',
      '--json',
    );
    const r = JSON.parse(days.out);
    // Read in the center's zone (America/New_York) and printed back with the offset.
    expect(r).toMatchObject({
      by: 'interval',
      interval: 'day',
      timeZone: 'America/New_York',
      from: '2026-11-19T00:00:00-05:00',
      to: '2026-11-21T00:00:00-05:00',
    });
    expect(r.rows.map((x: { label: string }) => x.label)).toEqual([
      '2026-11-19T00:00:00-05:00',
      '2026-11-20T00:00:00-05:00',
    ]);
    expect(r.rows[1].kpis.contacts).toBeGreaterThan(0);
    expect(r.trend).toHaveProperty('serviceLevel');
    const csv = await santral(
      'kpi',
      'report',
      '--by',
      'queue',
      '--from',
      '2026-11-19',
      '--to',
      '2026-11-21',
      '--csv',
    );
    expect(csv.out.split('\n')[0]).toMatch(/^key,label,contacts,/);
    expect(csv.out.split('\n').map((l) => l.split(',')[0])).toContain('Support');
    const html = join(dir, 'report.html');
    const agents = await santral(
      'kpi',
      'report',
      '--by',
      'agent',
      '--from',
      '2026-11-19',
      '--to',
      '2026-11-21',
      '--html',
      html,
      '--json',
    );
    expect(JSON.parse(agents.out).rows.length).toBeGreaterThan(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<svg [^>]*aria-label="Service level by agent"/);
    await expect(santral('kpi', 'report', '--by', 'team')).rejects.toThrow(
      /--by: "team" is not one of queue, agent, interval/,
    );
    await expect(santral('kpi', 'report', '--csv')).rejects.toThrow(/need --by/);
  });

  it('recording url: signed URL for a linked recording, clear error otherwise', async () => {
    const r = await santral(
      'recording',
      'url',
      '00000000-0000-4000-8000-000000002329',
      '--as',
      'qa',
      '--json',
    );
    expect(JSON.parse(r.out)).toMatchObject({ found: true });
    expect(JSON.parse(r.out).url).toContain('X-Amz-Expires=300');
    await expect(santral('recording', 'url', 'nope')).rejects.toThrow(
      /no recording is linked to contact nope/,
    );
  });

  it('erase: dry run, then erase, then nothing left', async () => {
    const dry = JSON.parse((await santral('erase', '--phone', '+12065550177', '--dry-run', '--json')).out);
    expect(dry).toMatchObject({ dryRun: true, subject: '+1206***0177', counts: { contacts: 2 } });
    const done = JSON.parse((await santral('erase', '--phone', '+12065550177', '--as', 'dpo', '--json')).out);
    expect(done).toMatchObject({ dryRun: false, requestedBy: 'dpo', counts: { contacts: 2 } });
    const again = JSON.parse((await santral('erase', '--phone', '+12065550177', '--json')).out);
    expect(again.counts.contacts).toBe(0);
  });
});
