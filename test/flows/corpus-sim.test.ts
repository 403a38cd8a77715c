/**
 * `santral sim call --to <file>` over the corpus of 91 real flows (../shared/corpus/external-flows, read in
 * place): each runs from its StartAction with every reference it cannot resolve met by a named stand-in.
 * Asserts ≥ 90 % end with a terminal outcome (no stop), none with "unsupported action", and that setup
 * never fails; prints the figure.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStageConfig } from '#shared/config/load.ts';
import { createSimulatorContext, simulateCall } from '#shared/simulator/simulator.ts';
import { formatTranscript, ScriptedKeypad } from '#shared/simulator/transcript.ts';
import type { CallResult } from '#shared/simulator/types.ts';

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/external-flows');
const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('simulated calls into the corpus of real flows', () => {
  const ctx = createSimulatorContext(loadStageConfig('dev'));
  const results = new Map<string, CallResult>();

  it('runs every corpus flow without a setup failure', async () => {
    for (const f of files) {
      const r = await simulateCall(ctx, {
        from: '+12065550100',
        to: join(CORPUS, f),
        at: new Date('2026-11-24T16:00:00Z'),
        keypad: new ScriptedKeypad('1'),
      });
      results.set(f, r);
    }
    expect(results.size).toBe(91);
  }, 120_000);

  it('ends ≥ 90 % of them with a terminal outcome and none with "unsupported action" (prints the figure)', () => {
    const stopped = [...results].filter(([, r]) => r.stopped !== undefined);
    const terminal = files.length - stopped.length;
    const outcomes: Record<string, number> = {};
    for (const r of results.values())
      outcomes[r.trace.outcome.type] = (outcomes[r.trace.outcome.type] ?? 0) + 1;
    console.log(
      `corpus sim: ${terminal}/${files.length} (${((100 * terminal) / files.length).toFixed(1)} %) end with a terminal outcome; ${JSON.stringify(outcomes)}`,
    );
    for (const [f, r] of stopped) console.log(`  stopped: ${f}: ${r.stopped}`);
    expect(terminal / files.length).toBeGreaterThanOrEqual(0.9);
    expect([...results.values()].filter((r) => r.stopped?.includes('unsupported action'))).toEqual([]);
  });

  it('names the stand-ins in the transcript', () => {
    const transcript = formatTranscript(results.get('sbs-guides--mod-voice-id-handler-contact-flow.json')!);
    expect(transcript).toContain('Amazon Connect Voice ID stand-in');
    expect(transcript).toMatch(/stand-in queue/);
    const task = formatTranscript(results.get('rules-engine--rules-engine-main.json')!);
    expect(task).toMatch(/stand-in \(no such function here\)/);
  });
});
