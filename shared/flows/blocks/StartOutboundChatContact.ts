/** Send message (contact-actions-startoutboundchatcontact): SMS/chat to the customer. Stand-in: sent. */
import { z } from 'zod';
import { awsPage } from './block.ts';
import { ALL, opaque } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'StartOutboundChatContact',
  label: 'Send message',
  category: 'contact',
  docs: awsPage('contact-actions-startoutboundchatcontact'),
  service: 'Amazon Connect outbound chat / SMS (End User Messaging)',
  parameters: z
    .object({
      SourceEndpoint: opaque.optional(),
      DestinationEndpoint: opaque.optional(),
      InitialSystemMessage: opaque.optional(),
      ContactFlowId: z.string().optional(),
      Attributes: opaque.optional(),
      ChatDurationInMinutes: opaque.optional(),
      TemplateId: z.string().optional(),
    })
    .strict(),
  flowTypes: ALL,
});
