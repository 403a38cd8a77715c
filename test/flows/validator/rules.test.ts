/**
 * One small broken fixture per validator rule (test/fixtures/flows/<defect>.json): each must produce exactly
 * the expected finding, naming the file and the block, and nothing else. The repo's flows must be clean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStageConfig, REPO_ROOT } from '#shared/config/load.ts';
import type { FlowAction, FlowFile } from '#shared/flows/model.ts';
import { loadAllFlows } from '#shared/flows/model.ts';
import {
  type FlowIssue,
  flowValidationContext,
  formatIssue,
  MAX_ACTIONS,
  type RuleId,
  validateFlow,
  validateFlows,
  validateFlowText,
} from '#shared/flows/validator.ts';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/flows');
const repoFlows = loadAllFlows();
const ctx = flowValidationContext(loadStageConfig('dev'), repoFlows, join(REPO_ROOT, 'functions'));

function validateFixture(file: string): FlowIssue[] {
  const path = join(FIXTURES, file);
  const shownAs = `test/fixtures/flows/${file.replace(/\.txt$/, '.json')}`;
  return validateFlowText(readFileSync(path, 'utf8'), shownAs, ctx);
}

interface Case {
  fixture: string;
  rule: RuleId;
  /** The block the finding must name (undefined: a document-level finding). */
  action?: string;
  type?: string;
  message: RegExp;
  severity?: 'error' | 'warning';
}

