/**
 * ContactFlows at synth: references resolved to the deployed resources, creation order, validator errors
 * failing synth with the validator's message. Built on a small stack of the lead's constructs (instance,
 * routing, telephony) so it does not depend on which Lambdas other capabilities have wired yet.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { inputErrorMessage } from '#infra/app.ts';
import { ConnectAssociations } from '#infra/constructs/connect-associations.ts';
import { ContactFlows, FlowCycleError, flowCreationOrder } from '#infra/constructs/contact-flows.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { type FlowFile, formatFlowFile, loadAllFlows } from '#shared/flows/model.ts';
import { FlowValidationError } from '#shared/flows/validator.ts';
import { buildFoundation } from '../../support/foundation.ts';

const config = () => structuredClone(loadStageConfig('dev')) as ContactCenterConfig;

function build(options: { flowsDir?: string; external?: boolean; cfg?: ContactCenterConfig } = {}) {
  const cfg = options.cfg ?? config();
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'FlowsTest', { env: { region: cfg.region } });
  const { instance, telephony, routing } = buildFoundation(stack, cfg);
  // Creates the ConnectFunction "connect-associations": a Lambda that is in the stack.
  new ConnectAssociations(stack, 'Associations', {
    instance,
    phoneNumberArns: cfg.phoneNumbers.map((p) => telephony.phoneNumberArn(p.name)),
  });
  const flows = new ContactFlows(stack, 'Flows', {
    config: cfg,
    instance,
    routing,
    telephony,
    ...(options.flowsDir ? { flowsDir: options.flowsDir } : {}),
    ...(options.external === false
      ? {}
      : {
          externalLambdaArn: (name: string) => `arn:aws:lambda:us-east-1:111122223333:function:ext-${name}`,
        }),
  });
  return { stack, flows, template: Template.fromStack(stack) };
}

function flowsDirWith(files: FlowFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'santral-flows-'));
  for (const f of files) writeFileSync(join(dir, `${f.name}.json`), formatFlowFile(f));
  return dir;
}

const flow = (
  name: string,
  actions: FlowFile['content']['Actions'],
  type: FlowFile['type'] = 'CONTACT_FLOW',
): FlowFile => ({
  name,
  type,
  description: `${name} test flow`,
  content: { Version: '2019-10-30', StartAction: actions[0]!.Identifier, Metadata: {}, Actions: actions },
});
/**
 * A resolved Content (`Fn::Join` of text and CloudFormation tokens) parsed as Flow Language, each token
 * replaced by a marker string; `token(marker)` gives the token back.
 */
