/** Customer profiles (interactions-getcustomerprofileobject): get profile object. Stand-in: one object found. */
import { z } from 'zod';
import { awsPage, NME } from './block.ts';
import { ALL, opaque } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'GetCustomerProfileObject',
  label: 'Customer profiles (get profile object)',
  category: 'interaction',
  docs: awsPage('interactions-getcustomerprofileobject'),
  service: 'Amazon Connect Customer Profiles',
  parameters: z
    .object({
      ProfileRequestData: opaque,
      ProfileResponseData: z.array(z.string()).optional(),
      ObjectType: z.string().optional(),
    })
    .strict(),
  flowTypes: ALL,
  errors: ['MultipleFoundError', 'NoneFoundError', NME],
  houseErrors: [NME],
  stores: { namespace: 'Customer', fieldsFrom: 'ProfileResponseData', fields: ['ProfileId', 'ProfileARN'] },
});
