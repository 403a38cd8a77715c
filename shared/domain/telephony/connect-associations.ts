/**
 * Custom resources for Connect associations CloudFormation cannot express. The first attaches a claimed phone number to the flow that answers it
 * (`AWS::Connect::PhoneNumber` cannot). Pure planning here; the handler performs the plan with a Connect
 * client using adaptive retries. Associating is idempotent in Connect (re-associating the same pair is a
 * no-op), so CloudFormation retries and re-deploys are safe.
 */
export interface AssociationProperties {
  InstanceArn: string;
  PhoneNumberArn: string;
  ContactFlowArn: string;
}

export type CustomResourceRequestType = 'Create' | 'Update' | 'Delete';

export type AssociationStep =
  | { kind: 'associate'; instanceId: string; phoneNumberId: string; contactFlowId: string }
  | { kind: 'disassociate'; instanceId: string; phoneNumberId: string };

export class InvalidAssociationPropertiesError extends Error {
  override name = 'InvalidAssociationPropertiesError';
}

const lastSegment = (arn: string, what: string, marker: string) => {
  const idx = arn.lastIndexOf(marker);
  const id = idx >= 0 ? arn.slice(idx + marker.length) : '';
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw new InvalidAssociationPropertiesError(
      `${what}: expected an ARN ending in "${marker}<uuid>", got "${arn}"`,
    );
  }
  return id;
};

export function parseAssociation(p: Partial<AssociationProperties>) {
  if (!p.InstanceArn || !p.PhoneNumberArn || !p.ContactFlowArn) {
    throw new InvalidAssociationPropertiesError(
      'InstanceArn, PhoneNumberArn and ContactFlowArn are required',
    );
  }
  return {
    instanceId: lastSegment(p.InstanceArn, 'InstanceArn', 'instance/'),
    phoneNumberId: lastSegment(p.PhoneNumberArn, 'PhoneNumberArn', 'phone-number/'),
    contactFlowId: lastSegment(p.ContactFlowArn, 'ContactFlowArn', 'contact-flow/'),
  };
}

/**
 * The steps for one CloudFormation request. The physical id is the (instance, number) pair: moving a
 * number to another flow is an in-place update (associate overrides), while a different number gets a new
 * physical id, so CloudFormation itself sends a Delete (→ disassociate) for the old one.
 */
export function planAssociation(
  requestType: CustomResourceRequestType,
  props: Partial<AssociationProperties>,
): { physicalResourceId: string; step: AssociationStep } {
  const cur = parseAssociation(props);
  const physicalResourceId = `${cur.instanceId}/${cur.phoneNumberId}`;
  if (requestType === 'Delete') {
    return {
      physicalResourceId,
      step: { kind: 'disassociate', instanceId: cur.instanceId, phoneNumberId: cur.phoneNumberId },
    };
  }
  return { physicalResourceId, step: { kind: 'associate', ...cur } };
}

/** Quick connects shown to agents on a queue (`AWS::Connect::Queue` cannot hold them without a cycle). */
export interface QueueQuickConnectsProperties {
  InstanceArn: string;
  QueueArn: string;
  QuickConnectArns: string[];
}

export type QueueQuickConnectsStep =
  | { kind: 'associate'; instanceId: string; queueId: string; quickConnectIds: string[] }
  | { kind: 'disassociate'; instanceId: string; queueId: string; quickConnectIds: string[] };

// Quick connect ARNs end in transfer-destination/<id>.
const quickConnectId = (arn: string) => lastSegment(arn, 'QuickConnectArns[]', 'transfer-destination/');

export function planQueueQuickConnects(
  requestType: CustomResourceRequestType,
  props: Partial<QueueQuickConnectsProperties>,
  oldProps?: Partial<QueueQuickConnectsProperties>,
): { physicalResourceId: string; steps: QueueQuickConnectsStep[] } {
  if (!props.InstanceArn || !props.QueueArn || !Array.isArray(props.QuickConnectArns)) {
    throw new InvalidAssociationPropertiesError('InstanceArn, QueueArn and QuickConnectArns are required');
  }
  const instanceId = lastSegment(props.InstanceArn, 'InstanceArn', 'instance/');
  const queueId = lastSegment(props.QueueArn, 'QueueArn', 'queue/');
  const ids = props.QuickConnectArns.map(quickConnectId);
  const physicalResourceId = `${instanceId}/${queueId}/quick-connects`;
  if (requestType === 'Delete') {
    return {
      physicalResourceId,
      steps: ids.length ? [{ kind: 'disassociate', instanceId, queueId, quickConnectIds: ids }] : [],
    };
  }
  const oldIds =
    requestType === 'Update' && Array.isArray(oldProps?.QuickConnectArns)
      ? oldProps.QuickConnectArns.map(quickConnectId)
      : [];
  const removed = oldIds.filter((i) => !ids.includes(i));
  const steps: QueueQuickConnectsStep[] = [];
  if (removed.length) steps.push({ kind: 'disassociate', instanceId, queueId, quickConnectIds: removed });
  // Associating already-associated quick connects is accepted by Connect, so the whole list is re-sent.
  if (ids.length) steps.push({ kind: 'associate', instanceId, queueId, quickConnectIds: ids });
  return { physicalResourceId, steps };
}