const CASES: Case[] = [
  { fixture: 'bad-json.txt', rule: 'json', message: /not valid JSON/ },
  { fixture: 'wrong-version.json', rule: 'document', message: /Version must be "2019-10-30"/ },
  {
    fixture: 'name-mismatch.json',
    rule: 'document',
    message: /"name" is "other-name" but the file is name-mismatch\.json/,
  },
  {
    fixture: 'unknown-action.json',
    rule: 'action-type',
    action: 'hello',
    type: 'PlayPrompt',
    message: /unknown action type "PlayPrompt"/,
  },
  {
    fixture: 'misspelled-parameter.json',
    rule: 'parameters',
    action: 'hello',
    type: 'MessageParticipant',
    message: /unknown parameter "Voice" for Play prompt/,
  },
  {
    fixture: 'bad-identifier.json',
    rule: 'identifier',
    action: 'say:hello',
    message: /Identifier must be 1–50 characters/,
  },
  {
    fixture: 'dangling-next-action.json',
    rule: 'transition',
    action: 'hello',
    message: /NextAction points at "nowhere", which is not an action in this flow/,
  },
  {
    fixture: 'missing-start.json',
    rule: 'transition',
    message: /StartAction "begin" is not an action in this flow/,
  },
  {
    fixture: 'unreachable-block.json',
    rule: 'unreachable',
    action: 'orphan',
    severity: 'warning',
    message: /no path from StartAction reaches this block/,
  },
  { fixture: 'dead-end.json', rule: 'dead-end', action: 'hello', message: /no Transitions\.NextAction/ },
  {
    fixture: 'input-without-timeout.json',
    rule: 'error-branch',
    action: 'menu',
    type: 'GetParticipantInput',
    message: /no error branch for InputTimeLimitExceeded/,
  },
  {
    fixture: 'input-without-nomatch.json',
    rule: 'error-branch',
    action: 'menu',
    message: /no error branch for NoMatchingCondition/,
  },
  {
    fixture: 'input-without-error.json',
    rule: 'error-branch',
    action: 'menu',
    message: /no error branch for NoMatchingError/,
  },
  {
    fixture: 'lambda-without-error.json',
    rule: 'error-branch',
    action: 'lookup',
    type: 'InvokeLambdaFunction',
    message: /no error branch for NoMatchingError/,
  },
  {
    fixture: 'queue-without-capacity.json',
    rule: 'error-branch',
    action: 'to-queue',
    type: 'TransferContactToQueue',
    message: /no error branch for QueueAtCapacity/,
  },
  {
    fixture: 'hours-only-true.json',
    rule: 'conditions',
    action: 'hours',
    type: 'CheckHoursOfOperation',
    message: /must branch on exactly Equals "True" and Equals "False" \(found "True"\)/,
  },
  {
    fixture: 'lambda-timeout-too-long.json',
    rule: 'lambda',
    action: 'lookup',
    message: /InvocationTimeLimitSeconds must be 1–8/,
  },
  { fixture: 'lambda-dynamic-timeout.json', rule: 'lambda', action: 'lookup', message: /must be static/ },
  {
    fixture: 'lambda-no-response-validation.json',
    rule: 'lambda',
    action: 'lookup',
    message: /ResponseValidation is missing/,
  },
  {
    fixture: 'unknown-queue.json',
    rule: 'reference',
    action: 'set-queue',
    message:
      /\$\{Queue:Sales\} .*no queue named "Sales" in queues in infra\/config; defined: Support, Orders/,
  },
  {
    fixture: 'unknown-lambda.json',
    rule: 'reference',
    action: 'lookup',
    message: /no lambda named "crm-sync" in functions\/<name>\/handler\.ts/,
  },
  {
    fixture: 'unknown-flow.json',
    rule: 'reference',
    action: 'go',
    message: /no flow named "main-menu" in contact-flows\//,
  },
  {
    fixture: 'unknown-prompt.json',
    rule: 'reference',
    action: 'hello',
    message: /no prompt named "welcome-jingle"/,
  },
  {
    fixture: 'malformed-reference.json',
    rule: 'reference',
    action: 'hello',
    message: /unknown reference kind "Queu"/,
  },
  {
    fixture: 'hook-wrong-flow-type.json',
    rule: 'reference',
    action: 'whisper',
    message:
      /\$\{Flow:customer-queue\} is a CUSTOMER_QUEUE flow, but event hook AgentWhisper needs AGENT_WHISPER/,
  },
  {
    fixture: 'action-not-allowed.json',
    rule: 'flow-type',
    action: 'menu',
    message: /Get customer input is not allowed in a AGENT_WHISPER flow/,
  },
  {
    fixture: 'literal-arn.json',
    rule: 'literal-id',
    action: 'set-queue',
    message: /literal ARN at Actions\[0\]\.Parameters\.QueueId/,
  },
  {
    fixture: 'literal-account-id.json',
    rule: 'literal-id',
    action: 'lookup',
    message: /literal AWS account id/,
  },
  {
    fixture: 'loop-without-exit.json',
    rule: 'loop',
    action: 'again',
    type: 'MessageParticipant',
    message: /this block leads only back to itself: every branch returns into it/,
  },
  {
    fixture: 'literal-instance-id.json',
    rule: 'literal-id',
    action: 'go',
    message: /literal resource or instance id/,
  },
];

describe('validator rules, one broken fixture each', () => {
  it('accepts the valid fixture without findings', () => {
    expect(validateFixture('valid.json').map(formatIssue)).toEqual([]);
  });

  it.each(CASES)('$fixture → $rule', (c) => {
    const issues = validateFixture(c.fixture);
    expect(issues.map(formatIssue)).toHaveLength(1);
    const [issue] = issues as [FlowIssue];
    expect(issue.rule).toBe(c.rule);
    expect(issue.severity).toBe(c.severity ?? 'error');
    expect(issue.action).toBe(c.action);
    if (c.type) expect(issue.actionType).toBe(c.type);
    expect(issue.message).toMatch(c.message);
    const where = c.action ? ` › action ${c.action} (${issue.actionType}): ` : ': ';
    expect(formatIssue(issue)).toBe(
      `test/fixtures/flows/${c.fixture.replace(/\.txt$/, '.json')}${where}${issue.message}`,
    );
  });
});

