/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
/**
 * The supervisor console in a real headless Chromium against the sandbox (same build, same server and
 * identity as the agent workspace): KPI charts render with data, a pause from the console stops the
 * simulated dialer before its next dial, and an agent's token gets 403 from every supervisor route.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { processAgentEvents } from '#shared/agents/processor.ts';
import { RegistryReader } from '#shared/compliance/registry.ts';
import { tableName } from '#shared/data/tables.ts';
import { DEMO_STANDARD } from '#shared/local/demo-data.ts';
import { runDialerTick } from '#shared/outbound/dialer.ts';
import { createOutboundRuntime } from '#shared/outbound/runtime.ts';
import { SimulatedConnect } from '#shared/outbound/sim-connect.ts';
import { type Clock, TokenBucket } from '#shared/outbound/token-bucket.ts';
import { agentEvents, asConfiguredAgent } from '../fixtures/agents/factory.ts';
import { federalRegistry, outboundSettings } from '../fixtures/outbound/factories.ts';
import { finishContact, type Harness, screenshot, startHarness } from './support/harness.ts';

const AT = '2025-06-10T18:00:00.000Z';

describe('supervisor console', () => {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness();
    const campaigns = new DynamoCampaignStore(createDocumentClient());
    await campaigns.putCampaign({
      name: 'spring',
      status: 'active',
      contactFlow: 'outbound-whisper',
      queue: 'Support',
      callerIds: ['+12065550900'],
      policy: {},
      createdAt: AT,
    });
    for (let i = 0; i < 2; i++)
      await campaigns.addTarget({
        campaign: 'spring',
        e164: `+1206555${4000 + i}`,
        country: 'US',
        line: i + 2,
        hints: {},
        attributes: {},
        state: 'pending',
        attempts: 0,
        nextAttemptAt: AT,
      });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function consolePage(login: string, query = ''): Promise<Page> {
    const harness = h!;
    const page = await harness.browser.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    const token = harness.workspace.tokenFor(login);
    await page.evaluateOnNewDocument(
      (t: string) =>
        (
          globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
        ).sessionStorage.setItem('santral.sandbox.token', t),
      token,
    );
    await page.goto(`${harness.url}/supervisor.html?from=2026-11-01&to=2026-12-01${query}`);
    return page;
  }

  /**
   * Every section of the console has its data (`data-state="ready"`). Until then a section that answers
   * later grows and moves the ones below it: a click computed before the KPI table arrived used to land
   * beside the campaign's Pause button under load (no control request at all).
   */
  async function consoleReady(page: Page): Promise<void> {
    await page.waitForFunction(() => {
      const sections = [...document.querySelectorAll('main.supervisor-console section[data-section]')];
      return sections.length >= 7 && sections.every((s) => s.getAttribute('data-state') === 'ready');
    });
  }

  it('KPIs by queue: the chart renders bars with the seeded contacts’ data, and the table their figures', async () => {
    const page = await consolePage('maria');
    await page.waitForSelector('svg[data-chart="kpi-by-queue"] rect[data-series="handled"]');
    const bars = await page.$$eval('svg[data-chart="kpi-by-queue"] g[data-queue]', (gs) =>
      gs.map((g) => ({
        queue: g.getAttribute('data-queue'),
        handled: Number(g.querySelector('rect[data-series="handled"]')?.getAttribute('data-value')),
        height: Number(g.querySelector('rect[data-series="handled"]')?.getAttribute('height')),
      })),
    );
    // The harness seeds one handled contact each in Billing and Support (2026-11-10, 2026-11-18).
    expect(bars.find((b) => b.queue === 'Billing')).toMatchObject({ handled: 1 });
    expect(bars.find((b) => b.queue === 'Support')).toMatchObject({ handled: 1 });
    expect(bars.find((b) => b.queue === 'Billing')!.height).toBeGreaterThan(0);
    const billingRow = await page.$eval('table[data-table="kpis"] tr[data-queue="Billing"]', (tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(billingRow.slice(0, 3)).toEqual(['Billing', '1', '1']);
    await page.close();
  });

  it('KPIs by interval: the chart has one point per day of the report for the chosen queue, with its figures', async () => {
    const harness = h!;
    const page = await consolePage('maria');
    await consoleReady(page);
    await page.select('select[name="intervalQueue"]', 'Support');
    await page.waitForFunction(
      () =>
        document.querySelector('section[data-section="intervals"]')?.getAttribute('data-state') === 'ready' &&
        document.querySelector('[data-field="intervalPeriod"]')?.textContent?.startsWith('Support'),
    );
    const report = await harness.api('maria', 'POST', '/v1/supervisor/kpis', {
      from: '2026-11-01',
      to: '2026-12-01',
      by: 'interval',
      interval: 'day',
      queue: 'Support',
    });
    const rows = report.body['rows'] as {
      key: string;
      kpis: { contactsHandled: number; contactsAbandoned: number; serviceLevel: number | null };
    }[];
    expect(rows).toHaveLength(30);
    const points = await page.$$eval('svg[data-chart="kpi-by-interval"] g[data-interval-start]', (gs) =>
      gs.map((g) => ({
        key: g.getAttribute('data-interval-start'),
        handled: Number(g.querySelector('rect[data-series="handled"]')?.getAttribute('data-value')),
        abandoned: Number(g.querySelector('rect[data-series="abandoned"]')?.getAttribute('data-value')),
        height: Number(g.querySelector('rect[data-series="handled"]')?.getAttribute('height')),
        serviceLevel:
          g.querySelector('circle[data-series="serviceLevel"]')?.getAttribute('data-value') ?? null,
      })),
    );
    expect(
      points.map(({ key, handled, abandoned, serviceLevel }) => ({ key, handled, abandoned, serviceLevel })),
    ).toEqual(
      rows.map((r) => ({
        key: r.key,
        handled: r.kpis.contactsHandled,
        abandoned: r.kpis.contactsAbandoned,
        serviceLevel: r.kpis.serviceLevel === null ? null : String(r.kpis.serviceLevel),
      })),
    );
    // The seeded Support contact (2026-11-18 16:30Z, 11:30 in New York) is that day's bar, the only one.
    const drawn = points.filter((p) => p.height > 0);
    expect(drawn).toEqual([
      expect.objectContaining({ key: new Date('2026-11-18T05:00:00Z').toISOString(), handled: 1 }),
    ]);
    // By hour, the same period is more than the route draws at once: the console says why.
    await page.select('select[name="interval"]', '15m');
    await page.waitForFunction(() =>
      /\d+ intervals of 15m .* at most 800/.test(
        document.querySelector('section[data-section="intervals"] [role="alert"]')?.textContent ?? '',
      ),
    );
    await page.close();
  });

  it('live queues: the switchboard’s agents and the agents table, refreshed while a call goes on', async () => {
    const harness = h!;
    // What the agent-event processor has stored: John on the call since a minute, Ayşe on a break.
    const now = Date.now();
    const store = new DynamoAgentStore(createDocumentClient(), tableName('agents'));
    const outcomes = await processAgentEvents(store, [
      ...asConfiguredAgent(
        agentEvents(
          'john-id',
          [
            { at: now - 600_000, status: 'Available' },
            { at: now - 60_000, contact: 'c-john', state: 'CONNECTED' },
          ],
          now - 30_000,
        ),
        { username: 'john', routingProfile: 'Customer Care' },
      ),
      ...asConfiguredAgent(
        agentEvents(
          'ayse-id',
          [
            { at: now - 900_000, status: 'Available' },
            { at: now - 300_000, status: 'Break' },
          ],
          now - 30_000,
        ),
        { username: 'ayse', routingProfile: 'Turkish Care' },
      ),
    ]);
    expect(outcomes.every((o) => o.outcome === 'applied')).toBe(true);
    const john = await harness.agentPage('john');
    const call = await harness.placeCall(DEMO_STANDARD, '1');
    expect(call, JSON.stringify(call)).toMatchObject({ agent: 'john' });
    const queue = call.queue!;
    const page = await consolePage('maria', '&poll=1');
    await consoleReady(page);
    const row = (q: string) =>
      page.$eval(`table[data-table="live"] tr[data-queue="${q}"]`, (tr) =>
        Object.fromEntries(
          [...tr.querySelectorAll('td[data-field]')].map((td) => [
            td.getAttribute('data-field'),
            td.textContent,
          ]),
        ),
      );
    expect(await row(queue)).toMatchObject({
      contactsInQueue: '0',
      oldestContactAge: '—',
      agentsStaffed: '1',
      agentsAvailable: '0',
      agentsOnContact: '1',
      agentsAfterContactWork: '0',
      agents: expect.stringMatching(/^john on contact 1:\d\d; ayse away \(Break\) 5:\d\d$/),
    });
    expect(await page.$eval('[data-field="liveSource"]', (p) => p.textContent)).toMatch(
      /^Sandbox switchboard/,
    );
    await screenshot(page, 'supervisor-console');
    // The caller hangs up: at the next poll John is in after-contact work.
    await harness.hangUp(call.contactId);
    await page.waitForFunction(
      (q: string) =>
        document.querySelector(
          `table[data-table="live"] tr[data-queue="${q}"] [data-field="agentsAfterContactWork"]`,
        )?.textContent === '1',
      {},
      queue,
    );
    await finishContact(harness, 'john', call.contactId);
    await page.waitForFunction(
      (q: string) =>
        document.querySelector(
          `table[data-table="live"] tr[data-queue="${q}"] [data-field="agentsAvailable"]`,
        )?.textContent === '1',
      {},
      queue,
    );
    await john.close();
    await page.close();
  });

  it('a pause from the console stops the simulated dialer before its next dial', async () => {
    const page = await consolePage('maria');
    await consoleReady(page);
    await page.type('input[name="campaignReason"]', 'script review');
    await page.click('tr[data-campaign="spring"] [data-action="pause"]');
    await page.waitForFunction(
      () =>
        document.querySelector('tr[data-campaign="spring"] [data-field="campaignStatus"]')?.textContent ===
        'paused',
    );
    await consoleReady(page);
    const rt = createOutboundRuntime(createDocumentClient(), createS3Client());
    let t = Date.parse(AT);
    const clock: Clock = {
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    };
    const sim = new SimulatedConnect({ agents: 2, random: () => 0 });
    const deps = async () => ({
      store: rt.campaigns,
      evidence: rt.evidence,
      gate: {
        internalList: rt.internalDnc,
        registry: new RegistryReader(await federalRegistry('2065550100\n')),
        consent: rt.consent,
        settings: outboundSettings(),
      },
      caller: sim,
      agents: sim,
      bucket: new TokenBucket(100, clock),
      clock,
    });
    expect(await runDialerTick(await deps(), 'spring')).toMatchObject({ dialled: 0, stop: 'notActive' });
    expect(sim.calls).toHaveLength(0);
    expect((await rt.campaigns.getCampaign('spring'))?.control).toMatchObject({
      action: 'pause',
      by: 'maria',
      reason: 'script review',
    });
    // Resumed from the console, the dialer goes on.
    await page.click('tr[data-campaign="spring"] [data-action="resume"]');
    await page.waitForFunction(
      () =>
        document.querySelector('tr[data-campaign="spring"] [data-field="campaignStatus"]')?.textContent ===
        'active',
    );
    await consoleReady(page);
    expect((await runDialerTick(await deps(), 'spring')).dialled).toBe(2);
    // Evidence lookup by number shows the dial decision.
    await page.type('input[name="evidencePhone"]', '+12065554000');
    await page.click('[data-action="evidence-search"]');
    await page.waitForSelector('ol[data-list="evidence"] li[data-decision="dial"]');
    expect(await page.$eval('ol[data-list="evidence"] li', (li) => li.textContent)).toMatch(
      /DIAL \+1206\*\*\*4000 spring attempt 1 \(accepted\)/,
    );
    await page.close();
  });

  it('a section whose data is still on the way says so (loading, aria-busy) and the console is not ready', async () => {
    const harness = h!;
    const page = await harness.browser.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    const token = harness.workspace.tokenFor('maria');
    await page.evaluateOnNewDocument(
      (t: string) =>
        (
          globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
        ).sessionStorage.setItem('santral.sandbox.token', t),
      token,
    );
    // Hold the KPI answer back, as a loaded machine does.
    await page.setRequestInterception(true);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    page.on('request', (req) => {
      if (req.isInterceptResolutionHandled()) return;
      if (req.url().endsWith('/v1/supervisor/kpis')) void held.then(() => req.continue());
      else void req.continue();
    });
    await page.goto(`${harness.url}/supervisor.html?from=2026-11-01&to=2026-12-01`);
    await page.waitForSelector('section[data-section="campaigns"][data-state="ready"]');
    const kpis = await page.$eval('section[data-section="kpis"]', (s) => [
      s.getAttribute('data-state'),
      s.getAttribute('aria-busy'),
    ]);
    expect(kpis).toEqual(['loading', 'true']);
    const y = async () =>
      (await (await page.$('tr[data-campaign="spring"] [data-action="pause"]'))!.boundingBox())!.y;
    const before = await y();
    release();
    await consoleReady(page);
    // The KPI chart and table arrived above the campaigns and moved them: why a test waits for ready.
    expect(await y()).toBeGreaterThan(before + 100);
    await page.close();
  });

  it('an agent’s token gets 403 from the supervisor routes, and the console says so', async () => {
    const harness = h!;
    for (const [method, path, body] of [
      ['GET', '/v1/supervisor/campaigns', undefined],
      ['POST', '/v1/supervisor/campaigns/spring/control', { action: 'stop', reason: 'x' }],
      ['GET', '/v1/supervisor/dnc', undefined],
      ['POST', '/v1/supervisor/kpis', { from: '2026-11-01', to: '2026-12-01' }],
      ['GET', '/v1/supervisor/live', undefined],
    ] as const) {
      const r = await harness.api('john', method, path, body);
      expect([path, r.status]).toEqual([path, 403]);
    }
    const page = await consolePage('john');
    await page.waitForSelector('[data-field="notSupervisor"]');
    await page.close();
  });
});
