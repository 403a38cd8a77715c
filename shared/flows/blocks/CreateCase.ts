/** Cases (createcase): creates a case from a template, optionally linked to the contact. Stand-in: created. */
import { z } from 'zod';
import { awsPage, NME } from './block.ts';
import { bool, INTERACTIVE, stringMap, text } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'CreateCase',
  label: 'Cases (create)',
  category: 'contact',
  docs: awsPage('createcase'),
  service: 'Amazon Connect Cases',
  parameters: z
    .object({
      LinkContactToCase: bool.optional(),
      CaseTemplateId: text,
      CaseRequestFields: stringMap.optional(),
    })
    .strict(),
  flowTypes: INTERACTIVE,
  errors: ['ContactNotLinked', NME],
  houseErrors: [NME],
  stores: { namespace: 'Case', fields: ['case_id'] },
});
