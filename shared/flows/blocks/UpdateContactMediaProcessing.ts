/** Set media processing (contact-actions-updatecontactmediaprocessing): chat message processors. Stand-in: set. */
import { z } from 'zod';
import { awsPage } from './block.ts';
import { ALL, opaque } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'UpdateContactMediaProcessing',
  label: 'Set media processing',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontactmediaprocessing'),
  service: 'Amazon Connect message processing',
  parameters: z.object({ ChatProcessor: opaque.optional(), MediaProcessing: opaque.optional() }).strict(),
  flowTypes: ALL,
});
