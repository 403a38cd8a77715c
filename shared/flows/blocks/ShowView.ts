/**
 * Show view (participant-actions-showview): renders a step-by-step guide or form to the agent (or a chat
 * customer) and branches on the action they choose ("Next", "Back", "ActionSelected", …). Offline there is
 * nobody to click: the stand-in agent walks the guide — the first time a view shows it picks the block's
 * first condition, the next time the second, …; once every action was tried it lets the view time out
 * (TimeLimitExceeded), and the time after that it closes the view (NoMatchingError), so a guide that loops
 * between views still ends. A world can fix the choice
 * (`standIns: { ShowView: 'Back' }` or `'error:TimeLimitExceeded'`). The choice is `$.Views.Action`.
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
    default: 'each declared condition in turn, then error:TimeLimitExceeded, then error:NoMatchingError',
    outcomes: ['<a declared action>', 'error:TimeLimitExceeded', `error:${NME}`],
  },
  describe: (p) => `Show view ${(p['ViewResource'] as { Id?: string })?.Id ?? ''}`.trim(),
  run(rt, action, run) {
    const choices = (action.Transitions?.Conditions ?? []).map((c) => c.Condition.Operands[0] ?? '');
    const key = `ShowView›${run.flow.name}›${action.Identifier}`;
    const visit = rt.contact.loopCounters.get(key) ?? 0;
    rt.contact.loopCounters.set(key, visit + 1);
    const walked =
      visit < choices.length
        ? choices[visit]!
        : choices.length === 0 && visit === 0
          ? 'Success'
          : visit === choices.length
            ? 'error:TimeLimitExceeded'
            : `error:${NME}`;
    const outcome = rt.standInOutcome('ShowView', walked);
    rt.advance(5, run.role);
    const view = (action.Parameters?.['ViewResource'] as { Id?: string })?.Id ?? 'view';
    rt.event('setting', `view ${view} shown (stand-in: the agent chooses ${outcome})`);
    rt.contact.services['Views'] = { Action: outcome };
    return standInResult(outcome);
  },
});
