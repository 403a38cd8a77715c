/** Resume contact (contact-actions-resumecontact): resumes a paused task. Stand-in: resumed. */
import { z } from 'zod';
import { awsPage } from './block.ts';
import { ALL } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'ResumeContact',
  label: 'Resume contact',
  category: 'contact',
  docs: awsPage('contact-actions-resumecontact'),
  service: 'Amazon Connect Tasks',
  parameters: z.object({}).strict(),
  flowTypes: ALL,
});
