/**
 * End flow / Resume (flow-control-actions-endflowexecution): ends the flow. In a whisper, queue or hold
 * flow the contact goes on (the agent is connected, the hold continues); in the main flow it disconnects.
 */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL } from './params.ts';

export default defineBlock({
  type: 'EndFlowExecution',
  label: 'End flow / Resume',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-endflowexecution'),
  parameters: z.object({}).strict(),
  flowTypes: ALL,
  branches: { success: 'terminal', errors: [] },
  run: (_rt, _action, run) => ({
    kind: 'exit',
    exit: run.role === 'main' ? { kind: 'disconnect' } : { kind: 'end' },
  }),
});
