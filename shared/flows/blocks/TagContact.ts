/** Contact tags (contact-actions-tagcontact): user-defined tags on the contact (up to 6). */
import { z } from 'zod';
import { awsPage, defineBlock } from './block.ts';
import { ALL, stringMap } from './params.ts';

export default defineBlock({
  type: 'TagContact',
  label: 'Contact tags',
  category: 'contact',
  docs: awsPage('contact-actions-tagcontact'),
  parameters: z.object({ Tags: stringMap }).strict(),
  flowTypes: ALL,
  branches: { success: 'next' },
  describe: (p) => `Tag ${Object.keys((p['Tags'] as object) ?? {}).join(', ')}`,
  run(rt, action) {
    for (const [k, v] of Object.entries((action.Parameters?.['Tags'] ?? {}) as Record<string, unknown>))
      rt.contact.tags[k] = rt.value(v) ?? '';
    return { kind: 'success' };
  },
});
