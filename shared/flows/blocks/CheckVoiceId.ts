/**
 * Check Voice ID (flow-control-actions-checkvoiceid): branches on the authentication, fraud or speaker status.
 * Stand-in: Authenticated (configure e.g. `standIns: { CheckVoiceId: 'NotEnrolled' }`).
 */
import { z } from 'zod';
import { awsPage, NMC, NME } from './block.ts';
import { INTERACTIVE, text } from './params.ts';
import { serviceBlock } from './serviceBlock.ts';

export default serviceBlock({
  type: 'CheckVoiceId',
  label: 'Check Voice ID',
  category: 'flow-control',
  docs: awsPage('flow-control-actions-checkvoiceid'),
  service: 'Amazon Connect Voice ID',
  parameters: z.object({ CheckVoiceIdOption: text }).strict(),
  flowTypes: INTERACTIVE,
  conditionOperands: [
    'Authenticated',
    'NotAuthenticated',
    'Inconclusive',
    'NotEnrolled',
    'OptedOut',
    'HighRisk',
    'LowRisk',
    'EnrollmentPending',
    'Enrolled',
    'NotOptedOut',
    'KnownFraudsterDetected',
    'NoRiskDetected',
    'VoiceSpoofingDetected',
  ],
  errors: [NMC, NME],
  houseErrors: [NME],
  stores: { namespace: 'VoiceId', fields: ['AuthenticationStatus'] },
});
