/**
 * ContactFlows: one AWS::Connect::ContactFlow per file in contact-flows/, with every `${Kind:name}` resolved
 * to the deployed resource. The validator runs first; any error fails synth with the validator's message
 * (`file › action Identifier (Type): …`). Flows are created in reference order (a flow referencing
 * `${Flow:x}` is created after x); a reference cycle fails synth naming the cycle.
 *
 * Resolution:
 * - `${Queue:…}`, `${Hours:…}`, `${QuickConnect:…}` → the Routing construct; `${PhoneNumber:…}` → Telephony;
 * - `${Lambda:name}` → the ConnectFunction named `name` anywhere in the stack (its integration association
 *   becomes a dependency: publishing a flow checks that its Lambdas are associated with the instance);
 * - `${Prompt:name}` → a CfnPrompt for prompts with `s3Uri`; otherwise a prompt already in the instance's
 *   library, found at deploy time by SearchPrompts on `instancePrompt` (default: the prompt's own name),
 *   e.g. Connect's default "CustomerQueue.wav";
 * - `${Flow:name}` → the other flow's ARN;
 * - `${Module:name}` → a flow module: a file of wrapper type MODULE, deployed as AWS::Connect::ContactFlowModule
 *   (CreateContactFlowModule: modules live apart from flows) before the flows that invoke it, and referenced
 *   by its ARN (InvokeFlowModule.FlowModuleId).
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { FLOWS_DIR, REPO_ROOT } from '#shared/config/load.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { crossCheckConfigAndFlows } from '#shared/flows/config-crosscheck.ts';
import { hoursText } from '#shared/flows/hours-text.ts';
import { layoutFlow } from '#shared/flows/layout.ts';
import { type FlowFile, type LoadedFlow, loadAllFlows } from '#shared/flows/model.ts';
import { type ReferenceKind, referencedNames, resolveReferences } from '#shared/flows/references.ts';
import {
  FlowValidationError,
  flowValidationContext,
  hasErrors,
  validateFlows,
} from '#shared/flows/validator.ts';
import { ConnectFunction } from './connect-function.ts';
import type { ConnectInstance } from './connect-instance.ts';
import { pascal } from './data-stores.ts';
import { acknowledgeWildcards, nagRef } from './nag.ts';
import type { Routing } from './routing.ts';
import type { Telephony } from './telephony.ts';

export interface ContactFlowsProps {
  config: ContactCenterConfig;
  instance: ConnectInstance;
  routing: Routing;
  telephony?: Telephony;
  /** Folder of flow files (default: contact-flows/). */
  flowsDir?: string;
  /** Folder of Lambda handlers, for the validator's `${Lambda:…}` check (default: functions/). */
  functionsDir?: string;
  /**
   * ARNs of Lambdas deployed outside this stack, by name; consulted only when no ConnectFunction of that
   * name is in the stack (such a function must already be associated with the instance).
   */
  externalLambdaArn?: (name: string) => string | undefined;
}

export class FlowCycleError extends Error {
  override name = 'FlowCycleError';
  constructor(readonly cycle: readonly string[]) {
    super(
      `contact flows reference each other in a cycle: ${cycle.join(' → ')}. Break it: pass the flow through a contact attribute (TransferToFlow with $.Attributes.…) instead of a \${Flow:…} reference`,
    );
  }
}

/**
 * Flows in creation order: each after the flows it references. Throws FlowCycleError with the cycle's
 * names. Unknown `${Flow:…}` targets are the validator's business and are ignored here.
 */
