/**
 * One custom-resource provider for the Connect associations CloudFormation cannot express: a phone number
 * answered by a flow (`AssociatePhoneNumberContactFlow`) and the quick connects agents see on a queue
 * (`AssociateQueueQuickConnects`). The handler (functions/connect-associations) is idempotent and uses
 * adaptive retries; deletes disassociate.
 */
import { type CfnElement, CustomResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ConnectFunction } from './connect-function.ts';
import type { ConnectInstance } from './connect-instance.ts';
import { acknowledgeWildcards, nagRef } from './nag.ts';

export interface ConnectAssociationsProps {
  readonly instance: ConnectInstance;
  /**
   * ARNs of the phone numbers the handler may associate with flows (the stack's claimed numbers): named,
   * never `phone-number/*` account-wide.
   */
  readonly phoneNumberArns: readonly string[];
}

export class ConnectAssociations extends Construct {
  private readonly instance: ConnectInstance;
  private readonly handler: ConnectFunction;
  private readonly provider: cr.Provider;
  private previous?: CustomResource;

  constructor(scope: Construct, id: string, props: ConnectAssociationsProps) {
    super(scope, id);
    this.instance = props.instance;
    this.handler = new ConnectFunction(this, 'Handler', {
      name: 'connect-associations',
      description: 'Connect associations CloudFormation lacks: phone number ↔ flow, queue ↔ quick connects',
      timeout: Duration.minutes(5),
      memorySize: 256,
    });
    const instanceArn = props.instance.instanceArn;
    if (props.phoneNumberArns.length > 0) {
      this.handler.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['connect:AssociatePhoneNumberContactFlow', 'connect:DisassociatePhoneNumberContactFlow'],
          // Claimed numbers have their own ARNs (arn:…:phone-number/<id>): exactly this stack's numbers. Flows
          // live under the instance. (A number dropped from the config keeps its association: its removal is
          // refused once the policy no longer names it, and the number itself is retained.)
          resources: [`${instanceArn}/contact-flow/*`, ...props.phoneNumberArns],
        }),
      );
    }
    this.handler.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:AssociateQueueQuickConnects', 'connect:DisassociateQueueQuickConnects'],
        resources: [`${instanceArn}/queue/*`, `${instanceArn}/transfer-destination/*`],
      }),
    );
    const instanceRef = props.instance.cfnInstance ? nagRef(props.instance.cfnInstance) : instanceArn;
    acknowledgeWildcards(
      this.handler,
      [
        `Resource::${instanceRef}/contact-flow/*`,
        `Resource::${instanceRef}/queue/*`,
        `Resource::${instanceRef}/transfer-destination/*`,
      ],
      'Connect authorizes association calls on flow, queue and quick-connect ARNs under this instance, resolved when the flows are created; each pattern is limited to this instance (phone numbers are named).',
    );

    const frameworkLogs = new logs.LogGroup(this, 'ProviderLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const frameworkRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Santral custom-resource provider framework',
    });
    frameworkLogs.grantWrite(frameworkRole);
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler.fn,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });
    acknowledgeWildcards(
      frameworkRole,
      [`Resource::${nagRef(this.handler.fn.node.defaultChild as CfnElement)}:*`],
      'The CDK provider framework invokes the handler by qualified ARN (<function>:*, i.e. its versions) only.',
    );
    Validations.of(this.provider).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The provider framework function is created by aws-cdk-lib with the runtime it pins; our own handler runs the newest runtime.',
    });
  }

  private create(id: string, resourceType: string, properties: Record<string, unknown>): CustomResource {
    const res = new CustomResource(this, id, {
      serviceToken: this.provider.serviceToken,
      resourceType,
      properties,
    });
    // One call at a time: Connect's APIs allow ~2 requests/s per account.
    if (this.previous) res.node.addDependency(this.previous);
    this.previous = res;
    return res;
  }

  phoneNumberFlow(id: string, phoneNumberArn: string, contactFlowArn: string): CustomResource {
    return this.create(id, 'Custom::PhoneNumberContactFlow', {
      InstanceArn: this.instance.instanceArn,
      PhoneNumberArn: phoneNumberArn,
      ContactFlowArn: contactFlowArn,
    });
  }

  queueQuickConnects(id: string, queueArn: string, quickConnectArns: string[]): CustomResource {
    return this.create(id, 'Custom::QueueQuickConnects', {
      InstanceArn: this.instance.instanceArn,
      QueueArn: queueArn,
      QuickConnectArns: quickConnectArns,
    });
  }
}