function tokenised(resolved: unknown): { content: FlowFile['content']; token: (v: unknown) => unknown } {
  if (typeof resolved === 'string') return { content: JSON.parse(resolved), token: () => undefined };
  const [sep, parts] = (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const tokens: unknown[] = [];
  const text = parts
    .map((p) => {
      if (typeof p === 'string') return p;
      tokens.push(p);
      return `TOKEN#${tokens.length - 1}`;
    })
    .join(sep);
  const token = (v: unknown) =>
    typeof v === 'string' && /^TOKEN#\d+$/.test(v) ? tokens[Number(v.slice(6))] : undefined;
  return { content: JSON.parse(text), token };
}
const hangUp = { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const transferTo = (target: string) => ({
  Identifier: 'go',
  Type: 'TransferToFlow',
  Parameters: { ContactFlowId: `\${Flow:${target}}` },
  Transitions: { Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] },
});

describe('ContactFlows with the repo flows', () => {
  const { stack, template } = build();
  const resolved = template.findResources('AWS::Connect::ContactFlow');
  const byName = Object.fromEntries(
    Object.entries(resolved).map(([id, r]) => [
      r['Properties'].Name as string,
      { id, props: r['Properties'] },
    ]),
  );

  it('creates one flow per file with its type and description', () => {
    const files = loadAllFlows().filter((f) => f.type !== 'MODULE');
    expect(Object.keys(byName).sort()).toEqual(files.map((f) => f.name).sort());
    for (const f of files) {
      expect(byName[f.name]!.props.Type).toBe(f.type);
      expect(byName[f.name]!.props.Description).toBe(f.description);
    }
  });

  it('deploys each MODULE file as an AWS::Connect::ContactFlowModule, invoked by its ARN from inbound-main', () => {
    const modules = Object.entries(template.findResources('AWS::Connect::ContactFlowModule'));
    expect(modules.map(([, r]) => r['Properties'].Name)).toEqual(['set-caller-language']);
    const [moduleId, module] = modules[0]!;
    expect(module['Properties'].State).toBe('ACTIVE');
    const moduleContent = tokenised(stack.resolve(module['Properties'].Content));
    expect(moduleContent.content.Settings).toEqual({
      InputParameters: [],
      OutputParameters: [],
      Transitions: [],
    });
    expect(moduleContent.content.Actions.map((a) => a.Type)).toContain('EndFlowModuleExecution');
    const caller = tokenised(stack.resolve(byName['inbound-main']!.props.Content));
    const invokes = caller.content.Actions.filter((a) => a.Type === 'InvokeFlowModule');
    expect(invokes.map((a) => a.Identifier).sort()).toEqual([
      'apply-language-en',
      'apply-language-tr',
      'switch-language-en',
      'switch-language-tr',
    ]);
    for (const a of invokes)
      expect(caller.token(a.Parameters['FlowModuleId'])).toEqual({
        'Fn::GetAtt': [moduleId, 'ContactFlowModuleArn'],
      });
  });

  it('leaves no ${Kind:name} placeholder in any flow content', () => {
    for (const { props } of Object.values(byName)) {
      const text = JSON.stringify(stack.resolve(props.Content));
      expect(text).not.toMatch(/\$\{(Lambda|Queue|Flow|Hours|Prompt|QuickConnect|PhoneNumber|Module):/);
    }
  });

  it('resolves queues, hours, flows, prompts and Lambdas to the deployed resources', () => {
    const content = JSON.stringify(byName['inbound-main']!.props.Content);
    expect(content).toMatch(/"Fn::GetAtt":\["RoutingQueueGeneral[0-9A-F]+","QueueArn"\]/);
    expect(content).toMatch(/"Fn::GetAtt":\["RoutingHoursMain[0-9A-F]+","HoursOfOperationArn"\]/);
    expect(content).toContain(`"Fn::GetAtt":["${byName['customer-queue']!.id}","ContactFlowArn"]`);
    expect(content).toContain(`"Fn::GetAtt":["${byName['opt-out']!.id}","ContactFlowArn"]`);
    expect(content).toContain('function:ext-ivr-lookup');
    const queueFlow = JSON.stringify(byName['customer-queue']!.props.Content);
    expect(queueFlow).toMatch(/"Fn::GetAtt":\["FlowsPromptLookupHoldMusic[0-9A-F]+","Prompts.0.PromptARN"\]/);
  });

  it('looks default prompts up in the instance library by their instancePrompt name', () => {
    const lookups = Object.values(template.findResources('Custom::AWS'));
    expect(lookups).toHaveLength(1);
    const create = JSON.stringify(lookups[0]!['Properties'].Create);
    expect(create).toContain('\\"action\\":\\"searchPrompts\\"');
    expect(create).toContain(
      '\\"StringCondition\\":{\\"FieldName\\":\\"name\\",\\"Value\\":\\"CustomerQueue.wav\\",\\"ComparisonType\\":\\"EXACT\\"}',
    );
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'connect:SearchPrompts' })] },
    });
  });

  it('exposes flowArn(name) as the flow resource ARN and rejects unknown names', () => {
    const { flows, stack: s } = build();
    expect(s.resolve(flows.flowArn('inbound-main'))).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^FlowsFlowInboundMain/), 'ContactFlowArn'],
    });
    expect(() => flows.flowArn('nope')).toThrow(/unknown flow "nope"; defined in contact-flows\/: /);
  });
});