export function flowCreationOrder<T extends Pick<FlowFile, 'name' | 'content'>>(flows: readonly T[]): T[] {
  const byName = new Map(flows.map((f) => [f.name, f]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: T[] = [];
  const visit = (name: string, path: string[]) => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') throw new FlowCycleError([...path.slice(path.indexOf(name)), name]);
    state.set(name, 'visiting');
    const flow = byName.get(name)!;
    for (const dep of [...referencedNames(flow.content, 'Flow'), ...referencedNames(flow.content, 'Module')])
      if (byName.has(dep)) visit(dep, [...path, name]);
    state.set(name, 'done');
    order.push(flow);
  };
  for (const f of [...flows].sort((a, b) => a.name.localeCompare(b.name))) visit(f.name, []);
  return order;
}

/** Any `${Kind:name}` left in a string: nothing of the kind may reach a template. */
export const UNRESOLVED_PLACEHOLDER = /\$\{[A-Za-z]+:[^{}]+\}/;

export class ContactFlows extends Construct {
  readonly flows = new Map<string, connect.CfnContactFlow>();
  readonly modules = new Map<string, connect.CfnContactFlowModule>();
  readonly prompts = new Map<string, string>();
  private readonly props: ContactFlowsProps;

  constructor(scope: Construct, id: string, props: ContactFlowsProps) {
    super(scope, id);
    this.props = props;
    const { config, instance } = props;
    const files: LoadedFlow[] = loadAllFlows(props.flowsDir ?? FLOWS_DIR);

    const context = flowValidationContext(config, files, props.functionsDir ?? `${REPO_ROOT}/functions`);
    const issues = [...validateFlows(files, context), ...crossCheckConfigAndFlows(config, files)];
    if (hasErrors(issues)) throw new FlowValidationError(issues);

    const functions = ConnectFunction.allIn(this);
    for (const file of flowCreationOrder(files)) {
      const lambdas = new Set<ConnectFunction>();
      const resolver = (kind: ReferenceKind, name: string): string => {
        switch (kind) {
          case 'Queue':
            return props.routing.queueArn(name);
          case 'Hours':
            return props.routing.hoursArn(name);
          case 'QuickConnect':
            return props.routing.quickConnectArn(name);
          case 'PhoneNumber':
            if (!props.telephony) throw new Error('no Telephony construct given to ContactFlows');
            return props.telephony.phoneNumberArn(name);
          case 'Prompt':
            return this.promptArn(name);
          case 'Flow':
            return this.flowArn(name);
          case 'Lambda': {
            const fn = functions.get(name);
            const external = fn ? undefined : props.externalLambdaArn?.(name);
            if (external) return external;
            if (!fn)
              throw new Error(
                `no ConnectFunction named "${name}" in the stack (defined: ${[...functions.keys()].join(', ') || 'none'})`,
              );
            lambdas.add(fn);
            return fn.fn.functionArn;
          }
          case 'Module':
            return this.moduleArn(name);
          case 'HoursText':
            return hoursText(config, name);
        }
      };
      // Designer positions (layout.ts): saved ones kept, the rest laid out, so the flow opens readable.
      const content = JSON.stringify(resolveReferences(layoutFlow(file).content, resolver, file.name));
      if (UNRESOLVED_PLACEHOLDER.test(content))
        throw new Error(`${file.file}: a \${Kind:name} placeholder survived resolution`);
      if (file.type === 'MODULE') {
        const module = new connect.CfnContactFlowModule(this, `Module${pascal(file.name)}`, {
          instanceArn: instance.instanceArn,
          name: file.name,
          description: file.description.slice(0, 500) || file.name,
          content,
          state: 'ACTIVE',
        });
        for (const fn of lambdas) if (fn.integration) module.node.addDependency(fn.integration);
        module.node.addDependency(instance.lastStorageConfig);
        this.modules.set(file.name, module);
        continue;
      }
      const flow = new connect.CfnContactFlow(this, `Flow${pascal(file.name)}`, {
        instanceArn: instance.instanceArn,
        name: file.name,
        type: file.type,
        description: file.description.slice(0, 500) || file.name,
        content,
        state: 'ACTIVE',
      });
      // Publishing validates the Lambdas are associated with the instance: create the associations first.
      for (const fn of lambdas) if (fn.integration) flow.node.addDependency(fn.integration);
      flow.node.addDependency(instance.lastStorageConfig);
      this.flows.set(file.name, flow);
    }
  }

  /** The ARN of a deployed flow, by file name. */
  flowArn(name: string): string {
    const f = this.flows.get(name);
    if (!f)
      throw new Error(
        `unknown flow "${name}"; defined in contact-flows/: ${[...this.flows.keys()].join(', ')}`,
      );
    return f.attrContactFlowArn;
  }

  /** The ARN of a deployed flow module, by file name. */
  moduleArn(name: string): string {
    const m = this.modules.get(name);
    if (!m)
      throw new Error(
        `unknown flow module "${name}"; modules in contact-flows/: ${[...this.modules.keys()].join(', ') || 'none'}`,
      );
    return m.attrContactFlowModuleArn;
  }

  /** The ARN of a prompt from config: created from S3, or looked up in the instance's library. */
  promptArn(name: string): string {
    const cached = this.prompts.get(name);
    if (cached) return cached;
    const { config, instance } = this.props;
    const prompt = config.prompts.find((p) => p.name === name);
    if (!prompt)
      throw new Error(
        `unknown prompt "${name}"; defined: ${config.prompts.map((p) => p.name).join(', ') || 'none'}`,
      );
    let arn: string;
    if (prompt.s3Uri) {
      const res = new connect.CfnPrompt(this, `Prompt${pascal(name)}`, {
        instanceArn: instance.instanceArn,
        name,
        s3Uri: prompt.s3Uri,
        description: prompt.description ?? name,
      });
      arn = res.attrPromptArn;
    } else {
      const libraryName = prompt.instancePrompt ?? name;
      const call: cr.AwsSdkCall = {
        service: 'Connect',
        action: 'searchPrompts',
        parameters: {
          InstanceId: instance.instanceArn,
          MaxResults: 1,
          SearchCriteria: {
            StringCondition: { FieldName: 'name', Value: libraryName, ComparisonType: 'EXACT' },
          },
        },
        physicalResourceId: cr.PhysicalResourceId.of(`prompt:${libraryName}`),
        outputPaths: ['Prompts.0.PromptARN'],
      };
      const lookup = new cr.AwsCustomResource(this, `PromptLookup${pascal(name)}`, {
        onCreate: call,
        onUpdate: call,
        installLatestAwsSdk: false,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: ['connect:SearchPrompts'],
            resources: [instance.instanceArn, `${instance.instanceArn}/prompt/*`],
          }),
        ]),
      });
      lookup.node.addDependency(instance.lastStorageConfig);
      arn = lookup.getResponseField('Prompts.0.PromptARN');
      acknowledgePromptLookup(lookup, instance);
    }
    this.prompts.set(name, arn);
    return arn;
  }
}

