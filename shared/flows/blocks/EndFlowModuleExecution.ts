/** Return (endflowmoduleexecution): ends a module; the invoking flow continues after InvokeFlowModule. */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';

export default defineBlock({
  type: 'EndFlowModuleExecution',
  label: 'Return (module)',
  category: 'contact',
  docs: awsPage('endflowmoduleexecution'),
  parameters: z.object({}).strict(),
  flowTypes: ['MODULE'],
  branches: { success: 'terminal', errors: [] },
  run: () => ({ kind: 'exit', exit: { kind: 'module-return' } }),
});
