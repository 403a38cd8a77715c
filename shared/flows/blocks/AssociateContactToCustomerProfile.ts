/** Customer profiles (interactions-associatecontacttocustomerprofile): associate contact. Stand-in: associated. */
import { z } from 'zod';
import { awsPage, NME } from './block.ts';
import { ALL, opaque } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'AssociateContactToCustomerProfile',
  label: 'Customer profiles (associate contact)',
  category: 'interaction',
  docs: awsPage('interactions-associatecontacttocustomerprofile'),
  service: 'Amazon Connect Customer Profiles',
  parameters: z
    .object({ ProfileRequestData: opaque, ProfileResponseData: z.array(z.string()).optional() })
    .strict(),
  flowTypes: ALL,
  errors: ['NoneFoundError', NME],
  houseErrors: [NME],
  stores: { namespace: 'Customer', fieldsFrom: 'ProfileResponseData', fields: ['ProfileId', 'ProfileARN'] },
});
