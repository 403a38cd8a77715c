/**
 * Precise cdk-nag acknowledgements. cdk-nag 3 reports each wildcard (IAM5) as its own finding, e.g.
 * `AwsSolutions-IAM5[Resource::<TableLogicalId.Arn>/index/*]`; acknowledging the exact finding keeps any new
 * wildcard visible. Every acknowledgement carries the true reason it is acceptable.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** `<LogicalId.Attr>`: how cdk-nag prints a GetAtt inside a finding. */
export function nagRef(element: CfnElement, attribute = 'Arn'): string {
  const stack = Stack.of(element);
  return `<${stack.resolve(stack.getLogicalId(element))}.${attribute}>`;
}

/** Acknowledge specific IAM5 wildcard findings (`Resource::…` or `Action::…` strings) on a construct. */
export function acknowledgeWildcards(scope: IConstruct, findings: string[], reason: string): void {
  for (const f of findings) Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${f}]`, reason });
}
