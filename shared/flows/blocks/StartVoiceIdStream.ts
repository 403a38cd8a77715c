/** Set Voice ID, start streaming (flow-control-actions-startvoiceidstream). Stand-in: started. */
import { z } from 'zod';
import { awsPage } from './block.ts';
import { INTERACTIVE } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'StartVoiceIdStream',
  label: 'Set Voice ID (start streaming)',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-startvoiceidstream'),
  service: 'Amazon Connect Voice ID',
  parameters: z.object({}).strict(),
  flowTypes: INTERACTIVE,
});
