/** Set contact attributes (contact-actions-updatecontactattributes): `$.Attributes.<key>`; a missing value deletes. */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL, stringMap } from './params.ts';

export default defineBlock({
  type: 'UpdateContactAttributes',
  label: 'Set contact attributes',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontactattributes'),
  parameters: z
    .object({ Attributes: stringMap, TargetContact: z.enum(['Current', 'Related']).optional() })
    .strict(),
  flowTypes: ALL,
  branches: { success: 'next' },
  describe: (p) => `Set ${Object.keys((p['Attributes'] as object) ?? {}).join(', ')}`,
  run(rt, action) {
    for (const [k, v] of Object.entries(
      (action.Parameters?.['Attributes'] ?? {}) as Record<string, unknown>,
    )) {
      const value = rt.value(v);
      if (value === undefined) delete rt.contact.attributes[k];
      else rt.contact.attributes[k] = value;
    }
    return { kind: 'success' };
  },
});
