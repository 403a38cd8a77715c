/** Remove contact tags (contact-actions-untagcontact). */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL } from './params.ts';

export default defineBlock({
  type: 'UnTagContact',
  label: 'Contact tags (remove)',
  category: 'contact',
  docs: awsPage('contact-actions-untagcontact'),
  parameters: z.object({ TagKeys: z.array(z.string()) }).strict(),
  flowTypes: ALL,
  branches: { success: 'next' },
  run(rt, action) {
    for (const k of (action.Parameters?.['TagKeys'] ?? []) as string[]) delete rt.contact.tags[k];
    return { kind: 'success' };
  },
});
