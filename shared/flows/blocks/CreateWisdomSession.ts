/** Amazon Q in Connect (createwisdomsession): creates a session; `$.Wisdom.SessionArn`. Stand-in: created. */
import { z } from 'zod';
import { awsPage } from './block.ts';
import { ALL, text } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'CreateWisdomSession',
  label: 'Amazon Q in Connect',
  category: 'contact',
  docs: awsPage('createwisdomsession'),
  service: 'Amazon Q in Connect (Wisdom)',
  parameters: z.object({ WisdomAssistantArn: text }).strict(),
  flowTypes: ALL,
  stores: { namespace: 'Wisdom', fields: ['SessionArn'] },
});
