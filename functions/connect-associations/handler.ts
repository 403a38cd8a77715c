/**
 * CloudFormation custom resources (Provider framework onEvent) for Connect associations CloudFormation
 * lacks: phone number ↔ contact flow, and queue ↔ quick connects.
 */
import {
  AssociatePhoneNumberContactFlowCommand,
  AssociateQueueQuickConnectsCommand,
  ConnectClient,
  DisassociatePhoneNumberContactFlowCommand,
  DisassociateQueueQuickConnectsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  type AssociationProperties,
  planAssociation,
  planQueueQuickConnects,
  type QueueQuickConnectsProperties,
} from '#shared/domain/telephony/connect-associations.ts';
import { createHandlerLogger, loggedHandler } from '#shared/middleware/logging.ts';

// No log lines of its own: the shared chain logs a failure (redacted) with CloudFormation's RequestId.
const logger = createHandlerLogger('connect-associations');

// Adaptive retries: Connect allows ~2 requests/s per API and account; deploys create many resources at once.
const connect = new ConnectClient({ retryMode: 'adaptive', maxAttempts: 10 });

/** Deleting what is already gone (number released, queue deleted) is success. */
async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
}

export const handler = loggedHandler(logger, async (event: CloudFormationCustomResourceEvent) => {
  if (event.ResourceType === 'Custom::QueueQuickConnects') {
    const old =
      event.RequestType === 'Update'
        ? (event.OldResourceProperties as unknown as Partial<QueueQuickConnectsProperties>)
        : undefined;
    const plan = planQueueQuickConnects(
      event.RequestType,
      event.ResourceProperties as unknown as Partial<QueueQuickConnectsProperties>,
      old,
    );
    for (const s of plan.steps) {
      const input = { InstanceId: s.instanceId, QueueId: s.queueId, QuickConnectIds: s.quickConnectIds };
      if (s.kind === 'associate') await connect.send(new AssociateQueueQuickConnectsCommand(input));
      else await ignoreNotFound(connect.send(new DisassociateQueueQuickConnectsCommand(input)));
    }
    return { PhysicalResourceId: plan.physicalResourceId };
  }
  const { physicalResourceId, step } = planAssociation(
    event.RequestType,
    event.ResourceProperties as unknown as Partial<AssociationProperties>,
  );
  if (step.kind === 'associate') {
    await connect.send(
      new AssociatePhoneNumberContactFlowCommand({
        InstanceId: step.instanceId,
        PhoneNumberId: step.phoneNumberId,
        ContactFlowId: step.contactFlowId,
      }),
    );
  } else {
    await ignoreNotFound(
      connect.send(
        new DisassociatePhoneNumberContactFlowCommand({
          InstanceId: step.instanceId,
          PhoneNumberId: step.phoneNumberId,
        }),
      ),
    );
  }
  return { PhysicalResourceId: physicalResourceId };
});
