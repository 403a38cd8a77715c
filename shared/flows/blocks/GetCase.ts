/** Cases (getcase): finds a case by fields; `$.Case.<field>`. Stand-in: one case found. */
import { z } from 'zod';
import { awsPage, NME } from './block.ts';
import { bool, INTERACTIVE, stringMap } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'GetCase',
  label: 'Cases (get)',
  category: 'contact',
  docs: awsPage('getcase'),
  service: 'Amazon Connect Cases',
  parameters: z
    .object({
      LinkContactToCase: bool.optional(),
      GetLastUpdatedCase: bool.optional(),
      CaseResponseFields: z.array(z.string()).optional(),
      CaseRequestFields: stringMap.optional(),
    })
    .strict(),
  flowTypes: INTERACTIVE,
  errors: ['ContactNotLinked', 'MultipleFound', 'NoneFound', NME],
  houseErrors: [NME],
  stores: { namespace: 'Case', fieldsFrom: 'CaseResponseFields' },
});
