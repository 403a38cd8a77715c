/** Customer profiles (interactions-createcustomerprofile): create profile. Stand-in: created. */
import { z } from 'zod';
import { awsPage, NME } from './block.ts';
import { ALL, opaque } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'CreateCustomerProfile',
  label: 'Customer profiles (create profile)',
  category: 'interaction',
  docs: awsPage('interactions-createcustomerprofile'),
  service: 'Amazon Connect Customer Profiles',
  parameters: z
    .object({ ProfileRequestData: opaque, ProfileResponseData: z.array(z.string()).optional() })
    .strict(),
  flowTypes: ALL,
  errors: [NME],
  houseErrors: [NME],
  stores: { namespace: 'Customer', fieldsFrom: 'ProfileResponseData', fields: ['ProfileId', 'ProfileARN'] },
});