const one = (a: FlowAction, type: FlowFile['type'] = 'CONTACT_FLOW', more: FlowAction[] = []): FlowFile => ({
  name: 'fp',
  type,
  description: 'inline fixture',
  content: {
    Version: '2019-10-30',
    StartAction: a.Identifier,
    Metadata: {},
    Actions: [
      a,
      ...more,
      { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  },
});
const block = (
  Type: string,
  Parameters: Record<string, unknown>,
  Transitions: FlowAction['Transitions'],
) => ({
  Identifier: 'b',
  Type,
  Parameters,
  Transitions,
});
const toBye = { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] };
const rulesOf = (f: FlowFile, profile: 'santral' | 'connect') =>
  validateFlow(f, 'fp.json', ctx, 'fp', { profile }).map((i) => `${i.severity} ${i.rule}`);

describe('known false positives of the old catalogue, each accepted as Connect accepts it', () => {
  /** The rule the old catalogue wrongly raised, by case. */
  const OLD_RULE: Record<string, RuleId> = {
    'stored input without a timeout branch': 'error-branch',
    'Loop prompts without InterruptFrequencySeconds': 'dead-end',
    'TextToSpeechEngine "Neural"': 'parameters',
    EventHooksConfiguration: 'parameters',
    'Lex V1 LexBot': 'parameters',
    'UpdateContactData Voice ID parameters': 'parameters',
    'Wait with conditions': 'conditions',
    'set-whisper in a queue flow': 'flow-type',
    'recording in a queue flow': 'flow-type',
  };
  const cases: [string, FlowFile][] = [
    // participant-actions-getparticipantinput: InputTimeLimitExceeded/NoMatchingCondition only "if StoreInput is False".
    [
      'stored input without a timeout branch',
      one(
        block(
          'GetParticipantInput',
          { Text: 'Your number?', StoreInput: 'True', InputTimeLimitSeconds: '5' },
          toBye,
        ),
      ),
    ],
    // participant-actions-messageparticipantiteratively: MessagesInterrupted only with InterruptFrequencySeconds.
    [
      'Loop prompts without InterruptFrequencySeconds',
      one(
        block('MessageParticipantIteratively', { Messages: [{ Text: 'Please hold.' }] }, {}),
        'CUSTOMER_QUEUE',
      ),
    ],
    // contact-actions-updatecontacttexttospeechvoice: the designer writes "Neural"; Connect accepts it.
    [
      'TextToSpeechEngine "Neural"',
      one(
        block(
          'UpdateContactTextToSpeechVoice',
          { TextToSpeechVoice: 'Joanna', TextToSpeechEngine: 'Neural' },
          toBye,
        ),
      ),
    ],
    // contact-actions-updatecontacteventhooks: EventHooksConfiguration next to EventHooks.
    [
      'EventHooksConfiguration',
      one(
        block(
          'UpdateContactEventHooks',
          {
            EventHooks: { AgentWhisper: '${Flow:agent-whisper}' },
            EventHooksConfiguration: { AgentWhisper: { DisableExecution: 'false' } },
          },
          toBye,
        ),
      ),
    ],
    // participant-actions-connectparticipantwithlexbot: "Provide either LexBot or LexV2Bot".
    [
      'Lex V1 LexBot',
      one(
        block(
          'ConnectParticipantWithLexBot',
          { Text: 'Hi', LexBot: { Name: 'Bot', Region: 'us-east-1', Alias: 'live' } },
          {
            NextAction: 'bye',
            Errors: [
              { NextAction: 'bye', ErrorType: 'NoMatchingError' },
              { NextAction: 'bye', ErrorType: 'NoMatchingCondition' },
              { NextAction: 'bye', ErrorType: 'InputTimeLimitExceeded' },
            ],
          },
        ),
      ),
    ],
    // contact-actions-updatecontactdata: Voice ID and Q in Connect switches live in its parameter object.
    [
      'UpdateContactData Voice ID parameters',
      one(
        block(
          'UpdateContactData',
          {
            IsVoiceIdStreamingEnabled: 'True',
            VoiceAuthenticationThreshold: '90',
            WisdomSessionArn: '$.Wisdom.SessionArn',
          },
          toBye,
        ),
      ),
    ],
    // flow-control-actions-wait: results WaitCompleted / CustomerReturned are conditions; TimeLimitSeconds as exported.
    [
      'Wait with conditions',
      one(
        block(
          'Wait',
          { TimeLimitSeconds: '900', Events: ['CustomerReturned'] },
          {
            NextAction: 'bye',
            Conditions: [
              { NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } },
              { NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['CustomerReturned'] } },
            ],
            Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }],
          },
        ),
      ),
    ],
    // Set whisper flow and Set recording behavior are offered in customer queue flows.
    [
      'set-whisper in a queue flow',
      one(
        block('UpdateContactEventHooks', { EventHooks: { AgentWhisper: '${Flow:agent-whisper}' } }, toBye),
        'CUSTOMER_QUEUE',
      ),
    ],
    [
      'recording in a queue flow',
      one(
        block(
          'UpdateContactRecordingBehavior',
          { RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } },
          { NextAction: 'bye' },
        ),
        'CUSTOMER_QUEUE',
      ),
    ],
  ];
  it.each(cases)('%s: not raised again in either profile, no error in the connect profile', (name, f) => {
    const rule = OLD_RULE[name]!;
    expect(rule).toBeDefined();
    expect(rulesOf(f, 'connect').filter((r) => r.startsWith('error'))).toEqual([]);
    for (const profile of ['santral', 'connect'] as const)
      expect(rulesOf(f, profile).filter((r) => r.endsWith(` ${rule}`))).toEqual([]);
  });

  it('a designer UUID ending in 12 digits is not an account id', () => {
    const f = one(
      block(
        'UpdateContactAttributes',
        { Attributes: { next: 'a1b2c3d4-0000-4000-8000-000000000123' } },
        toBye,
      ),
    );
    expect(validateFlow(f, 'fp.json', ctx, 'fp').filter((i) => i.message.includes('account id'))).toEqual([]);
  });

  it('a catch-all NoMatchingError covers QueueAtCapacity in the connect profile, not in the santral one', () => {
    const f = one(
      block('TransferContactToQueue', {}, { Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] }),
    );
    expect(rulesOf(f, 'connect')).toEqual([]);
    expect(rulesOf(f, 'santral')).toEqual(['error error-branch']);
  });
});

