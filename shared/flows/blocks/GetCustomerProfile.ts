/** Customer profiles (interactions-getcustomerprofile): get profile. Stand-in: one profile found. */
import { z } from 'zod';
import { awsPage, NME } from './block.ts';
import { ALL, opaque } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'GetCustomerProfile',
  label: 'Customer profiles (get profile)',
  category: 'interaction',
  docs: awsPage('interactions-getcustomerprofile'),
  service: 'Amazon Connect Customer Profiles',
  parameters: z
    .object({ ProfileRequestData: opaque, ProfileResponseData: z.array(z.string()).optional() })
    .strict(),
  flowTypes: ALL,
  errors: ['MultipleFoundError', 'NoneFoundError', NME],
  houseErrors: [NME],
  stores: { namespace: 'Customer', fieldsFrom: 'ProfileResponseData', fields: ['ProfileId', 'ProfileARN'] },
});
