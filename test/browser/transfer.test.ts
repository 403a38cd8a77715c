/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
/**
 * Transfer with context in a real browser: the first agent writes the note and picks the target, the
 * backend sets the contact attributes, the quick connect runs the transfer flow through the simulator, and
 * the receiving agent's workspace pops the card with the note — which the agent-whisper flow also speaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_VIP } from '#shared/local/demo-data.ts';
import { field, type Harness, screenshot, startHarness, waitFor } from './support/harness.ts';

describe('agent workspace: transfer with context', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("the transfer note reaches the receiving agent's screen and whisper", async () => {
    const john = await h.agentPage('john');
    const call = await h.placeCall(DEMO_VIP, '1');
    expect(call.agent).toBe('john');
    await john.waitForSelector(`.screen-pop[data-contact-id="${call.contactId}"]`);
    // Maria signs in only now, so the first call went to John.
    const maria = await h.agentPage('maria');

    await john.select('#transfer-target', 'queue:Billing');
    await john.click('input[name="transfer-mode"][value="cold"]');
    await john.type('#transfer-reason', 'refund request');
    await john.type('#transfer-note', 'Wants a refund for order 1138, already verified');
    await john.click('[data-action="save-transfer"]');
    await john.waitForSelector('[data-action="transfer-now"]');
    await screenshot(john, 'transfer-context');
    await john.click('[data-action="transfer-now"]');

    await maria.waitForSelector('[data-field="transfer"]', { timeout: 15_000 });
    expect(await field(maria, 'transferNote')).toBe('Wants a refund for order 1138, already verified');
    expect(await field(maria, 'transferReason')).toBe('refund request');
    expect(await field(maria, 'transferMode')).toBe('cold');
    expect(await field(maria, 'transferFrom')).toBe('john');
    expect(await field(maria, 'queue')).toBe('Billing');
    await screenshot(maria, 'transfer-received');

    // The sending agent is in after-contact work; the receiving leg is a new contact of the same caller.
    expect(await field(john, 'contactState')).toBe('After-contact work');
    const legs = () => h.workspace.switchboard.list().filter((c) => c.previousContactId === call.contactId);
    await waitFor(() => legs().length === 1, 'the transferred leg');
    const leg = legs()[0]!;
    expect(leg.agent).toBe('maria');
    expect(await maria.$eval('.screen-pop', (e) => e.getAttribute('data-contact-id'))).toBe(leg.contactId);
    // The whisper Maria heard before the call connected (agent-whisper reads the transfer attributes).
    expect(leg.whisper.join(' ')).toContain('Note: Wants a refund for order 1138, already verified');
    expect(leg.transcript.some((l) => l.includes('agent hears') && l.includes('Transfer from john.'))).toBe(
      true,
    );
    // Maria may read the new leg; John was never on it.
    expect((await h.api('maria', 'GET', `/v1/contacts/${leg.contactId}/card`)).status).toBe(200);
    expect((await h.api('john', 'GET', `/v1/contacts/${leg.contactId}/card`)).status).toBe(403);
  });
});
