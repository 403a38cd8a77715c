/**
 * The operator commands on a scratch sandbox (SANTRAL_STATE_DIR): evidence for a dialled and a skipped number
 * (readable, CSV, JSON), campaign pause/resume/stop/stop --all with the audit in campaign status, dnc check's
 * exit code, dnc list, and times without an offset read in the center's zone and printed back with it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as campaignCommands from '#infra/cli/commands/campaign.ts';
import * as dncCommands from '#infra/cli/commands/dnc.ts';
import * as evidenceCommands from '#infra/cli/commands/evidence.ts';
import { runSantral } from '../../support/cli.ts';

const santral = (...args: string[]) => runSantral([dncCommands, campaignCommands, evidenceCommands], args);

describe('operator commands on a scratch sandbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'santral-operator-cli-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  beforeAll(async () => {
    process.env['SANTRAL_STATE_DIR'] = join(dir, 'state');
    await santral(
      'dnc',
      'import',
      file('federal.txt', '2065550100\n'),
      '--source',
      'federal',
      '--version-date',
      '2025-06-01',
    );
    const list = file('autumn.csv', 'phone,name\n+12065550150,Ann\n+12065550151,Bob\n');
    // 12:00 without an offset is New York time (the center's zone): 09:00 in Seattle, inside the window.
    await santral(
      'campaign',
      'create',
      'autumn',
      '--list',
      list,
      '--caller-id',
      '+12065550900',
      '--at',
      '2025-06-10T12:00',
    );
    // Bob opts out after the list was loaded: the dial-time check skips him.
    await santral('dnc', 'add', '+12065550151', '--reason', 'asked by phone', '--by', 'agent.kim');
    await santral(
      'campaign',
      'run',
      'autumn',
      '--sim',
      '--from',
      '2025-06-10T12:00',
      '--until',
      '2025-06-10T13:00',
      '--amd',
      'HUMAN_ANSWERED=1',
    );
  });
  afterAll(() => {
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('evidence --phone: the dialled number’s full decision, readable', async () => {
    const r = await santral('evidence', '--phone', '+12065550150');
    expect(r.exitCode).toBeUndefined();
    const [line] = r.out.split('\n');
    expect(line).toMatch(/^2025-06-10T12:00:00-04:00 DIAL \+1206\*\*\*0150 autumn attempt 1 \(accepted\): /);
    expect(line).toContain('09:00 America/Los_Angeles inside 08:00–21:00 (npa 206)');
    expect(line).toContain('federal [1-206] copy 2025-06-01, 9 days old (max 31), not listed');
    expect(line).toContain('internal list: not listed');
    expect(line).toContain('caps: number 1/2 today, caller ID 1/100');
    expect(line).toMatch(
      /rule pack US \S+; area codes \S+; caller ID \+1206\*\*\*0900; contact [0-9a-f-]{36}$/,
    );
    expect(r.out).not.toContain('+12065550150');
  });

  it('evidence --phone: the skipped number says why (the internal list, since when)', async () => {
    const r = await santral('evidence', '--phone', '+12065550151');
    expect(r.out).toMatch(
      /^2025-06-10T12:00:00-04:00 SKIP \+1206\*\*\*0151 autumn attempt 1 \(dnc:internalList\): /,
    );
    expect(r.out).toMatch(/internal list: LISTED \(admin since 20\d\d-/);
    expect(r.out).toContain('\n1 decision');
  });

  it('evidence --campaign --csv: one row per decision for an auditor, cells neutralised', async () => {
    const r = await santral('evidence', '--campaign', 'autumn', '--csv');
    const rows = r.out.split(/\r?\n/);
    expect(rows[0]).toBe(
      'at,atLocal,campaign,number,decision,reason,attempt,callerId,contactId,localTimes,window,callable,zoneBasis,registries,registryMaxAgeDays,internalList,consent,numberToday,numberCap,callerIdToday,callerIdCap,rulePack,areaCodeTable,evidenceId',
    );
    expect(rows).toHaveLength(3);
    const dial = rows.find((l) => l.includes(',dial,'))!.split(',');
    expect(dial.slice(0, 7)).toEqual([
      '2025-06-10T16:00:00.000Z',
      '2025-06-10T12:00:00-04:00',
      'autumn',
      "'+12065550150",
      'dial',
      'accepted',
      '1',
    ]);
    expect(dial[9]).toBe('2025-06-10 09:00 America/Los_Angeles');
    expect(dial[13]).toBe('federal:notListed@2025-06-01(9d)');
  });

  it('evidence: nothing found exits 3; a bad query is refused', async () => {
    const none = await santral('evidence', '--phone', '+12065550199', '--json');
    expect(JSON.parse(none.out)).toEqual({ count: 0, decisions: [] });
    expect(none.exitCode).toBe(3);
    await expect(santral('evidence', '--phone', '+12065550150', '--campaign', 'autumn')).rejects.toThrow(
      /exactly one of --phone/,
    );
  });

  it('dnc check exits 2 when blocked, 0 when not; --at without an offset is printed back with it', async () => {
    const blocked = await santral('dnc', 'check', '+12065550151', '--at', '2025-06-10T12:00', '--json');
    expect(JSON.parse(blocked.out)).toMatchObject({
      blocked: true,
      sources: ['internal'],
      evaluatedAt: '2025-06-10T12:00:00-04:00',
    });
    expect(blocked.exitCode).toBe(2);
    const clean = await santral('dnc', 'check', '+12065550150', '--at', '2025-06-10T12:00');
    expect(clean.out).toMatch(/not blocked/);
    expect(clean.exitCode).toBeUndefined();
    await expect(santral('dnc', 'check', '+12065550150', '--at', '2025-02-30T12:00')).rejects.toThrow(
      /^--at: "2025-02-30T12:00" is not a date-time/,
    );
  });

  it('dnc list: the internal list, masked; --json carries the numbers for an export', async () => {
    const r = await santral('dnc', 'list');
    expect(r.out).toMatch(/\+1206\*\*\*0151 +admin +20\S+ +by agent\.kim +— asked by phone/);
    expect(r.out).toContain('1 number on the internal list');
    const json = JSON.parse((await santral('dnc', 'list', '--json')).out);
    expect(json.entries.map((e: { e164: string }) => e.e164)).toEqual(['+12065550151']);
  });

  it('campaign status: state, targets, evidence counts', async () => {
    const s = JSON.parse((await santral('campaign', 'status', 'autumn', '--json')).out);
    expect(s).toMatchObject({
      name: 'autumn',
      status: 'completed',
      targets: { done: 1, skipped: 1 },
      evidence: {
        decisions: 2,
        dial: 1,
        skip: 1,
        byReason: { 'dial:accepted': 1, 'skip:dnc:internalList': 1 },
      },
      callerIds: ['+1206***0900'],
      control: [],
    });
  });

  it('campaign pause / resume / stop: audited; a stopped campaign is not restarted by run; stop --all', async () => {
    const list = file('winter.csv', 'phone\n+12065550160\n+12065550161\n');
    await santral(
      'campaign',
      'create',
      'winter',
      '--list',
      list,
      '--caller-id',
      '+12065550900',
      '--at',
      '2025-06-10T12:00',
    );
    const paused = await santral('campaign', 'pause', 'winter', '--reason', 'script review', '--json');
    expect(JSON.parse(paused.out)).toMatchObject({ previous: 'active', status: 'paused', changed: true });
    await expect(
      santral(
        'campaign',
        'run',
        'winter',
        '--sim',
        '--from',
        '2025-06-10T12:00',
        '--until',
        '2025-06-10T13:00',
      ),
    ).rejects.toThrow(/campaign "winter" is paused \(pause by \S+ at \S+: script review\); resume it first/);
    const resumed = await santral('campaign', 'resume', 'winter', '--reason', 'approved');
    expect(resumed.out).toMatch(/campaign winter: paused → active \(resume by \S+ at \S+: approved\)/);
    const stopped = await santral('campaign', 'stop', 'winter', '--reason', 'complaint');
    expect(stopped.out).toMatch(/campaign winter: active → stopped/);
    await expect(
      santral(
        'campaign',
        'run',
        'winter',
        '--sim',
        '--from',
        '2025-06-10T12:00',
        '--until',
        '2025-06-10T13:00',
      ),
    ).rejects.toThrow(/is stopped \(stop by/);
    const status = await santral('campaign', 'status', 'winter');
    expect(status.out).toMatch(/^campaign winter: STOPPED \(operator\)/);
    expect(status.out).toMatch(
      /operator changes:\n.* pause {2}active → paused {2}by \S+: script review\n.* resume paused → active {2}by \S+: approved\n.* stop {3}active → stopped {2}by \S+: complaint/,
    );
    expect(status.out).toContain('evidence: 0 decisions');

    await santral('campaign', 'resume', 'winter', '--reason', 'cleared');
    const all = JSON.parse(
      (await santral('campaign', 'stop', '--all', '--reason', 'regulator', '--json')).out,
    );
    expect(all.stopped.map((r: { campaign: string }) => r.campaign)).toEqual(['winter']);
    expect((await santral('campaign', 'stop', '--all', '--reason', 'again')).out).toBe(
      'no active or paused campaign: nothing to stop',
    );
    await expect(santral('campaign', 'stop', 'winter', '--all', '--reason', 'x')).rejects.toThrow(
      /name one campaign, or --all/,
    );
  });
});