/**
 * cdk-nag findings of aws-cdk-lib's AwsCustomResource (the lookup's policy and the stack-wide singleton
 * function that makes the SDK call), acknowledged on exactly those constructs with the true reason.
 */
function acknowledgePromptLookup(lookup: cr.AwsCustomResource, instance: ConnectInstance): void {
  const instanceRef = instance.cfnInstance ? nagRef(instance.cfnInstance) : instance.instanceArn;
  acknowledgeWildcards(
    lookup,
    [`Resource::${instanceRef}/prompt/*`],
    'SearchPrompts is authorized on prompt ARNs of this instance only; the prompt id is what the lookup finds.',
  );
  const singleton = Stack.of(lookup).node.tryFindChild(AWS_CUSTOM_RESOURCE_SINGLETON);
  if (!singleton) return;
  Validations.of(singleton).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'aws-cdk-lib’s AwsCustomResource singleton: the managed basic execution role only lets it write its own logs.',
    },
    {
      id: 'AwsSolutions-L1',
      reason:
        'The AwsCustomResource singleton’s runtime is pinned by aws-cdk-lib; it makes one Connect SDK call.',
    },
  );
}

/** The construct id aws-cdk-lib gives AwsCustomResource's singleton Lambda (stable across versions). */
const AWS_CUSTOM_RESOURCE_SINGLETON = 'AWS679f53fac002430cb0da5b7982bd2287';
