import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowFile } from '#shared/flows/model.ts';
import { reference } from '#shared/flows/references.ts';
import { toConnectTestCase } from '#shared/simulator/connect-test-export.ts';
import { computeCoverage, declaredBranches } from '#shared/simulator/coverage.ts';
import {
  checkExpectations,
  heardVersusExpected,
  loadScenarioFile,
  ScenarioFileError,
  scenarioSchema,
} from '#shared/simulator/scenarios.ts';
import { parseCallTime } from '#shared/simulator/suite.ts';
import { maskNumbers, ScriptedKeypad } from '#shared/simulator/transcript.ts';
import type { CallResult } from '#shared/simulator/types.ts';

const scenario = (expect: Record<string, unknown>) => ({
  ...scenarioSchema.parse({ name: 's', from: '+12065550100', at: '2026-11-24T11:00:00-05:00', expect }),
  source: 'x.yaml#1',
});

const result = (over: Partial<CallResult['trace']> = {}): CallResult & { flow: string } => ({
  flow: 'inbound-main',
  steps: 3,
  events: [
    { seconds: 0, kind: 'prompt', text: 'Press 1 for support.', to: 'caller' },
    { seconds: 2, kind: 'input', text: 'caller presses 1' },
    { seconds: 3, kind: 'lambda', text: 'route(intent=support) → queueName=Support' },
  ],
  trace: {
    outcome: { type: 'queued', queue: 'Support', priority: 1 },
    prompts: ['Welcome. Press 1 for support.', 'Thank you for waiting.'],
    lambdas: [
      { name: 'ivr-lookup', params: {}, result: { lookupStatus: 'ok' } },
      { name: 'route', params: {}, result: {} },
    ],
    attributes: { tier: 'VIP' },
    path: [],
    ...over,
  },
});

describe('scenario expectations', () => {
  it('passes when outcome, prompts in order, attributes and Lambdas match', () => {
    const s = scenario({
      outcome: { type: 'queued', queue: 'Support', priority: 1 },
      prompts: ['Welcome', 'Press 1', 'waiting'],
      attributes: { tier: 'VIP' },
      lambdas: ['ivr-lookup', 'route'],
      lambdaResults: { 'ivr-lookup': { lookupStatus: 'ok' } },
    });
    expect(checkExpectations(s, result())).toEqual([]);
  });

  it('names each mismatch', () => {
    const s = scenario({
      outcome: { type: 'queued', priority: 5 },
      prompts: ['waiting', 'Welcome'],
      notPrompts: ['Thank you'],
      attributes: { tier: 'standard' },
      lambdas: ['route', 'ivr-lookup'],
    });
    const failures = checkExpectations(s, result());
    expect(failures).toContain('outcome.priority: expected 5, got 1');
    expect(failures).toContain('prompt containing "Welcome" heard, but out of order');
    expect(failures).toContain('heard "Thank you" (in "Thank you for waiting.") but should not have');
    expect(failures).toContain('attribute tier: expected "standard", got "VIP"');
    expect(failures).toContain('Lambda ivr-lookup not called in the expected order');
  });

  it('checks that each expected module was entered and returned to its caller, in order', () => {
    const step = (flow: string, action: string, type: string, branch = 'Success') => ({
      flow,
      action,
      type,
      branch,
    });
    const path = [
      step('set-caller-language', 'which-language', 'Compare', 'Equals tr-TR'),
      step('set-caller-language', 'return', 'EndFlowModuleExecution', 'End'),
      step('inbound-main', 'apply-language-tr', 'InvokeFlowModule'),
      step('say-hours', 'hours', 'MessageParticipant'),
    ];
    const s = scenario({ modules: ['set-caller-language'] });
    expect(checkExpectations(s, result({ path }))).toEqual([]);
    const failures = checkExpectations(
      scenario({ modules: ['set-caller-language', 'say-hours', 'other'] }),
      result({ path }),
    );
    expect(failures.slice(0, 2)).toEqual([
      'module say-hours entered but did not return to the invoking flow',
      'module other never entered',
    ]);
  });

  it('shows what the caller heard next to what was expected', () => {
    const s = scenario({ prompts: ['Welcome', 'press 2'], notPrompts: ['waiting'] });
    expect(heardVersusExpected(s, result())).toEqual([
      'expected to hear, in order: “Welcome” → “press 2”',
      'expected not to hear: “waiting”',
      'the caller heard (2 prompts):',
      '  ✓ 1. “Welcome. Press 1 for support.”',
      '  ✗ 2. “Thank you for waiting.”',
    ]);
  });

  it('says so when the caller heard nothing', () => {
    expect(heardVersusExpected(scenario({ prompts: ['Welcome'] }), result({ prompts: [] }))).toEqual([
      'expected to hear, in order: “Welcome”',
      'the caller heard nothing',
    ]);
  });

  it('reports every invalid field of a scenario file with its index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scen-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'scenarios:\n  - name: ok\n    from: "+12065550100"\n    at: nope\n    expect: {}\n  - name: x\n    from: "12"\n    at: "2026-11-24T11:00:00Z"\n    expect: {}\n',
    );
    expect(() => loadScenarioFile(file)).toThrow(ScenarioFileError);
    try {
      loadScenarioFile(file);
    } catch (err) {
      const problems = (err as ScenarioFileError).problems;
      expect(problems.some((p) => p.startsWith('scenarios[0].at:'))).toBe(true);
      expect(problems.some((p) => p.startsWith('scenarios[1].from:'))).toBe(true);
    }
  });
});

