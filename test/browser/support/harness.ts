/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
/**
 * The browser tests' world: in-memory DynamoDB/S3 with the sandbox's demo data, the app built into a
 * temporary directory, the local workspace (switchboard, agent API, token issuer, web server) in this
 * process, and one headless Chromium per test file (@sparticuz/chromium with its own launch arguments).
 * If Chromium cannot start, `startHarness` throws and every test of the file fails: nothing is skipped.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { demoCallTime } from '#infra/cli/commands/sandbox.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoInteractionStore } from '#shared/adapters/dynamo/interaction-store.ts';
import { DynamoNotesStore } from '#shared/adapters/dynamo/notes-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { loadStageConfig, REPO_ROOT } from '#shared/config/load.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { tableName } from '#shared/data/tables.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { DEMO_VIP } from '#shared/local/demo-data.ts';
import { type EmbeddedAws, startEmbeddedAws } from '#shared/local/embedded.ts';
import { type LocalWorkspace, startLocalWorkspace } from '#shared/local/local-workspace.ts';
import { seedSandbox } from '#shared/local/sandbox.ts';
import type { SandboxCall } from '#shared/local/switchboard.ts';
import { buildWorkspace } from '#workspace/build.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';

export const SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots');
const AXE_SOURCE = readFileSync(join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const TOKEN_KEY = 'santral.sandbox.token';

export interface Harness {
  config: ContactCenterConfig;
  aws: EmbeddedAws;
  workspace: LocalWorkspace;
  browser: Browser;
  url: string;
  /** The built app the sandbox server serves (tests that serve it another way read it from here). */
  distDir: string;
  /** A page signed in as `login` (token put in sessionStorage before the app loads), listening for contacts. */
  agentPage(login: string, options?: { locale?: string }): Promise<Page>;
  placeCall(from: string, digits: string): Promise<SandboxCall>;
  hangUp(contactId: string): Promise<SandboxCall>;
  /** The agent API as `login`, from outside the browser. */
  api(
    login: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Two earlier contacts of the VIP through the real CTR processor, with a disposition, a note and a CSAT. */
export async function seedHistory(): Promise<void> {
  const doc = createDocumentClient();
  const ctrs = new DynamoCtrStore(doc, tableName('interactions'));
  const notes = new DynamoNotesStore(doc, tableName('interactions'));
  const earlier = [
    { contactId: uuid(7001), at: '2026-11-10T15:00:00Z', queue: 'Billing', csat: 2 },
    { contactId: uuid(7002), at: '2026-11-18T16:30:00Z', queue: 'Support', csat: 4 },
  ];
  const surveys = new DynamoInteractionStore(doc);
  for (const { csat, ...c } of earlier) {
    await processCtr(ctrs, inboundCtr({ ...c, customer: DEMO_VIP, agent: 'john' }));
    // As the post-call survey Lambda stores the caller's answer.
    await surveys.saveSurvey(c.contactId, { csat }, new Date(c.at));
  }
  await notes.setDisposition(uuid(7001), 'refund', 'john', '2026-11-10T15:12:00Z');
  await notes.saveNote({
    noteId: 'seed-note-7001',
    contactId: uuid(7001),
    text: 'Refund for order 1138 sent',
    author: 'john',
    savedAt: '2026-11-10T15:11:00Z',
  });
}

export async function launchChromium(): Promise<Browser> {
  try {
    return await puppeteer.launch({
      args: chromium.args,
      executablePath: await chromium.executablePath(),
      headless: true,
    });
  } catch (err) {
    throw new Error(`headless Chromium did not start (@sparticuz/chromium): ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/**
 * `stateDir`: keep the emulators' state on disk (as `npm start` does in .santral/), marked as seeded so a
 * later `santral` command uses it as it is — for tests that check the workspace's effect with the CLI.
 */
export async function startHarness(options: { stateDir?: string } = {}): Promise<Harness> {
  const config = loadStageConfig('dev');
  const aws = await startEmbeddedAws(options.stateDir ? { stateDir: options.stateDir } : {});
  // The demo customers, and a short explicit history for the VIP (a month of demo history takes ~30 s to
  // write on this machine; the card needs only a few earlier contacts).
  await seedSandbox({ history: false });
  await seedHistory();
  if (options.stateDir)
    writeFileSync(
      join(options.stateDir, 'seeded.json'),
      `${JSON.stringify({ seededAt: new Date().toISOString(), by: 'browser-test harness' })}\n`,
    );
  const dist = mkdtempSync(join(tmpdir(), 'santral-workspace-'));
  const build = await buildWorkspace({ outdir: dist });
  const base = demoCallTime(config);
  const workspace = await startLocalWorkspace({ config, distDir: build.outdir, callTime: () => base });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await workspace.close();
    await aws.close();
    throw err;
  }
  const url = workspace.url;
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
    return (await r.json()) as SandboxCall;
  };
  return {
    config,
    aws,
    workspace,
    browser,
    url,
    distDir: build.outdir,
    async agentPage(login, options = {}) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      if (options.locale) await page.setExtraHTTPHeaders({ 'accept-language': options.locale });
      const token = workspace.tokenFor(login);
      await page.evaluateOnNewDocument(
        (key: string, t: string) =>
          (
            globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
          ).sessionStorage.setItem(key, t),
        TOKEN_KEY,
        token,
      );
      await page.goto(`${url}/agent.html`);
      await page.waitForSelector('[data-field="contactState"]');
      await waitFor(() => workspace.switchboard.isSignedIn(login), `${login}'s workspace to listen`);
      return page;
    },
    placeCall: (from, digits) => post('/sandbox/calls', { from, digits }),
    hangUp: (contactId) => post(`/sandbox/contacts/${encodeURIComponent(contactId)}/hangup`, {}),
    async api(login, method, path, body) {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${workspace.tokenFor(login)}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await browser.close();
      await workspace.close();
      await aws.close();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** Poll `check`. performance.now(), not Date: the simulator shifts the global Date while handlers run. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The text of `[data-field=name]` inside the page (trimmed), waiting for it to appear. */
export async function field(page: Page, name: string): Promise<string> {
  const el = await page.waitForSelector(`[data-field="${name}"]`);
  return ((await el!.evaluate((e) => e.textContent)) ?? '').trim();
}

/**
 * Take a full-page screenshot. It goes to docs/screenshots/<name>.png (the README shows them) when that file
 * does not exist yet or SANTRAL_UPDATE_SCREENSHOTS=1; otherwise to a temporary directory, so a test run does
 * not leave committed images modified in every worktree.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const committed = join(SCREENSHOTS, `${name}.png`);
  const update = process.env['SANTRAL_UPDATE_SCREENSHOTS'] === '1' || !existsSync(committed);
  const dir = update ? SCREENSHOTS : join(tmpdir(), 'santral-screenshots');
  mkdirSync(dir, { recursive: true });
  const png = await page.screenshot({ path: join(dir, `${name}.png`) as `${string}.png`, fullPage: true });
  // A PNG signature and a real image, not an empty capture.
  if (Buffer.from(png).subarray(1, 4).toString('latin1') !== 'PNG' || png.length < 5000)
    throw new Error(`screenshot ${name}: not a PNG of the page (${png.length} bytes)`);
}

interface AxeViolation {
  id: string;
  impact: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page (injected from node_modules). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // Evaluated through DevTools rather than a <script> tag: the app's CSP (script-src 'self') stays on.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n: { target: string[] }) => n.target.join(' ')),
      }));
  });
}

/**
 * Press Tab (at most `max` times) until the focused element matches `selector`: the element is reachable
 * by keyboard, in the page's focus order. Fails when it never gets focus.
 */
export async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s: string) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} never received focus within ${max} Tab presses`);
}

/** Finish the agent's contact through the API and the sandbox, so the agent is free for the next call. */
export async function finishContact(h: Harness, login: string, contactId: string, code = 'resolved') {
  const call = h.workspace.switchboard.get(contactId);
  if (call?.state === 'connected') await h.hangUp(contactId);
  await h.api(login, 'PUT', `/v1/contacts/${contactId}/wrap-up`, { code });
  await h.api(login, 'POST', `/v1/contacts/${contactId}/complete`);
  const r = await fetch(`${h.url}/sandbox/contacts/${encodeURIComponent(contactId)}/clear`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.workspace.tokenFor(login)}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (!r.ok) throw new Error(`clear ${contactId}: HTTP ${r.status} ${await r.text()}`);
}
