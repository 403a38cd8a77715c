/** Check call progress (flow-control-actions-checkoutboundcallstatus): campaign call results. Stand-in: CallAnswered. */
import { z } from 'zod';
import { awsPage, NMC, NME } from './block.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'CheckOutboundCallStatus',
  label: 'Check call progress',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-checkoutboundcallstatus'),
  service: 'Amazon Connect outbound campaigns (answering machine detection)',
  parameters: z.object({}).strict(),
  flowTypes: ['CAMPAIGN', 'CONTACT_FLOW', 'OUTBOUND_WHISPER', 'MODULE'],
  conditionOperands: ['CallAnswered', 'VoicemailBeep', 'VoicemailNoBeep', 'NotDetected'],
  errors: [NMC, NME],
});