describe('ContactFlows resolution rules', () => {
  it('resolves ${Lambda:name} to the ConnectFunction of that name in the stack', () => {
    const dir = flowsDirWith([
      flow('uses-stack-lambda', [
        {
          Identifier: 'call',
          Type: 'InvokeLambdaFunction',
          Parameters: {
            LambdaFunctionARN: '${Lambda:connect-associations}',
            InvocationTimeLimitSeconds: '3',
            ResponseValidation: { ResponseType: 'STRING_MAP' },
          },
          Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] },
        },
        hangUp,
      ]),
    ]);
    const { template } = build({ flowsDir: dir, external: false });
    const [res] = Object.values(template.findResources('AWS::Connect::ContactFlow'));
    expect(JSON.stringify(res!['Properties'].Content)).toMatch(
      /"Fn::GetAtt":\["AssociationsHandlerFunction[0-9A-F]+","Arn"\]/,
    );
  });

  it('fails synth naming the reference when a Lambda is neither in the stack nor external', () => {
    const dir = flowsDirWith([
      flow('needs-lambda', [
        {
          Identifier: 'call',
          Type: 'InvokeLambdaFunction',
          Parameters: {
            LambdaFunctionARN: '${Lambda:survey}',
            InvocationTimeLimitSeconds: '3',
            ResponseValidation: { ResponseType: 'STRING_MAP' },
          },
          Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] },
        },
        hangUp,
      ]),
    ]);
    expect(() => build({ flowsDir: dir, external: false })).toThrow(
      /flow "needs-lambda": cannot resolve \$\{Lambda:survey\} at action call .*no ConnectFunction named "survey"/,
    );
  });

  it('deploys a MODULE file as an AWS::Connect::ContactFlowModule, referenced by ARN from the flow that invokes it', () => {
    const module = flow(
      'say-hours',
      [
        {
          Identifier: 'hours',
          Type: 'MessageParticipant',
          Parameters: { Text: '${HoursText:Main:en-US}' },
          Transitions: {
            NextAction: 'return',
            Errors: [{ NextAction: 'return', ErrorType: 'NoMatchingError' }],
          },
        },
        { Identifier: 'return', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
      ],
      'MODULE',
    );
    const caller = flow('a-caller', [
      {
        Identifier: 'invoke',
        Type: 'InvokeFlowModule',
        Parameters: { FlowModuleId: '${Module:say-hours}' },
        Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] },
      },
      hangUp,
    ]);
    const { stack, template } = build({ flowsDir: flowsDirWith([caller, module]) });
    const modules = Object.entries(template.findResources('AWS::Connect::ContactFlowModule'));
    expect(modules.map(([, r]) => r['Properties'].Name)).toEqual(['say-hours']);
    const [moduleId, resource] = modules[0]!;
    expect(resource['Properties'].State).toBe('ACTIVE');
    const moduleContent = JSON.stringify(stack.resolve(resource['Properties'].Content));
    expect(moduleContent).toContain('Our opening hours are Monday to Friday');
    const flows = Object.values(template.findResources('AWS::Connect::ContactFlow'));
    expect(flows.map((r) => r['Properties'].Name)).toEqual(['a-caller']);
    const callerContent = JSON.stringify(stack.resolve(flows[0]!['Properties'].Content));
    expect(callerContent).toContain(`"Fn::GetAtt":["${moduleId}","ContactFlowModuleArn"]`);
    expect(callerContent).not.toMatch(/\$\{Module:/);
  });

  it('creates a flow after the flows it references', () => {
    const dir = flowsDirWith([flow('a-first', [transferTo('z-last'), hangUp]), flow('z-last', [hangUp])]);
    const { template } = build({ flowsDir: dir });
    const flows = template.findResources('AWS::Connect::ContactFlow');
    const a = Object.values(flows).find((r) => r['Properties'].Name === 'a-first')!;
    const zId = Object.keys(flows).find((id) => flows[id]!['Properties'].Name === 'z-last')!;
    expect(JSON.stringify(a['Properties'].Content)).toContain(`"Fn::GetAtt":["${zId}","ContactFlowArn"]`);
  });

  it('fails synth with the validator message when a flow is broken', () => {
    const broken = flow('broken', [
      {
        Identifier: 'ask',
        Type: 'GetParticipantInput',
        Parameters: { Text: 'Press 1', InputTimeLimitSeconds: '5' },
        Transitions: {
          Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['1'] } }],
          Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }],
        },
      },
      hangUp,
    ]);
    const dir = flowsDirWith([broken]);
    expect(() => build({ flowsDir: dir })).toThrow(FlowValidationError);
    expect(() => build({ flowsDir: dir })).toThrow(
      /broken\.json › action ask \(GetParticipantInput\): no error branch for InputTimeLimitExceeded/,
    );
  });
});

describe('flowCreationOrder', () => {
  it('orders each flow after the flows it references', () => {
    const order = flowCreationOrder([
      flow('main', [transferTo('menu'), hangUp]),
      flow('menu', [transferTo('leaf'), hangUp]),
      flow('leaf', [hangUp]),
    ]).map((f) => f.name);
    expect(order).toEqual(['leaf', 'menu', 'main']);
  });

  it('reports a reference cycle with the names on it', () => {
    const flows = [
      flow('a', [transferTo('b'), hangUp]),
      flow('b', [transferTo('c'), hangUp]),
      flow('c', [transferTo('a'), hangUp]),
    ];
    expect(() => flowCreationOrder(flows)).toThrow(FlowCycleError);
    expect(() => flowCreationOrder(flows)).toThrow(/cycle: a → b → c → a/);
  });

  describe('a malformed flow file fails synth with a clean message (file, where, what), no stack trace', () => {
    const synthMessage = (name: string, text: string) => {
      const dir = flowsDirWith([]);
      writeFileSync(join(dir, `${name}.json`), text);
      try {
        build({ flowsDir: dir });
      } catch (err) {
        const message = inputErrorMessage(err);
        expect(message).toBeDefined();
        expect(message).not.toContain('    at ');
        return message;
      }
      throw new Error('expected synth to fail');
    };

    it('invalid JSON: the file, line and column', () => {
      expect(synthMessage('opt-out', '{\n  "name": "opt-out",\n  "type": \n}\n')).toMatch(
        /opt-out\.json: not valid JSON at line 4, column 1 \(unexpected "}"\)/,
      );
    });

    it('valid JSON of the wrong shape: the file and the path that was expected', () => {
      const text = JSON.stringify({
        name: 'opt-out',
        type: 'CONTACT_FLOW',
        description: 'x',
        content: { Actions: 5 },
      });
      expect(synthMessage('opt-out', text)).toMatch(
        /opt-out\.json: "content\.Actions" must be an array of actions/,
      );
    });
  });
});
