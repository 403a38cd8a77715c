/**
 * The block registry (shared/flows/blocks/): one module per Flow Language action type, holding both the
 * validator's half (parameters, flow types, branches) and the engine's half (run). These tests fail when a
 * block lacks either half, when a module is not registered, and when what the engine does with a block
 * disagrees with what the catalogue declares about it (the branch it takes must be a declared one).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#shared/config/load.ts';
import type { BlockDefinition } from '#shared/flows/blocks/block.ts';
import { BLOCKS, blockFor, describeAction, KNOWN_ACTION_TYPES } from '#shared/flows/blocks/index.ts';
import type { FlowAction } from '#shared/flows/model.ts';
import { FLOW_TYPES } from '#shared/flows/model.ts';
import { runCall } from '#shared/simulator/engine.ts';
import { act, CALL, fixtureWorld, flow, hangUp } from '../../flows/fixtures/flows.ts';

const BLOCKS_DIR = join(REPO_ROOT, 'shared/flows/blocks');
const HELPERS = new Set(['block.ts', 'params.ts', 'serviceBlock.ts', 'index.ts']);

/** AWS's Flow Language reference, by chapter (flow-language-actions and its four sub-pages). */
const AWS_REFERENCE_TYPES = [
  // participant-actions
  'ConnectParticipantWithLexBot',
  'DisconnectParticipant',
  'GetParticipantInput',
  'MessageParticipant',
  'MessageParticipantIteratively',
  'ShowView',
  'TransferParticipantToThirdParty',
  // contact-actions
  'CompleteOutboundCall',
  'CreateCase',
  'CreateTask',
  'CreateWisdomSession',
  'DequeueContactAndTransferToQueue',
  'EndFlowModuleExecution',
  'GetCase',
  'InvokeFlowModule',
  'StartOutboundChatContact',
  'TagContact',
  'TransferContactToAgent',
  'TransferContactToQueue',
  'UnTagContact',
  'UpdateCase',
  'UpdateContactAttributes',
  'UpdateContactCallbackNumber',
  'UpdateContactData',
  'UpdateContactEventHooks',
  'UpdateContactMediaProcessing',
  'UpdateContactMediaStreamingBehavior',
  'UpdateContactRecordingAndAnalyticsBehavior',
  'UpdateContactRecordingBehavior',
  'ResumeContact',
  'UpdateContactRoutingBehavior',
  'UpdateContactTargetQueue',
  'UpdateContactTextToSpeechVoice',
  'UpdatePreviousContactParticipantState',
  // flow-control-actions
  'CheckHoursOfOperation',
  'CheckMetricData',
  'CheckOutboundCallStatus',
  'CheckVoiceId',
  'Compare',
  'DistributeByPercentage',
  'EndFlowExecution',
  'GetMetricData',
  'Loop',
  'StartVoiceIdStream',
  'TransferToFlow',
  'UpdateFlowAttributes',
  'UpdateFlowLoggingBehavior',
  'UpdateContactRoutingCriteria',
  'Wait',
  // interactions
  'AssociateContactToCustomerProfile',
  'CreateCallbackContact',
  'CreateCustomerProfile',
  'InvokeLambdaFunction',
  'GetCustomerProfile',
  'GetCustomerProfileObject',
  'GetCalculatedAttributesForCustomerProfile',
  'UpdateCustomerProfile',
];

/** A valid Parameters object for each block that has required parameters (the rest take {}). */
const SAMPLES: Record<string, Record<string, unknown>> = {
  MessageParticipant: { Text: 'Hello.' },
  MessageParticipantIteratively: { Messages: [{ Text: 'Please hold.' }], InterruptFrequencySeconds: '30' },
  GetParticipantInput: { Text: 'Press 1.', InputTimeLimitSeconds: '5' },
  ConnectParticipantWithLexBot: { Text: 'How can I help?', LexV2Bot: { AliasArn: '${Lambda:bot}' } },
  ShowView: { ViewResource: { Id: 'form' } },
  TransferParticipantToThirdParty: {
    ThirdPartyPhoneNumber: '+12065550199',
    ThirdPartyConnectionTimeLimitSeconds: '30',
  },
  CreateCase: { CaseTemplateId: 'template' },
  CreateTask: { Name: 'Follow up' },
  CreateWisdomSession: { WisdomAssistantArn: 'assistant' },
  DequeueContactAndTransferToQueue: { QueueId: '${Queue:Support}' },
  InvokeFlowModule: { FlowModuleId: '${Module:other}' },
  TagContact: { Tags: { reason: 'test' } },
  UnTagContact: { TagKeys: ['reason'] },
  UpdateContactAttributes: { Attributes: { k: 'v' } },
  UpdateContactCallbackNumber: { CallbackNumber: '+12065550111' },
  UpdateContactEventHooks: { EventHooks: { CustomerQueue: '${Flow:other}' } },
  UpdateContactMediaStreamingBehavior: { MediaStreamingState: 'Enabled' },
  UpdateContactTargetQueue: { QueueId: '${Queue:Support}' },
  UpdateContactTextToSpeechVoice: { TextToSpeechVoice: 'Joanna', TextToSpeechEngine: 'Neural' },
  UpdatePreviousContactParticipantState: { PreviousContactParticipantState: 'AgentOnHold' },
  CheckMetricData: { MetricType: 'NumberOfAgentsAvailable', QueueId: '${Queue:Support}' },
  CheckVoiceId: { CheckVoiceIdOption: 'voiceAuthentication' },
  Compare: { ComparisonValue: '$.Attributes.k' },
  Loop: { LoopCount: '2' },
  TransferToFlow: { ContactFlowId: '${Flow:other}' },
  UpdateFlowAttributes: { FlowAttributes: { k: { Value: 'v' } } },
  UpdateFlowLoggingBehavior: { FlowLoggingBehavior: 'Enabled' },
  UpdateContactRoutingCriteria: { RoutingCriteria: { Steps: [] } },
  Wait: { TimeoutSeconds: '10' },
  InvokeLambdaFunction: {
    LambdaFunctionARN: '${Lambda:echo}',
    InvocationTimeLimitSeconds: '3',
    ResponseValidation: { ResponseType: 'STRING_MAP' },
  },
  CreateCallbackContact: {
    InitialCallDelaySeconds: '5',
    MaximumConnectionAttempts: '2',
    RetryDelaySeconds: '60',
  },
  GetCustomerProfile: {
    ProfileRequestData: { PhoneNumber: '$.CustomerEndpoint.Address' },
    ProfileResponseData: ['FirstName'],
  },
  CreateCustomerProfile: { ProfileRequestData: { FirstName: 'A' } },
  UpdateCustomerProfile: { ProfileRequestData: { FirstName: 'A' } },
  AssociateContactToCustomerProfile: { ProfileRequestData: { ProfileId: 'p' } },
  GetCustomerProfileObject: { ProfileRequestData: { ProfileId: 'p' } },
  GetCalculatedAttributesForCustomerProfile: { ProfileRequestData: { ProfileId: 'p' } },
};

