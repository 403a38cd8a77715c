/** The newer name of the recording block (contact-actions-updatecontactrecordingandanalyticsbehavior). */
import { awsPage, defineBlock } from './block.ts';
import { recordingFlowTypes, recordingParameters } from './UpdateContactRecordingBehavior.ts';

export default defineBlock({
  type: 'UpdateContactRecordingAndAnalyticsBehavior',
  label: 'Set recording, analytics and processing behavior',
  category: 'contact',
  docs: awsPage('contact-actions-updatecontactrecordingandanalyticsbehavior'),
  parameters: recordingParameters,
  flowTypes: recordingFlowTypes,
  branches: { success: 'next', errors: [] },
  run(rt) {
    rt.event('setting', 'recording behaviour updated');
    return { kind: 'success' };
  },
});