describe('coverage', () => {
  const flow: FlowFile = {
    name: 'f',
    type: 'CONTACT_FLOW',
    description: '',
    content: {
      Version: '2019-10-30',
      StartAction: 'menu',
      Actions: [
        {
          Identifier: 'menu',
          Type: 'GetParticipantInput',
          Parameters: {},
          Transitions: {
            NextAction: 'bye',
            Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['1'] } }],
            Errors: [{ NextAction: 'bye', ErrorType: 'InputTimeLimitExceeded' }],
          },
        },
        { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    },
  };

  it('counts conditions and errors as branches, not NextAction beside conditions', () => {
    expect(declaredBranches(flow.content.Actions[0]!)).toEqual(['Equals 1', 'InputTimeLimitExceeded']);
  });

  it('reports actions run and branches taken per flow', () => {
    const [c] = computeCoverage(
      [flow],
      [[{ flow: 'f', action: 'menu', type: 'GetParticipantInput', branch: 'Equals 1' }]],
    );
    expect(c).toMatchObject({ actions: { total: 2, covered: 1 }, branches: { total: 2, covered: 1 } });
    expect(c?.missedBranches).toEqual(['menu › InputTimeLimitExceeded']);
    expect(c?.missedActions).toEqual(['bye']);
  });
});

describe('Connect Testing-language export', () => {
  it('follows the call: prompts with the DTMF answer, Lambdas, the queue, then the end', () => {
    const tc = toConnectTestCase(scenario({}), result(), 'main-line');
    const types = tc.Content.Observations.map(
      (o) => `${o.Event.Type}:${String(o.Event.Properties['ActionType'] ?? '')}`,
    );
    expect(types).toEqual([
      'TestInitiated:',
      'MessageReceived:',
      'FlowActionStarted:InvokeLambdaFunction',
      'FlowActionStarted:TransferContactToQueue',
      'TestCompleted:',
    ]);
    const dtmf = tc.Content.Observations[1]!.Actions[0] as {
      Parameters: { Instruction: { Properties: { Value: string } } };
    };
    expect(dtmf.Parameters.Instruction.Properties.Value).toBe('1');
    expect(tc.EntryPoint.VoiceCallEntryPointParameters).toEqual({
      SourcePhoneNumber: '+12065550100',
      DestinationPhoneNumber: reference('PhoneNumber', 'main-line'),
      FlowId: reference('Flow', 'inbound-main'),
    });
    expect(tc.Content.Observations[0]!.Transitions.NextObservations).toEqual(['obs-2']);
  });
});

describe('keypad scripts, call times, masking', () => {
  it('consumes one key per menu and stored input up to # or the maximum length', () => {
    const k = new ScriptedKeypad('1_2065550123#9');
    expect(k.read({ mode: 'digit', maxLength: 1 })).toBe('1');
    expect(k.read({ mode: 'digit', maxLength: 1 })).toBeUndefined();
    expect(k.read({ mode: 'digits', maxLength: 15 })).toBe('2065550123');
    expect(k.read({ mode: 'digits', maxLength: 15 })).toBe('9');
    expect(k.read({ mode: 'digit', maxLength: 1 })).toBeUndefined();
  });

  it('reads a time without offset in the given zone, across DST', () => {
    expect(parseCallTime('2026-11-24T11:00', 'America/New_York').toISOString()).toBe(
      '2026-11-24T16:00:00.000Z',
    );
    expect(parseCallTime('2026-06-02T11:00', 'America/New_York').toISOString()).toBe(
      '2026-06-02T15:00:00.000Z',
    );
    expect(parseCallTime('2026-11-24T11:00:00Z', 'America/New_York').toISOString()).toBe(
      '2026-11-24T11:00:00.000Z',
    );
    expect(() => parseCallTime('tomorrow', 'America/New_York')).toThrow(/expected an ISO time/);
  });

  it('masks phone numbers but keeps dates and ARNs readable', () => {
    expect(maskNumbers('call from +12065550100 on 2026-11-24, caller presses 2065550123')).toBe(
      'call from +1206***0100 on 2026-11-24, caller presses +2065***0123',
    );
    expect(maskNumbers('arn:aws:connect:us-east-1:000000000000:instance/x')).toBe(
      'arn:aws:connect:us-east-1:000000000000:instance/x',
    );
  });
});