const sample = (b: BlockDefinition) => SAMPLES[b.type] ?? {};

/** A one-block flow wiring every branch the catalogue declares, each to its own labelled end. */
function wired(b: BlockDefinition): FlowAction[] {
  const operands = b.branches.conditionOperands ?? (b.branches.success === 'conditions' ? ['1'] : []);
  const transitions: FlowAction['Transitions'] =
    b.branches.success === 'terminal'
      ? {}
      : {
          NextAction: 'after',
          Errors: b.branches.errors.map((e) => ({ ErrorType: e, NextAction: 'after' })),
          ...(operands.length
            ? {
                Conditions: operands.map((o) => ({
                  NextAction: 'after',
                  Condition: { Operator: 'Equals', Operands: [o] },
                })),
              }
            : {}),
        };
  return [act('block', b.type, sample(b), transitions), hangUp('after')];
}

describe('the block registry', () => {
  it('registers one module per file in shared/flows/blocks/, named after its action type', () => {
    const files = readdirSync(BLOCKS_DIR).filter((f) => f.endsWith('.ts') && !HELPERS.has(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...KNOWN_ACTION_TYPES]);
  });

  it('covers every action type of AWS Flow Language reference', () => {
    expect(AWS_REFERENCE_TYPES.filter((t) => !blockFor(t))).toEqual([]);
  });

  it.each(BLOCKS.map((b) => [b.type, b] as const))('%s has both halves: catalogue and semantics', (_t, b) => {
    // The validator's half.
    expect(b.label.length).toBeGreaterThan(0);
    expect(b.docs).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/connect\//);
    expect(b.flowTypes.length).toBeGreaterThan(0);
    for (const t of b.flowTypes) expect(FLOW_TYPES).toContain(t);
    expect(['next', 'conditions', 'handoff', 'terminal']).toContain(b.branches.success);
    for (const e of b.branches.houseErrors) expect(b.branches.errors).toContain(e);
    expect(b.parameters.safeParse(sample(b)).success).toBe(true);
    // The engine's half.
    expect(typeof b.run).toBe('function');
    expect(describeAction({ Type: b.type, Parameters: sample(b) }).length).toBeGreaterThan(0);
  });

  it.each(BLOCKS.map((b) => [b.type, b] as const))(
    'the engine runs %s and takes only a branch the catalogue declares',
    async (_t, b) => {
      const other =
        b.type === 'InvokeFlowModule'
          ? flow('other', [act('return', 'EndFlowModuleExecution')], 'MODULE')
          : flow(
              'other',
              [hangUp('x')],
              b.type === 'UpdateContactEventHooks' ? 'CUSTOMER_QUEUE' : 'CONTACT_FLOW',
            );
      const type = b.flowTypes.includes('CONTACT_FLOW') ? 'CONTACT_FLOW' : b.flowTypes[0]!;
      const world = fixtureWorld([flow('main', wired(b), type), other], { press: '1', agents: 2 });
      const r = await runCall({ ...world, lexIntent: () => '1' }, { ...CALL, queue: 'Support' });
      expect(r.stopped).toBeUndefined();
      const step = r.trace.path.find((s) => s.flow === 'main' && s.action === 'block')!;
      expect(step).toBeDefined();
      const declared = new Set<string>([
        'Success',
        'End',
        ...b.branches.errors,
        ...(b.branches.conditionOperands ?? ['1']).map((o) => `Equals ${o}`),
      ]);
      expect(declared).toContain(step.branch);
      if (b.branches.success === 'terminal') expect(step.branch).toBe('End');
      if (step.branch === 'End') expect(['terminal', 'handoff', 'conditions']).toContain(b.branches.success);
    },
  );

  it('stand-ins take their documented default and a configured outcome when the world sets one', async () => {
    const b = blockFor('CheckVoiceId')!;
    const world = fixtureWorld([flow('main', wired(b))]);
    const byDefault = await runCall(world, CALL);
    expect(byDefault.trace.path[0]!.branch).toBe(`Equals ${b.standIn!.default}`);
    const configured = await runCall({ ...world, standIns: { CheckVoiceId: 'NotEnrolled' } }, CALL);
    expect(configured.trace.path[0]!.branch).toBe('Equals NotEnrolled');
    const failing = await runCall({ ...world, standIns: { CheckVoiceId: 'error:NoMatchingError' } }, CALL);
    expect(failing.trace.path[0]!.branch).toBe('NoMatchingError');
  });
});
