/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
/**
 * Do not call in a real browser: one click, a confirmation, and the caller is blocked — for the card at
 * once and for `santral dnc check` on the same sandbox state afterwards (the CLI opens the state the
 * workspace wrote, as after stopping `npm start`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dncCommands from '#infra/cli/commands/dnc.ts';
import { DEMO_STANDARD, DEMO_VIP } from '#shared/local/demo-data.ts';
import { runSantral } from '../support/cli.ts';
import { field, type Harness, screenshot, startHarness } from './support/harness.ts';

describe('agent workspace: do not call', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'santral-browser-dnc-'));
  let h: Harness | undefined;

  beforeAll(async () => {
    h = await startHarness({ stateDir });
  });
  afterAll(async () => {
    await h?.close();
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('one click with confirmation blocks the caller; santral dnc check then reports the number blocked', async () => {
    const harness = h!;
    const john = await harness.agentPage('john');
    const call = await harness.placeCall(DEMO_STANDARD, '1');
    expect(call.agent).toBe('john');
    await john.waitForSelector(`.screen-pop[data-contact-id="${call.contactId}"]`);
    expect(await field(john, 'dnc')).toBe('Not on a do-not-call list');

    await john.click('[data-action="dnc"]');
    await john.waitForSelector('[role="alertdialog"]');
    await screenshot(john, 'dnc-confirm');
    // Nothing happens before the agent confirms.
    expect(
      (await harness.api('john', 'GET', `/v1/contacts/${call.contactId}/card`)).body['dnc'],
    ).toMatchObject({
      blocked: false,
    });
    await john.click('[data-action="dnc-confirm"]');
    await john.waitForSelector('[data-field="dncDone"]');
    expect(
      (await harness.api('john', 'GET', `/v1/contacts/${call.contactId}/card`)).body['dnc'],
    ).toMatchObject({
      blocked: true,
    });

    // Stop the workspace (as Ctrl-C on npm start) and ask the operator CLI on the same state.
    await harness.close();
    h = undefined;
    process.env['SANTRAL_STATE_DIR'] = stateDir;
    const check = async (n: string) =>
      JSON.parse((await runSantral([dncCommands], ['dnc', 'check', n, '--json'])).out) as {
        blocked: boolean;
        sources: string[];
      };
    const blocked = await check(DEMO_STANDARD);
    expect(blocked.blocked).toBe(true);
    expect(blocked.sources).toContain('internal');
    const other = await check(DEMO_VIP);
    expect(other.sources).not.toContain('internal');
  });
});
