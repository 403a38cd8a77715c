/** Create task (createtask): starts a task contact in another flow. Stand-in: created, nothing runs. */
import { z } from 'zod';
import { awsPage } from './block.ts';
import { INTERACTIVE, numeric, opaque, short, stringMap, text } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'CreateTask',
  label: 'Create task',
  category: 'contact',
  docs: awsPage('createtask'),
  service: 'Amazon Connect Tasks',
  parameters: z
    .object({
      Name: text,
      ContactFlowId: text.optional(),
      Description: z.string().optional(),
      Attributes: stringMap.optional(),
      References: opaque.optional(),
      DelaySeconds: numeric.optional(),
      ScheduledTime: z.string().optional(),
      TaskTemplateId: text.optional(),
      QuickConnectId: text.optional(),
      TaskTemplateFields: opaque.optional(),
    })
    .strict(),
  flowTypes: INTERACTIVE,
  stores: { namespace: 'Task', fields: ['ContactId'] },
  describe: (p) => `Create task ${short(String(p['Name'] ?? ''))}`,
});
