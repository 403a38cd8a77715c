/**
 * The Flow Language actions Santral knows: parameter schemas (exact names, as console exports write them),
 * the error types and conditions each can produce, how it continues on success, and the flow types that
 * may use it (the designer's "Flow types" list per block). Source: shared/reference/connect.md and the
 * Amazon Connect admin guide's per-block pages. An action type missing here is reported, never accepted.
 */
import { z } from 'zod';
import { FLOW_TYPES, type FlowType } from './model.ts';

/** A value that is static or a JSONPath into the contact ($.Attributes.x, $.External.x, …). */
const text = z.string().min(1);
/** Console exports write numbers as strings ("8"); the API also accepts numbers. */
const numeric = z.union([z.string().regex(/^(\d+|\$\..+)$/, 'expected digits or a $.path'), z.number()]);
const bool = z.union([z.enum(['True', 'False', 'true', 'false']), z.boolean()]);
const stringMap = z.record(z.string(), z.string());

const prompt = {
  Text: text.optional(),
  SSML: text.optional(),
  PromptId: text.optional(),
  Media: z
    .object({ Uri: text, SourceType: z.enum(['S3']), MediaType: z.enum(['Audio']) })
    .strict()
    .optional(),
};
type PromptParams = { Text?: string; SSML?: string; PromptId?: string; Media?: unknown };
const onePrompt = (p: PromptParams) =>
  [p.Text, p.SSML, p.PromptId, p.Media].filter((x) => x !== undefined).length === 1;
const ONE_PROMPT = 'give exactly one of Text, SSML, PromptId or Media';
const atMostOnePrompt = (p: PromptParams) =>
  [p.Text, p.SSML, p.PromptId, p.Media].filter((x) => x !== undefined).length <= 1;

const queueOrAgent = z
  .object({ QueueId: text.optional(), AgentId: text.optional() })
  .strict()
  .refine((p) => !(p.QueueId && p.AgentId), 'give QueueId or AgentId, not both');

/** How an action continues when it succeeds. */
export type SuccessKind =
  /** Transitions.NextAction is required. */
  | 'next'
  /** Transitions.Conditions are required (the branches); NextAction is not used. */
  | 'conditions'
  /** Success hands the contact elsewhere (queue, other flow); NextAction optional. */
  | 'handoff'
  /** Ends the flow: Transitions must be {}. */
  | 'terminal';

export interface ActionSpec {
  /** Designer block name, for messages. */
  block: string;
  parameters: z.ZodType;
  /** ErrorTypes this action can take. */
  errors: readonly string[];
  /** Error branches that must be present ("every action that can fail has an error branch"). */
  requiredErrors: readonly string[];
  success: SuccessKind;
  /** Allowed condition operands when the set is fixed (e.g. CheckHoursOfOperation: True/False). */
  conditionOperands?: readonly string[];
  flowTypes: readonly FlowType[];
}

const ALL = FLOW_TYPES;
const ROUTING: FlowType[] = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'];
const INTERACTIVE: FlowType[] = [...ROUTING, 'CUSTOMER_QUEUE'];
const WHISPERS: FlowType[] = ['AGENT_WHISPER', 'CUSTOMER_WHISPER', 'OUTBOUND_WHISPER'];
const NME = 'NoMatchingError';
const NMC = 'NoMatchingCondition';

const spec = (
  block: string,
  parameters: z.ZodType,
  errors: string[],
  success: SuccessKind,
  flowTypes: readonly FlowType[],
  extra: Partial<ActionSpec> = {},
): ActionSpec => ({
  block,
  parameters,
  errors,
  // By default every error the action can take must be handled: an unhandled failure is silence.
  requiredErrors: extra.requiredErrors ?? errors.filter((e) => e === NME || e === NMC),
  success,
  flowTypes,
  ...extra,
});

