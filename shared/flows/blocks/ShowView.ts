/**
 * Show view (participant-actions-showview): renders a step-by-step guide or form to the agent (or a chat
 * customer) and branches on the action they choose ("Next", "Back", "ActionSelected", …). Offline there is
 * nobody to click: the stand-in picks the first condition the block declares (configurable per world,
 * e.g. `standIns: { ShowView: 'Back' }` or `'error:TimeLimitExceeded'`), and stores `$.Views.Action`.
 */
import { z } from 'zod';
import { awsPage, defineBlock, NMC, NME, standInResult } from './block.ts';
import { ALL, numeric, opaque, text } from './params.ts';

export default defineBlock({
  type: 'ShowView',
  label: 'Show view',
  category: 'participant',
  docs: awsPage('participant-actions-showview'),
  parameters: z
    .object({
      ViewResource: z.object({ Id: text, Version: z.string().optional() }).strict(),
      InvocationTimeLimitSeconds: numeric.optional(),
      ViewData: opaque.optional(),
    })
    .strict(),
  flowTypes: ALL,
  branches: { success: 'conditions', errors: [NMC, 'TimeLimitExceeded', NME], houseErrors: [NME] },
  standIn: {
    service: 'Amazon Connect views (agent workspace)',
    default: 'the first declared condition',
    outcomes: ['<a declared action>', 'error:TimeLimitExceeded', `error:${NME}`],
  },
  describe: (p) => `Show view ${(p['ViewResource'] as { Id?: string })?.Id ?? ''}`.trim(),
  run(rt, action) {
    const first = action.Transitions?.Conditions?.[0]?.Condition.Operands[0];
    const outcome = rt.standInOutcome('ShowView', first ?? 'Success');
    const view = (action.Parameters?.['ViewResource'] as { Id?: string })?.Id ?? 'view';
    rt.event('setting', `view ${view} shown (stand-in: the agent chooses ${outcome})`);
    rt.contact.services['Views'] = { Action: outcome };
    return standInResult(outcome);
  },
});
