/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
/**
 * In a real browser against the local workspace: the screen pop when a call reaches an agent, in English
 * and in Turkish, with no serious or critical accessibility violations; and the API's refusal of a contact
 * the agent was never on.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TURKISH, DEMO_VIP } from '#shared/local/demo-data.ts';
import { axeViolations, field, type Harness, screenshot, startHarness, tabTo } from './support/harness.ts';

describe('agent workspace: screen pop', () => {
  let h: Harness;
  let john: Page;

  beforeAll(async () => {
    h = await startHarness();
    john = await h.agentPage('john');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('pops the VIP card as soon as the call reaches the agent: name, tier, language, open case, intent, history', async () => {
    const ccp = await h.browser.newPage();
    await ccp.goto(`${h.url}/ccp.html`);
    await ccp.waitForSelector(`#caller option[value="${DEMO_VIP}"]`);
    await ccp.select('#caller', DEMO_VIP);
    await ccp.click('#digits', { count: 3 });
    await ccp.type('#digits', '1');
    await ccp.click('[data-action="place-call"]');

    await john.waitForSelector('.screen-pop[data-contact-id]');
    expect(await john.$eval('#pop-title', (e) => e.textContent)).toContain('Ada');
    expect(await field(john, 'vip')).toBe('VIP');
    expect(await field(john, 'language')).toBe('en-US');
    expect(await field(john, 'openCase')).toBe('CASE-1001');
    expect(await field(john, 'intent')).not.toBe('none');
    expect(await field(john, 'queue')).toBe('Support');
    expect(await field(john, 'dnc')).toBe('Not on a do-not-call list');
    const history = await john.$$eval('[data-field="history"] tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(history).toHaveLength(2);
    const billing = history.find((r) => r[1] === 'Billing')!;
    expect(billing.slice(2)).toEqual(['refund', 'Refund for order 1138 sent', '2']);
    expect(await field(john, 'contactState')).toBe('On a call');
    await screenshot(john, 'screen-pop-vip');
    await ccp.waitForFunction(() => document.querySelectorAll('.contacts li').length > 0);
    await screenshot(ccp, 'ccp-stand-in');
    await ccp.close();
  });

  it('signs in on the sandbox login page with the keyboard alone (no axe violations there either)', async () => {
    const page = await h.browser.newPage();
    await page.goto(`${h.url}/agent.html`);
    await page.waitForSelector('#agent option[value="li"]');
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, '#agent');
    // Native select: arrow keys move through the agents (ayse, john, li, maria).
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.$eval('#agent', (e) => (e as HTMLSelectElement).value)).toBe('li');
    await tabTo(page, '[data-action="sign-in"]');
    await page.keyboard.press('Enter');
    expect(await field(page, 'contactState')).toBe('Waiting for a contact');
    expect(await page.$eval('.who', (e) => e.textContent)).toBe('Signed in as Li Wang');
    await page.close();
  });

  it('has no serious or critical accessibility violations on the card (axe-core)', async () => {
    expect(await axeViolations(john)).toEqual([]);
  });

  it('answers 403 to an agent asking for a contact they were never on', async () => {
    const contactId = await john.$eval('.screen-pop', (e) => e.getAttribute('data-contact-id')!);
    const asJohn = await h.api('john', 'GET', `/v1/contacts/${contactId}/card`);
    expect(asJohn.status).toBe(200);
    const asMaria = await h.api('maria', 'GET', `/v1/contacts/${contactId}/card`);
    expect(asMaria).toMatchObject({ status: 403, body: { error: { code: 'not_your_contact' } } });
    // And from a browser page signed in as someone else, the same answer reaches the app's fetch.
    const maria = await h.agentPage('maria');
    const status = await maria.evaluate(async (id: string) => {
      const token = sessionStorage.getItem('santral.sandbox.token');
      const r = await fetch(`/v1/contacts/${id}/card`, { headers: { authorization: `Bearer ${token}` } });
      return r.status;
    }, contactId);
    expect(status).toBe(403);
    await maria.close();
  });

  it('shows the workspace in Turkish for a Turkish agent, with the Turkish caller card', async () => {
    const ayse = await h.agentPage('ayse');
    const call = await h.placeCall(DEMO_TURKISH, '');
    expect(call.agent).toBe('ayse');
    await ayse.waitForSelector(`.screen-pop[data-contact-id="${call.contactId}"]`);
    expect(await ayse.$eval('html .workspace', (e) => e.getAttribute('lang'))).toBe('tr');
    expect(await ayse.$eval('h1', (e) => e.textContent)).toBe('Santral temsilci ekranı');
    expect(await field(ayse, 'contactState')).toBe('Görüşmede');
    expect(await ayse.$eval('#notes-title', (e) => e.textContent)).toBe('Notlar');
    expect(await ayse.$eval('#wrapup-title', (e) => e.textContent)).toContain('Kapanış kodu');
    expect(await field(ayse, 'language')).toBe('tr-TR');
    expect(await axeViolations(ayse)).toEqual([]);
    await screenshot(ayse, 'screen-pop-turkish');
    await ayse.close();
  });
});
