/** Complete outbound call (contact-actions-completeoutboundcall): places a campaign's outbound call. Stand-in: connected. */
import { z } from 'zod';
import { awsPage } from './block.ts';
import { text } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'CompleteOutboundCall',
  label: 'Complete outbound call',
  category: 'contact',
  docs: awsPage('contact-actions-completeoutboundcall'),
  service: 'Amazon Connect outbound campaigns',
  parameters: z.object({ CallerIdNumber: text.optional(), CallerId: z.unknown().optional() }).strict(),
  flowTypes: ['CAMPAIGN', 'CONTACT_FLOW', 'MODULE'],
});