export const ACTIONS: Record<string, ActionSpec> = {
  MessageParticipant: spec(
    'Play prompt',
    z.object(prompt).strict().refine(onePrompt, ONE_PROMPT),
    [NME],
    'next',
    ALL,
  ),
  MessageParticipantIteratively: spec(
    'Loop prompts',
    z
      .object({
        Messages: z.array(z.object(prompt).strict().refine(onePrompt, ONE_PROMPT)).min(1),
        InterruptFrequencySeconds: numeric.optional(),
      })
      .strict(),
    [NME],
    'conditions',
    ['CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'AGENT_HOLD'],
    { conditionOperands: ['MessagesInterrupted'] },
  ),
  GetParticipantInput: spec(
    'Get customer input',
    z
      .object({
        ...prompt,
        InputTimeLimitSeconds: numeric.optional(),
        StoreInput: bool.optional(),
        DTMFConfiguration: z
          .object({
            InputTerminationSequence: z.string().optional(),
            DisableCancelKey: bool.optional(),
            InterdigitTimeLimitSeconds: numeric.optional(),
          })
          .strict()
          .optional(),
        InputValidation: z
          .object({
            PhoneNumberValidation: z
              .object({ NumberFormat: z.enum(['Local', 'E164']), CountryCode: z.string().optional() })
              .strict()
              .optional(),
            CustomValidation: z.object({ MaximumLength: numeric }).strict().optional(),
          })
          .strict()
          .optional(),
        InputEncryption: z.object({ EncryptionKeyId: text, Key: text }).strict().optional(),
      })
      .strict()
      .refine(atMostOnePrompt, ONE_PROMPT),
    ['InputTimeLimitExceeded', NMC, 'InvalidPhoneNumber', NME],
    'conditions',
    INTERACTIVE,
    { requiredErrors: ['InputTimeLimitExceeded', NMC, NME] },
  ),
  ConnectParticipantWithLexBot: spec(
    'Get customer input (Lex)',
    z
      .object({
        Text: text.optional(),
        SSML: text.optional(),
        PromptId: text.optional(),
        LexV2Bot: z.object({ AliasArn: text }).strict(),
        LexSessionAttributes: stringMap.optional(),
        LexTimeoutSeconds: z.record(z.string(), numeric).optional(),
      })
      .strict(),
    [NMC, 'InputTimeLimitExceeded', NME],
    'conditions',
    INTERACTIVE,
  ),
  InvokeLambdaFunction: spec(
    'AWS Lambda function',
    z
      .object({
        LambdaFunctionARN: text,
        InvocationTimeLimitSeconds: numeric,
        InvocationType: z.enum(['SYNCHRONOUS', 'ASYNCHRONOUS']).optional(),
        LambdaInvocationAttributes: stringMap.optional(),
        ResponseValidation: z
          .object({ ResponseType: z.enum(['STRING_MAP', 'JSON']) })
          .strict()
          .optional(),
      })
      .strict(),
    [NME],
    'next',
    ALL,
  ),
  UpdateContactAttributes: spec(
    'Set contact attributes',
    z.object({ Attributes: stringMap, TargetContact: z.enum(['Current', 'Related']).optional() }).strict(),
    [NME],
    'next',
    ALL,
  ),
  UpdateFlowAttributes: spec(
    'Set contact attributes (flow)',
    z.object({ FlowAttributes: z.record(z.string(), z.object({ Value: z.string() }).strict()) }).strict(),
    [NME],
    'next',
    ALL,
  ),
  Compare: spec(
    'Check contact attributes',
    z.object({ ComparisonValue: text }).strict(),
    [NMC],
    'conditions',
    ALL,
  ),
  CheckHoursOfOperation: spec(
    'Check hours of operation',
    z.object({ HoursOfOperationId: text.optional() }).strict(),
    [NME],
    'conditions',
    INTERACTIVE,
    { conditionOperands: ['True', 'False'] },
  ),
  GetMetricData: spec(
    'Get queue metrics',
    z.object({ QueueId: text.optional(), AgentId: text.optional(), QueueChannel: text.optional() }).strict(),
    [NME],
    'next',
    INTERACTIVE,
  ),
  CheckMetricData: spec(
    'Check queue status / staffing',
    z.object({ MetricType: text, QueueId: text.optional() }).strict(),
    [NMC, NME],
    'conditions',
    INTERACTIVE,
  ),
  UpdateContactTargetQueue: spec('Set working queue', queueOrAgent, [NME], 'next', ROUTING),
  TransferContactToQueue: spec(
    'Transfer to queue',
    z.object({}).strict(),
    ['QueueAtCapacity', NME],
    'handoff',
    ROUTING,
    {
      requiredErrors: ['QueueAtCapacity', NME],
    },
  ),
  DequeueContactAndTransferToQueue: spec(
    'Transfer to queue (from queue)',
    queueOrAgent,
    ['QueueAtCapacity', NME],
    'handoff',
    ['CUSTOMER_QUEUE'],
    { requiredErrors: ['QueueAtCapacity', NME] },
  ),
  UpdateContactCallbackNumber: spec(
    'Set callback number',
    z.object({ CallbackNumber: text }).strict(),
    ['InvalidCallbackNumber', 'CallbackNumberNotDialable', NME],
    'next',
    INTERACTIVE,
    { requiredErrors: ['InvalidCallbackNumber', 'CallbackNumberNotDialable'] },
  ),
  CreateCallbackContact: spec(
    'Transfer to callback queue',
    z
      .object({
        QueueId: text.optional(),
        AgentId: text.optional(),
        InitialCallDelaySeconds: numeric,
        MaximumConnectionAttempts: numeric,
        RetryDelaySeconds: numeric,
      })
      .strict(),
    [NME],
    'next',
    INTERACTIVE,
  ),
  UpdateContactEventHooks: spec(
    'Set whisper / queue / hold / disconnect flow',
    z
      .object({
        EventHooks: z
          .partialRecord(
            z.enum([
              'CustomerQueue',
              'CustomerHold',
              'CustomerWhisper',
              'AgentHold',
              'AgentWhisper',
              'CustomerRemaining',
              'DefaultAgentUI',
              'DisconnectAgentUI',
              'PauseContact',
              'ResumeContact',
            ]),
            text,
          )
          .refine((h) => Object.keys(h).length >= 1, 'set at least one event hook'),
      })
      .strict(),
    [NME],
    'next',
    ROUTING,
  ),
  UpdateContactRecordingBehavior: spec(
    'Set recording and analytics behavior',
    z
      .object({
        RecordingBehavior: z
          .object({
            RecordedParticipants: z.array(z.enum(['Agent', 'Customer'])),
            IVRRecordingBehavior: z.enum(['Enabled', 'Disabled']).optional(),
          })
          .strict()
          .optional(),
        AnalyticsBehavior: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    [],
    'next',
    [...ROUTING, ...WHISPERS],
  ),
  UpdateContactRoutingBehavior: spec(
    'Change routing priority / age',
    z.object({ QueuePriority: numeric.optional(), QueueTimeAdjustmentSeconds: numeric.optional() }).strict(),
    [],
    'next',
    INTERACTIVE,
  ),
  UpdateContactData: spec(
    'Set contact data',
    z
      .object({
        LanguageCode: text.optional(),
        Name: text.optional(),
        Description: text.optional(),
        TargetContact: z.enum(['Current', 'Related']).optional(),
      })
      .strict(),
    [NME],
    'next',
    ALL,
  ),
  UpdateContactTextToSpeechVoice: spec(
    'Set voice',
    z
      .object({
        TextToSpeechVoice: text,
        TextToSpeechEngine: z.enum(['standard', 'neural', 'generative']).optional(),
        TextToSpeechStyle: text.optional(),
      })
      .strict(),
    [NME],
    'next',
    ALL,
  ),
  TransferParticipantToThirdParty: spec(
    'Transfer to phone number',
    z
      .object({
        ThirdPartyPhoneNumber: text,
        ThirdPartyConnectionTimeLimitSeconds: numeric,
        ContinueFlowExecution: bool.optional(),
        ThirdPartyDTMFDigits: z.string().optional(),
        CallerId: z.object({ Number: text.optional(), Name: text.optional() }).strict().optional(),
      })
      .strict(),
    ['CallFailed', 'ConnectionTimeLimitExceeded', NME],
    'handoff',
    ROUTING,
    { requiredErrors: ['CallFailed', 'ConnectionTimeLimitExceeded', NME] },
  ),
  TransferToFlow: spec(
    'Transfer to flow',
    z.object({ ContactFlowId: text }).strict(),
    [NME],
    'handoff',
    ROUTING,
  ),
  InvokeFlowModule: spec(
    'Invoke module',
    z.object({ FlowModuleId: text }).strict(),
    [NME],
    'next',
    INTERACTIVE,
  ),
  EndFlowModuleExecution: spec('Return (module)', z.object({}).strict(), [], 'terminal', []),
  DistributeByPercentage: spec('Distribute by percentage', z.object({}).strict(), [NMC], 'conditions', ALL),
  Loop: spec('Loop', z.object({ LoopCount: numeric }).strict(), [], 'conditions', ALL, {
    conditionOperands: ['ContinueLooping', 'DoneLooping'],
  }),
  Wait: spec(
    'Wait',
    z.object({ TimeLimitSeconds: numeric.optional(), Events: z.array(text).optional() }).strict(),
    [NME],
    'next',
    ROUTING,
  ),
  TagContact: spec('Contact tags', z.object({ Tags: stringMap }).strict(), [NME], 'next', ALL),
  UpdateFlowLoggingBehavior: spec(
    'Set logging behavior',
    z.object({ FlowLoggingBehavior: z.enum(['Enabled', 'Disabled']) }).strict(),
    [],
    'next',
    ALL,
  ),
  DisconnectParticipant: spec('Disconnect / hang up', z.object({}).strict(), [], 'terminal', [
    ...INTERACTIVE,
    'CUSTOMER_HOLD',
  ]),
  EndFlowExecution: spec('End flow / Resume', z.object({}).strict(), [], 'terminal', ALL),
};

export const KNOWN_ACTION_TYPES = Object.keys(ACTIONS).sort();

/** Which flow type each event hook must point at (a whisper hook given a queue flow fails at publish). */
export const EVENT_HOOK_FLOW_TYPES: Record<string, readonly FlowType[]> = {
  CustomerQueue: ['CUSTOMER_QUEUE'],
  CustomerHold: ['CUSTOMER_HOLD'],
  AgentHold: ['AGENT_HOLD'],
  CustomerWhisper: ['CUSTOMER_WHISPER'],
  AgentWhisper: ['AGENT_WHISPER'],
  CustomerRemaining: ['CONTACT_FLOW'],
};

/** TransferToFlow targets: "a valid flow type (Inbound, Transfer to Agent, or Transfer to Queue)". */
export const TRANSFER_TO_FLOW_TYPES: readonly FlowType[] = ROUTING;

/** The flow-type × action matrix, for docs and tests: flow type → allowed action types. */
export function actionsAllowedIn(type: FlowType): string[] {
  return KNOWN_ACTION_TYPES.filter((a) => ACTIONS[a]!.flowTypes.includes(type));
}