describe('profiles', () => {
  it('reports house rules as errors in the santral profile and warnings in the connect profile', () => {
    const lambda = one(
      block(
        'InvokeLambdaFunction',
        {
          LambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:x',
          InvocationTimeLimitSeconds: '3',
        },
        toBye,
      ),
    );
    expect(rulesOf(lambda, 'santral')).toEqual(['error lambda', 'error literal-id']);
    expect(rulesOf(lambda, 'connect')).toEqual(['warning lambda', 'warning literal-id']);
  });

  it('keeps what Connect rejects an error in the connect profile', () => {
    const tooLong = one(
      block(
        'InvokeLambdaFunction',
        {
          LambdaFunctionARN: 'x',
          InvocationTimeLimitSeconds: '9',
          ResponseValidation: { ResponseType: 'JSON' },
        },
        toBye,
      ),
    );
    expect(rulesOf(tooLong, 'connect')).toEqual(['error lambda']);
    const loop = validateFixture('loop-without-exit.json');
    expect(loop.map((i) => i.rule)).toEqual(['loop']);
  });

  it('does not flag loops in queue flows, which the contact leaves when an agent answers', () => {
    const f = one(
      block(
        'MessageParticipant',
        { Text: 'Still holding.' },
        { NextAction: 'b', Errors: [{ NextAction: 'b', ErrorType: 'NoMatchingError' }] },
      ),
      'CUSTOMER_QUEUE',
    );
    expect(rulesOf(f, 'connect').filter((r) => r.endsWith('loop'))).toEqual([]);
  });

  it('validates bare Flow Language content (a Content document without the wrapper)', () => {
    const f = one(block('MessageParticipant', { Text: 'Hi' }, { NextAction: 'nowhere' }));
    const issues = validateFlowText(JSON.stringify(f.content), 'bare.json', ctx, { profile: 'connect' });
    expect(issues.map((i) => [i.rule, i.message.slice(0, 40)])).toEqual([
      ['transition', 'NextAction points at "nowhere", which is'],
      ['error-branch', 'no error branch for NoMatchingError; add'],
      ['unreachable', 'no path from StartAction reaches this bl'],
    ]);
  });

  it('names the AWS statement behind each finding', () => {
    const [issue] = validateFixture('lambda-timeout-too-long.json');
    expect(issue!.source).toBe(
      'https://docs.aws.amazon.com/connect/latest/APIReference/interactions-invokelambdafunction.html',
    );
  });
});

