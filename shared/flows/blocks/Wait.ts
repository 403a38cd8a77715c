/**
 * Wait (flow-control-actions-wait): pauses for `TimeoutSeconds` (≤ 604,800) "or until a specified event
 * happens" — result "WaitCompleted", or the event ("CustomerReturned", "BotParticipantDisconnected").
 * The reference names the parameter `TimeoutSeconds`; console exports write `TimeLimitSeconds`: both are
 * read (the engine used to read only the first and the catalogue accepted only the second).
 */
import { z } from 'zod';
import { awsPage, defineBlock, NMC, NME } from './block.ts';
import { ALL, numeric } from './params.ts';

const MAX_WAIT_SECONDS = 604_800;
const seconds = numeric.refine(
  (v) => (typeof v !== 'number' && !/^\d+$/.test(v) ? true : Number(v) <= MAX_WAIT_SECONDS),
  {
    message: `at most ${MAX_WAIT_SECONDS} seconds (seven days)`,
  },
);

export default defineBlock({
  type: 'Wait',
  label: 'Wait',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-wait'),
  parameters: z
    .object({
      TimeoutSeconds: seconds.optional(),
      TimeLimitSeconds: seconds.optional(),
      Events: z.array(z.enum(['CustomerReturned', 'BotParticipantDisconnected'])).optional(),
    })
    .strict()
    .refine(
      (p) => !(p.TimeoutSeconds !== undefined && p.TimeLimitSeconds !== undefined),
      'give TimeoutSeconds or TimeLimitSeconds, not both',
    ),
  flowTypes: ALL,
  branches: {
    success: 'conditions',
    conditionOperands: ['WaitCompleted', 'CustomerReturned', 'BotParticipantDisconnected'],
    errors: [NMC, NME],
    houseErrors: [NME],
  },
  describe: (p) => `Wait ${String(p['TimeoutSeconds'] ?? p['TimeLimitSeconds'] ?? '')} s`,
  run(rt, action, run) {
    const p = action.Parameters ?? {};
    const s = Number(rt.value(p['TimeoutSeconds'] ?? p['TimeLimitSeconds']) ?? '0');
    if (Number.isFinite(s) && s > 0) rt.advance(s, run.role);
    if (run.role === 'queue' && rt.queue.holdLeft <= 0 && rt.queue.willBeAnswered())
      return { kind: 'exit', exit: { kind: 'answered' } };
    return { kind: 'value', value: 'WaitCompleted' };
  },
});
