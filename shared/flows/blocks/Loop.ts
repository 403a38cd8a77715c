/**
 * Loop (flow-control-actions-loop): "ContinueLooping" LoopCount times, then "DoneLooping" once, then resets.
 * "There must be a Condition provided for Equals ContinueLooping and for Equals DoneLooping, and no other."
 */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL, numeric } from './params.ts';

export default defineBlock({
  type: 'Loop',
  label: 'Loop',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-loop'),
  parameters: z.object({ LoopCount: numeric }).strict(),
  flowTypes: ALL,
  branches: {
    success: 'conditions',
    conditionOperands: ['ContinueLooping', 'DoneLooping'],
    exactOperands: true,
    errors: [],
  },
  describe: (p) => `Loop ${String(p['LoopCount'] ?? '')} times`,
  run(rt, action, run) {
    const count = Number(rt.value(action.Parameters?.['LoopCount']) ?? '0');
    const key = `${run.flow.name}›${action.Identifier}`;
    const done = rt.contact.loopCounters.get(key) ?? 0;
    if (done < count) {
      rt.contact.loopCounters.set(key, done + 1);
      return { kind: 'value', value: 'ContinueLooping' };
    }
    rt.contact.loopCounters.delete(key);
    return { kind: 'value', value: 'DoneLooping' };
  },
});
