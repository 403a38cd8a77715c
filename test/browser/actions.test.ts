/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
/**
 * The agent's actions in a real browser against the local workspace: notes that survive a retry without
 * duplicates, the required wrap-up code that keeps the agent in after-contact work, and every action done
 * with the keyboard alone.
 */
import type { HTTPRequest, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNKNOWN, DEMO_VIP } from '#shared/local/demo-data.ts';
import {
  field,
  finishContact,
  type Harness,
  screenshot,
  startHarness,
  tabTo,
  waitFor,
} from './support/harness.ts';

describe('agent workspace: notes, wrap-up, keyboard', () => {
  let h: Harness;
  let john: Page;
  let open: string | undefined;

  beforeAll(async () => {
    h = await startHarness();
    john = await h.agentPage('john');
  });
  afterEach(async () => {
    if (open && h.workspace.switchboard.get(open)?.state !== 'ended') await finishContact(h, 'john', open);
    open = undefined;
  });
  afterAll(async () => {
    await h?.close();
  });

  const popFor = async (from: string, digits = '1') => {
    const call = await h.placeCall(from, digits);
    expect(call.agent).toBe('john');
    open = call.contactId;
    await john.waitForSelector(`.screen-pop[data-contact-id="${call.contactId}"]`);
    return call.contactId;
  };

  it('a note saved while the answer is lost is retried under the same noteId: one note, not two', async () => {
    const contactId = await popFor(DEMO_VIP);
    // The first save reaches the API (and is stored) but its answer never reaches the browser: the
    // connection drops, as on a flaky network. The app must retry, and the retry must not duplicate.
    const attempts: string[] = [];
    let dropped = false;
    const onRequest = async (req: HTTPRequest) => {
      if (req.method() !== 'PUT' || !req.url().includes('/notes/')) return void req.continue();
      attempts.push(new URL(req.url()).pathname);
      if (dropped) return void req.continue();
      dropped = true;
      const headers = req.headers();
      await fetch(req.url(), { method: 'PUT', headers, body: req.postData() ?? '' });
      await req.abort('connectionreset');
    };
    await john.setRequestInterception(true);
    john.on('request', onRequest);
    try {
      await john.type('#note-draft', 'Wants a replacement for order 1138');
      await john.waitForFunction(
        () => document.querySelector('[data-field="noteStatus"]')?.textContent === 'Saved',
        { timeout: 15_000 },
      );
    } finally {
      john.off('request', onRequest);
      await john.setRequestInterception(false);
    }
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(attempts).size).toBe(1); // every attempt under the same noteId
    const card = await h.api('john', 'GET', `/v1/contacts/${contactId}/card`);
    const notes = card.body['notes'] as { noteId: string; text: string }[];
    expect(notes.map((n) => n.text)).toEqual(['Wants a replacement for order 1138']);
    expect(await john.$$eval('[data-field="notes"] li', (l) => l.map((x) => x.textContent))).toEqual([
      'Wants a replacement for order 1138',
    ]);
  });

  it('a required wrap-up code blocks leaving after-contact work until one is chosen', async () => {
    const contactId = await popFor(DEMO_VIP);
    await h.hangUp(contactId);
    await john.waitForFunction(
      () => document.querySelector('[data-field="contactState"]')?.textContent === 'After-contact work',
    );
    expect(await john.$eval('#wrapup-title', (e) => e.textContent)).toContain('required');
    await john.click('[data-action="close-contact"]');
    expect(await field(john, 'message')).toBe('Choose a wrap-up code before closing this contact.');
    expect(await field(john, 'contactState')).toBe('After-contact work');
    expect(h.workspace.switchboard.get(contactId)?.state).toBe('acw');
    await screenshot(john, 'wrap-up-required');

    await john.click('input[name="wrap-up"][value="resolved"]');
    await waitFor(() => true, 'noop');
    await john.waitForFunction(
      () => (document.querySelector('input[name="wrap-up"][value="resolved"]') as HTMLInputElement).checked,
    );
    await john.click('[data-action="close-contact"]');
    await john.waitForFunction(
      () => document.querySelector('[data-field="contactState"]')?.textContent === 'Waiting for a contact',
    );
    expect(h.workspace.switchboard.get(contactId)?.state).toBe('ended');
    const card = await h.api('john', 'GET', `/v1/contacts/${contactId}/card`);
    expect(card.body['wrapUp']).toMatchObject({ selected: 'resolved' });
  });

  it('every action works with the keyboard alone, in focus order', async () => {
    const contactId = await popFor(DEMO_UNKNOWN);
    await john.focus('body');
    const kb = john.keyboard;
    // Note: type, then a new note.
    await tabTo(john, '#note-draft');
    await kb.type('Caller asked about delivery times');
    await john.waitForFunction(
      () => document.querySelector('[data-field="noteStatus"]')?.textContent === 'Saved',
      {
        timeout: 10_000,
      },
    );
    await tabTo(john, 'button:not([data-action])');
    await kb.press('Enter');
    // Tag: add with Enter, then remove with the chip's button.
    await tabTo(john, '#tag-input');
    await kb.type('delivery');
    await kb.press('Enter');
    await john.waitForSelector('button[aria-label="Remove tag delivery"]');
    await kb.type('keep');
    await kb.press('Enter');
    await john.waitForSelector('button[aria-label="Remove tag keep"]');
    await john.focus('body');
    await tabTo(john, 'button[aria-label="Remove tag delivery"]');
    await kb.press('Enter');
    await john.waitForFunction(() => !document.querySelector('button[aria-label="Remove tag delivery"]'));
    // Wrap-up: into the radio group, arrow keys choose.
    await tabTo(john, 'input[name="wrap-up"]');
    await kb.press('ArrowDown');
    await john.waitForFunction(() => !!document.querySelector('input[name="wrap-up"]:checked'));
    // Transfer context: target by arrow keys, reason and note typed, Enter saves.
    await tabTo(john, '#transfer-target');
    await kb.press('ArrowDown');
    await tabTo(john, '#transfer-reason');
    await kb.type('billing question');
    await tabTo(john, '#transfer-note');
    await kb.type('Asked about an invoice');
    await tabTo(john, '[data-action="save-transfer"]');
    await kb.press('Enter');
    await john.waitForSelector('[data-action="transfer-now"]');
    // Callback: Enter in the number field submits (the caller's own number).
    await tabTo(john, '#callback-number');
    await kb.press('Enter');
    await john.waitForSelector('[data-field="callbackDone"]');
    // Do not call: Enter opens the confirmation, focus is on its confirm button, Escape cancels and
    // focus returns; Enter again and Enter on the confirm button blocks.
    await john.focus('body');
    await tabTo(john, '[data-action="dnc"]');
    await kb.press('Enter');
    const focused = (action: string) =>
      john.waitForFunction(
        (a: string) => document.activeElement?.getAttribute('data-action') === a,
        {},
        action,
      );
    await focused('dnc-confirm');
    await kb.press('Escape');
    await john.waitForFunction(() => !document.querySelector('[role="alertdialog"]'));
    await focused('dnc');
    await kb.press('Enter');
    await focused('dnc-confirm');
    await kb.press('Enter');
    await john.waitForSelector('[data-field="dncDone"], [data-field="message"]');
    expect(await john.$eval('[data-field="dncDone"], [data-field="message"]', (e) => e.textContent)).toBe(
      'The caller is on the do-not-call list.',
    );

    const card = (await h.api('john', 'GET', `/v1/contacts/${contactId}/card`)).body;
    expect((card['notes'] as { text: string }[]).map((n) => n.text)).toEqual([
      'Caller asked about delivery times',
    ]);
    expect(card['tags']).toEqual(['keep']);
    expect((card['wrapUp'] as { selected: string | null }).selected).not.toBeNull();
    expect(card['dnc']).toMatchObject({ blocked: true });
    expect(h.workspace.contacts.attributesOf(contactId)).toMatchObject({
      transferReason: 'billing question',
      transferNote: 'Asked about an invoice',
      transferMode: 'warm',
    });

    // The quick connect (the contact leaves for the target; the agent goes into after-contact work) and
    // leaving after-contact work, by keyboard too.
    await john.focus('body');
    await tabTo(john, '[data-action="transfer-now"]');
    await kb.press('Enter');
    await john.waitForSelector('[data-action="close-contact"]');
    const legs = () => h.workspace.switchboard.list().filter((c) => c.previousContactId === contactId);
    await waitFor(() => legs().length === 1, 'the transferred leg');
    expect(legs()[0]!.outcome).toMatch(/^queued to Orders/);
    await john.focus('body');
    await tabTo(john, '[data-action="close-contact"]');
    await kb.press('Enter');
    await john.waitForFunction(
      () => document.querySelector('[data-field="contactState"]')?.textContent === 'Waiting for a contact',
    );
    expect(h.workspace.switchboard.get(contactId)?.state).toBe('ended');
  });
});
