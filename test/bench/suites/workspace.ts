/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
/**
 * `npm run bench -- workspace`: the agent workspace in headless Chromium against the local workspace.
 *
 * - screen_pop_ms p50/p99: from the contact event reaching the app (the ContactSource's offer) to the card
 *   rendered in the DOM, as the app itself measures it with the User Timing API (`santral:screen-pop`).
 * - card_fetch_ms p50/p99, the baseline: a bare `fetch` of the same card from the same local API, in the
 *   same page, right after each pop (same run, interleaved).
 * - screen_pop_ratio = p50 screen pop ÷ p50 bare fetch (target ≤ 1.5: the app adds little to the API).
 * - app_js_gzip_kb: the JavaScript a browser loads for each entry (entry + shared chunks), gzipped; the
 *   figure is the largest entry (target ≤ 150 KB). Streams' own prebuilt script, loaded only by the
 *   Streams page, is reported apart (streams_vendor_gzip_kb): it is Amazon's, not the app's.
 * A call that does not reach the agent or a card that does not render counts as failed (the bench fails).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { demoCallTime } from '#infra/cli/commands/sandbox.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { DEMO_VIP } from '#shared/local/demo-data.ts';
import { startLocalWorkspace } from '#shared/local/local-workspace.ts';
import { seedSandbox } from '#shared/local/sandbox.ts';
import { buildWorkspace, ENTRIES, type EntryName } from '#workspace/build.ts';
import { launchChromium, seedHistory } from '../../browser/support/harness.ts';
import { type BenchContext, type Figure, percentile } from '../figures.ts';

const TOKEN_KEY = 'santral.sandbox.token';

export async function* run(ctx: BenchContext): AsyncIterable<Figure> {
  const config = loadStageConfig('dev');
  const dist = mkdtempSync(join(tmpdir(), 'santral-bench-workspace-'));
  const build = await buildWorkspace({ outdir: dist });
  const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;
  let largest = 0;
  for (const entry of Object.keys(ENTRIES) as EntryName[]) {
    const kb = build.jsFiles[entry].reduce((sum, f) => sum + gz(f), 0);
    largest = Math.max(largest, kb);
    yield { metric: `app_js_gzip_kb.${entry}`, value: kb, unit: 'KB', files: build.jsFiles[entry].length };
  }
  yield { metric: 'app_js_gzip_kb', value: largest, unit: 'KB', target: 150, targetIs: 'atMost' };
  yield { metric: 'streams_vendor_gzip_kb', value: gz('vendor/connect-streams-min.js'), unit: 'KB' };

  await seedSandbox({ history: false });
  await seedHistory();
  const base = demoCallTime(config);
  const workspace = await startLocalWorkspace({ config, distDir: dist, callTime: () => base });
  const browser = await launchChromium();
  const n = ctx.quick ? 8 : 60;
  const warmup = ctx.quick ? 2 : 5;
  const pops: number[] = [];
  const fetches: number[] = [];
  let failed = 0;
  try {
    const page = await browser.newPage();
    const token = workspace.tokenFor('john');
    await page.evaluateOnNewDocument(
      (k: string, t: string) => sessionStorage.setItem(k, t),
      TOKEN_KEY,
      token,
    );
    await page.goto(`${workspace.url}/agent.html`);
    await page.waitForSelector('[data-field="contactState"]');
    while (!workspace.switchboard.isSignedIn('john')) await new Promise((r) => setTimeout(r, 20));
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown = {}) =>
      fetch(`${workspace.url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });

    ctx.progress(`${n} screen pops (+${warmup} warm-up) against bare card fetches…`);
    for (let i = 0; i < warmup + n; i++) {
      const call = workspace.switchboard.get(
        (
          (await (await post('/sandbox/calls', { from: DEMO_VIP, digits: '1' })).json()) as {
            contactId: string;
          }
        ).contactId,
      );
      if (call?.agent !== 'john') {
        if (i >= warmup) failed++;
        continue;
      }
      const id = call.contactId;
      try {
        // No named functions inside: tsx's transform would reference its __name helper in the browser.
        const measured = await page.waitForFunction(
          (contactId: string) =>
            performance
              .getEntriesByName('santral:screen-pop', 'measure')
              .find((e) => (e as PerformanceMeasure).detail?.contactId === contactId)?.duration ?? false,
          { polling: 'raf', timeout: 10_000 },
          id,
        );
        const pop = (await measured.jsonValue()) as number;
        const bare = await page.evaluate(
          async (contactId: string, key: string) => {
            const t0 = performance.now();
            const r = await fetch(`/v1/contacts/${encodeURIComponent(contactId)}/card`, {
              headers: { authorization: `Bearer ${sessionStorage.getItem(key)}` },
            });
            await r.json();
            if (!r.ok) throw new Error(`card: HTTP ${r.status}`);
            return performance.now() - t0;
          },
          id,
          TOKEN_KEY,
        );
        if (i >= warmup) {
          pops.push(pop);
          fetches.push(bare);
        }
      } catch (err) {
        if (i >= warmup) failed++;
        ctx.progress(`pop ${i}: ${(err as Error).message}`);
      }
      // Finish the contact so the agent is free for the next call.
      await post(`/sandbox/contacts/${id}/hangup`);
      await fetch(`${workspace.url}/v1/contacts/${id}/wrap-up`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({ code: 'resolved' }),
      });
      await post(`/v1/contacts/${id}/complete`);
      const cleared = await post(`/sandbox/contacts/${id}/clear`);
      if (!cleared.ok) failed++;
      await page.waitForFunction(
        () => document.querySelector('[data-field="contactState"]')?.textContent === 'Waiting for a contact',
      );
    }
  } finally {
    await browser.close();
    await workspace.close();
    rmSync(dist, { recursive: true, force: true });
  }
  const p50 = percentile(pops, 50);
  const f50 = percentile(fetches, 50);
  yield { metric: 'screen_pop_ms.p50', value: p50, unit: 'ms', samples: pops.length, failed };
  yield {
    metric: 'screen_pop_ms.p99',
    value: percentile(pops, 99),
    unit: 'ms',
    samples: pops.length,
    failed,
  };
  yield { metric: 'card_fetch_ms.p50', value: f50, unit: 'ms', samples: fetches.length };
  yield { metric: 'card_fetch_ms.p99', value: percentile(fetches, 99), unit: 'ms', samples: fetches.length };
  yield {
    metric: 'screen_pop_ratio',
    value: p50 / f50,
    unit: 'ratio',
    baseline: f50,
    ratio: p50 / f50,
    measured: p50,
    measuredUnit: 'ms',
    target: 1.5,
    targetIs: 'atMost',
    failed,
  };
}
