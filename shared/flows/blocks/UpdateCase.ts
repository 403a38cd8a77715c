/** Cases (updatecase): updates fields of the linked case. Stand-in: updated. */
import { z } from 'zod';
import { awsPage, NME } from './block.ts';
import { bool, INTERACTIVE, stringMap } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'UpdateCase',
  label: 'Cases (update)',
  category: 'contact',
  docs: awsPage('updatecase'),
  service: 'Amazon Connect Cases',
  parameters: z
    .object({
      LinkContactToCase: bool.optional(),
      CaseId: z.string().optional(),
      CaseRequestFields: stringMap.optional(),
    })
    .strict(),
  flowTypes: INTERACTIVE,
  errors: ['ContactNotLinked', NME],
  houseErrors: [NME],
});