describe("a module's interface (Settings)", () => {
  const moduleWith = (
    Settings: unknown,
    setAttributes: Record<string, string> = { balance: '1' },
  ): FlowFile => ({
    name: 'fp',
    type: 'MODULE',
    description: 'inline module',
    content: {
      Version: '2019-10-30',
      StartAction: 'set',
      Metadata: {},
      Actions: [
        {
          Identifier: 'set',
          Type: 'UpdateContactAttributes',
          Parameters: { Attributes: setAttributes, TargetContact: 'Current' },
          Transitions: {
            NextAction: 'return',
            Errors: [{ NextAction: 'return', ErrorType: 'NoMatchingError' }],
          },
        },
        { Identifier: 'return', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
      ],
      Settings: Settings as Record<string, unknown>,
    },
  });
  const findings = (f: FlowFile, profile: 'santral' | 'connect' = 'santral') =>
    validateFlow(f, 'fp.json', ctx, 'fp', { profile }).map((i) => `${i.severity} ${i.rule}: ${i.message}`);

  it('accepts declared inputs, outputs and results, and the designer default', () => {
    const good = {
      InputParameters: [{ ReferenceName: 'accountId', Type: 'String', Required: true, Description: 'who' }],
      OutputParameters: [{ ReferenceName: 'balance', Type: 'Number' }],
      Transitions: [{ DisplayName: 'Success', ReferenceName: 'Success', Description: '' }],
    };
    expect(findings(moduleWith(good))).toEqual([]);
    expect(findings(moduleWith({ InputParameters: [], OutputParameters: [], Transitions: [] }))).toEqual([]);
  });

  it('names each malformed entry: type, required, name, duplicates, unknown keys', () => {
    const bad = {
      InputParameters: [
        { ReferenceName: 'accountId', Type: 'Integer' },
        { ReferenceName: 'accountId', Required: 'yes' },
        { Type: 'String' },
      ],
      OutputParameters: [{ ReferenceName: 'balance', Required: true }],
      Transitions: [{ DisplayName: 'Done' }],
      Extra: true,
    };
    expect(findings(moduleWith(bad))).toEqual([
      'error module-settings: Settings.Extra: unknown key "Extra"; a module\'s Settings hold InputParameters, OutputParameters, Transitions',
      'error module-settings: Settings.InputParameters[0].Type: unknown type "Integer" for "accountId"; use one of String, Number, Boolean',
      'error module-settings: Settings.InputParameters[1].ReferenceName: parameter "accountId" is declared twice',
      'error module-settings: Settings.InputParameters[1].Required: Required must be true or false (got "yes")',
      'error module-settings: Settings.InputParameters[2].ReferenceName: each parameter needs a ReferenceName (or Name) usable as a contact attribute: letters, digits, _ or -, starting with a letter or _ (got undefined)',
      'error module-settings: Settings.OutputParameters[0].Required: Required applies to inputs; output "balance" cannot be required',
      'error module-settings: Settings.Transitions[0].ReferenceName: each result needs a ReferenceName',
    ]);
    // The entry format is Santral's reading of an unpublished schema: only a warning for foreign flows.
    expect(findings(moduleWith(bad), 'connect').every((f) => f.startsWith('warning module-settings'))).toBe(
      true,
    );
  });

  it('reports an output the module never sets', () => {
    const settings = { OutputParameters: [{ ReferenceName: 'balance' }, { ReferenceName: 'currency' }] };
    expect(findings(moduleWith(settings))).toEqual([
      'error module-settings: output "currency" is declared in Settings.OutputParameters but no block of the module sets the contact attribute currency; set it (UpdateContactAttributes) before the Return block, or drop the output',
    ]);
  });

  it('reports Settings on a flow that is not a module', () => {
    const f = one(block('MessageParticipant', { Text: 'Hi' }, toBye));
    f.content.Settings = { InputParameters: [] };
    expect(findings(f)).toEqual([
      'error module-settings: Settings (inputs, outputs, results) belong to flow modules; this flow is not of type MODULE — remove them',
    ]);
  });
});

describe('validator limits (fixtures built by factory: they are large)', () => {
  const chain = (n: number, text: string): FlowFile => ({
    name: 'big',
    type: 'CONTACT_FLOW',
    description: 'generated',
    content: {
      Version: '2019-10-30',
      StartAction: 'a0',
      Metadata: {},
      Actions: Array.from(
        { length: n },
        (_, i): FlowAction =>
          i === n - 1
            ? { Identifier: `a${i}`, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }
            : {
                Identifier: `a${i}`,
                Type: 'MessageParticipant',
                Parameters: { Text: text },
                Transitions: {
                  NextAction: `a${i + 1}`,
                  Errors: [{ NextAction: `a${i + 1}`, ErrorType: 'NoMatchingError' }],
                },
              },
      ),
    },
  });

  it(`reports more than ${MAX_ACTIONS} actions`, () => {
    expect(validateFlow(chain(MAX_ACTIONS, 'Hi.'), 'big.json', ctx)).toEqual([]);
    const issues = validateFlow(chain(MAX_ACTIONS + 1, 'Hi.'), 'big.json', ctx);
    expect(issues.map((i) => [i.rule, i.message])).toEqual([
      [
        'limits',
        `${MAX_ACTIONS + 1} actions; Connect allows at most ${MAX_ACTIONS} per flow. Split it with TransferToFlow or a module`,
      ],
    ]);
  });

  it('reports content over 256,000 characters', () => {
    const issues = validateFlow(chain(200, 'x'.repeat(1300)), 'big.json', ctx);
    expect(issues.map((i) => i.rule)).toEqual(['limits']);
    expect(issues[0]!.message).toMatch(
      /content is about \d+ characters once references are resolved; Connect allows 256000/,
    );
  });

  it('counts references at their resolved (ARN) length', () => {
    const withRefs = chain(200, `${'${Queue:Support} '.repeat(50)}`);
    expect(JSON.stringify(withRefs.content).length).toBeLessThan(256_000);
    expect(validateFlow(withRefs, 'big.json', ctx).map((i) => i.rule)).toEqual(['limits']);
  });
});

describe('the repo flows', () => {
  it('validate without errors or warnings against the dev config', () => {
    expect(validateFlows(repoFlows, ctx).map(formatIssue)).toEqual([]);
  });

  it('include the standard set with their flow types', () => {
    expect(Object.fromEntries(repoFlows.map((f) => [f.name, f.type]))).toMatchObject({
      'inbound-main': 'CONTACT_FLOW',
      'customer-queue': 'CUSTOMER_QUEUE',
      'agent-whisper': 'AGENT_WHISPER',
      'transfer-to-queue': 'QUEUE_TRANSFER',
      'transfer-to-agent': 'AGENT_TRANSFER',
      'outbound-whisper': 'OUTBOUND_WHISPER',
      'post-call-survey': 'CONTACT_FLOW',
      'opt-out': 'CONTACT_FLOW',
    });
  });
});
