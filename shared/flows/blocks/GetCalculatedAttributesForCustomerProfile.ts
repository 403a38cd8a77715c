/** Customer profiles (interactions-getcalculatedattributesforcustomerprofile): get calculated attributes. Stand-in: found. */
import { z } from 'zod';
import { awsPage, NME } from './block.ts';
import { ALL, opaque } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'GetCalculatedAttributesForCustomerProfile',
  label: 'Customer profiles (get calculated attributes)',
  category: 'interaction',
  docs: awsPage('interactions-getcalculatedattributesforcustomerprofile'),
  service: 'Amazon Connect Customer Profiles',
  parameters: z
    .object({ ProfileRequestData: opaque, ProfileResponseData: z.array(z.string()).optional() })
    .strict(),
  flowTypes: ALL,
  errors: ['NoneFoundError', NME],
  houseErrors: [NME],
  stores: { namespace: 'Customer', fieldsFrom: 'ProfileResponseData', fields: ['ProfileId', 'ProfileARN'] },
});
