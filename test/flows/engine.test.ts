import { describe, expect, it } from 'vitest';
import { reference } from '#shared/flows/references.ts';
import { runCall, speakSsml } from '#shared/simulator/engine.ts';
import { FaultInjectingInvoker, InProcessLambdaInvoker } from '#shared/simulator/lambda-invoker.ts';
import {
  act,
  CALL,
  equals,
  FIXTURE_FUNCTIONS,
  fixtureWorld,
  flow,
  hangUp,
  next,
  say,
} from './fixtures/flows.ts';

const menu = (errors: Record<string, string> = {}) =>
  act(
    'menu',
    'GetParticipantInput',
    { Text: 'Press 1 for support, 2 for orders.', StoreInput: 'False', InputTimeLimitSeconds: '5' },
    {
      Conditions: [equals('1', 'one'), equals('2', 'two')],
      Errors: Object.entries(errors).map(([ErrorType, NextAction]) => ({ ErrorType, NextAction })),
    },
  );

const menuFlow = (errors: Record<string, string>) =>
  flow('main', [
    menu(errors),
    say('one', 'You chose one.', 'bye'),
    say('two', 'You chose two.', 'bye'),
    say('timeout', 'We did not hear you.', 'bye'),
    say('nomatch', 'That is not an option.', 'bye'),
    say('error', 'Something went wrong.', 'bye'),
    hangUp(),
  ]);

const lambdaBlock = (
  name: string,
  params: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) =>
  act(
    `call-${name}`,
    'InvokeLambdaFunction',
    {
      LambdaFunctionARN: reference('Lambda', name),
      InvocationTimeLimitSeconds: '3',
      LambdaInvocationAttributes: params,
      ResponseValidation: { ResponseType: 'STRING_MAP' },
      ...extra,
    },
    next('ok', { NoMatchingError: 'failed' }),
  );

describe('flow engine: transitions', () => {
  it('takes the first condition matching the pressed key', async () => {
    const r = await runCall(fixtureWorld([menuFlow({})], { press: '2' }), CALL);
    expect(r.trace.prompts).toEqual(['Press 1 for support, 2 for orders.', 'You chose two.']);
    expect(r.trace.path[0]).toEqual({
      flow: 'main',
      action: 'menu',
      type: 'GetParticipantInput',
      branch: 'Equals 2',
    });
  });

  it('takes InputTimeLimitExceeded when the caller presses nothing', async () => {
    const r = await runCall(
      fixtureWorld([menuFlow({ InputTimeLimitExceeded: 'timeout', NoMatchingError: 'error' })]),
      CALL,
    );
    expect(r.trace.prompts).toContain('We did not hear you.');
    expect(r.trace.path[0]?.branch).toBe('InputTimeLimitExceeded');
  });

  it('takes NoMatchingCondition for a key no condition names', async () => {
    const r = await runCall(
      fixtureWorld([menuFlow({ NoMatchingCondition: 'nomatch', NoMatchingError: 'error' })], { press: '7' }),
      CALL,
    );
    expect(r.trace.prompts).toContain('That is not an option.');
  });

  it('falls back to NoMatchingError when the specific error has no branch', async () => {
    const r = await runCall(fixtureWorld([menuFlow({ NoMatchingError: 'error' })], { press: '7' }), CALL);
    expect(r.trace.prompts).toContain('Something went wrong.');
    expect(r.trace.path[0]?.branch).toBe('NoMatchingError');
  });

  it('disconnects and says why when a needed branch is missing', async () => {
    const r = await runCall(fixtureWorld([menuFlow({})], { press: '7' }), CALL);
    expect(r.trace.outcome.type).toBe('disconnected');
    expect(r.trace.outcome.reason).toContain('no NoMatchingCondition branch at main › menu');
  });

  it('compares contact attributes with number and text operators in order', async () => {
    const f = flow('main', [
      act('set', 'UpdateContactAttributes', { Attributes: { score: '42', name: 'Santral' } }, next('cmp')),
      act(
        'cmp',
        'Compare',
        { ComparisonValue: '$.Attributes.score' },
        {
          Conditions: [
            { NextAction: 'low', Condition: { Operator: 'NumberLessThan', Operands: ['10'] } },
            { NextAction: 'mid', Condition: { Operator: 'NumberGreaterOrEqualTo', Operands: ['40'] } },
            { NextAction: 'low', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } },
          ],
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'bye' }],
        },
      ),
      act(
        'mid',
        'Compare',
        { ComparisonValue: '$.Attributes.name' },
        {
          Conditions: [
            { NextAction: 'starts', Condition: { Operator: 'TextStartsWith', Operands: ['San'] } },
          ],
        },
      ),
      say('starts', 'Hello $.Attributes.name, your score is $.Attributes.score.', 'bye'),
      say('low', 'low', 'bye'),
      hangUp(),
    ]);
    const r = await runCall(fixtureWorld([f]), CALL);
    expect(r.trace.prompts).toEqual(['Hello Santral, your score is 42.']);
  });

  it('stops with the unsupported action named, without crashing', async () => {
    const f = flow('main', [
      say('hi', 'Hi.', 'odd'),
      act('odd', 'SomeFutureAction', {}, next('bye')),
      hangUp(),
    ]);
    const r = await runCall(fixtureWorld([f]), CALL);
    expect(r.stopped).toBe('unsupported action SomeFutureAction at main › odd');
    expect(r.trace.outcome).toEqual({
      type: 'disconnected',
      reason: 'unsupported action SomeFutureAction at main › odd',
    });
    expect(r.trace.prompts).toEqual(['Hi.']);
  });

  it('reports an endless loop at the step limit instead of hanging', async () => {
    const f = flow('main', [say('a', 'again', 'b'), say('b', 'and again', 'a')]);
    const r = await runCall(fixtureWorld([f]), { ...CALL, maxSteps: 50 });
    expect(r.stopped).toMatch(/^step limit of 50 actions reached at main › /);
    expect(r.steps).toBe(51);
  });

  it('runs a Loop block LoopCount times, then DoneLooping', async () => {
    const f = flow('main', [
      act(
        'loop',
        'Loop',
        { LoopCount: '3' },
        {
          Conditions: [
            { NextAction: 'tick', Condition: { Operator: 'Equals', Operands: ['ContinueLooping'] } },
            { NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['DoneLooping'] } },
          ],
        },
      ),
      say('tick', 'tick', 'loop'),
      hangUp(),
    ]);
    const r = await runCall(fixtureWorld([f]), CALL);
    expect(r.trace.prompts).toEqual(['tick', 'tick', 'tick']);
  });

  it('speaks SSML without its tags', () => {
    expect(speakSsml('<speak>Hello <break time="1s"/><emphasis>Ada</emphasis> &amp; co.</speak>')).toBe(
      'Hello Ada & co.',
    );
  });
});

describe('flow engine: Lambdas', () => {
  const lambdaFlow = (block: ReturnType<typeof lambdaBlock>) =>
    flow('main', [
      block,
      say('ok', 'Got $.External.greeting from $.External.caller.', 'bye'),
      say('failed', 'The lookup failed.', 'bye'),
      hangUp(),
    ]);

  it('runs the handler in-process with a Connect event and exposes the result as $.External', async () => {
    const r = await runCall(
      fixtureWorld([lambdaFlow(lambdaBlock('echo', { greeting: '$.Attributes.hello' }))]),
      {
        ...CALL,
        attributes: { hello: 'merhaba' },
      },
    );
    expect(r.trace.prompts).toEqual(['Got merhaba from +12065550100.']);
    expect(r.trace.lambdas).toEqual([
      {
        name: 'echo',
        params: { greeting: 'merhaba' },
        result: { greeting: 'merhaba', caller: '+12065550100', queue: '' },
      },
    ]);
  });

  it('takes the error branch for a nested response under STRING_MAP', async () => {
    const r = await runCall(fixtureWorld([lambdaFlow(lambdaBlock('nested'))]), CALL);
    expect(r.trace.prompts).toEqual(['The lookup failed.']);
    expect(r.trace.lambdas[0]?.error).toMatch(/InvalidResponse: STRING_MAP value "customer" is object/);
  });

  it('accepts the same nested response when the block asks for JSON', async () => {
    const block = lambdaBlock('nested', {}, { ResponseValidation: { ResponseType: 'JSON' } });
    const r = await runCall(fixtureWorld([lambdaFlow(block)]), CALL);
    expect(r.trace.lambdas[0]?.result).toEqual({ status: 'ok', customer: { tier: 'VIP' } });
  });

  it('takes the error branch when the handler exceeds the block time limit', async () => {
    const block = lambdaBlock('slow', { delayMs: '1500' }, { InvocationTimeLimitSeconds: '1' });
    const r = await runCall(fixtureWorld([lambdaFlow(block)]), CALL);
    expect(r.trace.lambdas[0]?.error).toMatch(/LambdaTimeoutError/);
    expect(r.trace.prompts).toEqual(['The lookup failed.']);
  });

  it('retries a failing function like Connect and succeeds when a retry answers', async () => {
    const lambdas = new FaultInjectingInvoker(
      new InProcessLambdaInvoker(FIXTURE_FUNCTIONS),
      { echo: 'throttle' },
      2,
    );
    const r = await runCall(
      fixtureWorld([lambdaFlow(lambdaBlock('echo', { greeting: 'hi' }))], { lambdas }),
      CALL,
    );
    expect(lambdas.attempts.get('echo')).toBe(3);
    expect(r.trace.prompts).toEqual(['Got hi from +12065550100.']);
  });

  it('gives up after 3 retries and takes the error branch', async () => {
    const lambdas = new FaultInjectingInvoker(new InProcessLambdaInvoker(FIXTURE_FUNCTIONS), {
      '*': 'error',
    });
    const r = await runCall(fixtureWorld([lambdaFlow(lambdaBlock('echo'))], { lambdas }), CALL);
    expect(lambdas.attempts.get('echo')).toBe(4);
    expect(r.trace.lambdas[0]?.error).toMatch(/injected failure in echo/);
  });

  it('replaces $.External with each call, and clears it when a call fails', async () => {
    const f = flow('main', [
      act(
        'first',
        'InvokeLambdaFunction',
        { LambdaFunctionARN: reference('Lambda', 'echo'), LambdaInvocationAttributes: { greeting: 'one' } },
        next('second', { NoMatchingError: 'bye' }),
      ),
      act(
        'second',
        'InvokeLambdaFunction',
        { LambdaFunctionARN: reference('Lambda', 'nested') },
        next('bye', { NoMatchingError: 'after' }),
      ),
      say('after', 'greeting is [$.External.greeting]', 'bye'),
      hangUp(),
    ]);
    const r = await runCall(fixtureWorld([f]), CALL);
    expect(r.trace.prompts).toEqual(['greeting is []']);
  });

  it('names a missing handler in the error', async () => {
    const r = await runCall(fixtureWorld([lambdaFlow(lambdaBlock('no-such-function'))]), CALL);
    expect(r.trace.lambdas[0]?.error).toMatch(/no handler for Lambda "no-such-function"/);
  });
});

describe('flow engine: hours, queues, hooks, transfers', () => {
  const queueFlow = flow(
    'queue-flow',
    [
      act(
        'hold',
        'MessageParticipantIteratively',
        {
          Messages: [
            { Text: 'Your call is important to us.' },
            { PromptId: reference('Prompt', 'hold-music') },
          ],
          InterruptFrequencySeconds: '60',
        },
        {
          Conditions: [
            { NextAction: 'offer', Condition: { Operator: 'Equals', Operands: ['MessagesInterrupted'] } },
          ],
        },
      ),
      act(
        'offer',
        'CheckMetricData',
        { MetricType: 'NumberOfAgentsStaffed' },
        {
          Conditions: [{ NextAction: 'cb', Condition: { Operator: 'NumberLessThan', Operands: ['1'] } }],
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'hold' }],
        },
      ),
      act(
        'cb',
        'CreateCallbackContact',
        { InitialCallDelaySeconds: '5' },
        next('cb-said', { NoMatchingError: 'hold' }),
      ),
      say('cb-said', 'We will call you back.', 'bye'),
      hangUp(),
    ],
    'CUSTOMER_QUEUE',
  );
  const whisper = flow(
    'whisper',
    [say('w', 'Caller tier $.Attributes.tier.', 'end'), act('end', 'EndFlowExecution')],
    'AGENT_WHISPER',
  );
  const survey = flow(
    'survey',
    [
      act(
        'ask',
        'GetParticipantInput',
        {
          Text: 'Rate us from 1 to 5.',
          StoreInput: 'True',
          InputValidation: { CustomValidation: { MaximumLength: '1' } },
        },
        next('thanks', { InputTimeLimitExceeded: 'bye', NoMatchingError: 'bye' }),
      ),
      say('thanks', 'You gave $.StoredCustomerInput.', 'bye'),
      hangUp(),
    ],
    'CONTACT_FLOW',
  );
  const main = flow('main', [
    act(
      'hours',
      'CheckHoursOfOperation',
      { HoursOfOperationId: reference('Hours', 'Main') },
      {
        Conditions: [equals('True', 'tier'), equals('False', 'closed')],
        Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'closed' }],
      },
    ),
    act('tier', 'UpdateContactAttributes', { Attributes: { tier: 'VIP' } }, next('hooks')),
    act(
      'hooks',
      'UpdateContactEventHooks',
      {
        EventHooks: {
          CustomerQueue: reference('Flow', 'queue-flow'),
          AgentWhisper: reference('Flow', 'whisper'),
          CustomerRemaining: reference('Flow', 'survey'),
        },
      },
      next('prio', { NoMatchingError: 'closed' }),
    ),
    act('prio', 'UpdateContactRoutingBehavior', { QueuePriority: '1' }, next('set-queue')),
    act(
      'set-queue',
      'UpdateContactTargetQueue',
      { QueueId: reference('Queue', 'Support') },
      next('xfer', { NoMatchingError: 'closed' }),
    ),
    act(
      'xfer',
      'TransferContactToQueue',
      {},
      {
        Errors: [
          { ErrorType: 'QueueAtCapacity', NextAction: 'full' },
          { ErrorType: 'NoMatchingError', NextAction: 'closed' },
        ],
      },
    ),
    say('full', 'All lines are busy.', 'bye'),
    say('closed', 'We are closed.', 'bye'),
    hangUp(),
  ]);
  const all = [main, queueFlow, whisper, survey];

  it('queues in hours at the set priority, whispers to the agent, then runs the disconnect flow', async () => {
    const r = await runCall(fixtureWorld(all, { press: '4' }), CALL);
    expect(r.trace.outcome).toEqual({ type: 'queued', queue: 'Support', priority: 1 });
    expect(r.trace.prompts).toEqual([
      'Your call is important to us.',
      '(hold music)',
      '[agent] Caller tier VIP.',
      'Rate us from 1 to 5.',
      'You gave 4.',
    ]);
  });

  it('is closed on a holiday (2026-12-25) even at 11:00 on a weekday', async () => {
    const r = await runCall(fixtureWorld(all, { at: '2026-12-25T16:00:00Z' }), CALL);
    expect(r.trace.prompts).toEqual(['We are closed.']);
    expect(r.trace.outcome.type).toBe('disconnected');
  });

  it('is closed at 03:00 on a Sunday', async () => {
    const r = await runCall(fixtureWorld(all, { at: '2026-11-22T08:00:00Z' }), CALL);
    expect(r.trace.prompts).toEqual(['We are closed.']);
  });

  it('offers a callback from the queue flow when no agent is staffed', async () => {
    const r = await runCall(fixtureWorld(all, { agents: 0 }), CALL);
    expect(r.trace.outcome).toEqual({ type: 'callback', queue: 'Support', number: '+12065550100' });
    expect(r.trace.prompts).toContain('We will call you back.');
    expect(r.trace.prompts.some((p) => p.startsWith('[agent]'))).toBe(false);
  });

  it('takes QueueAtCapacity when the queue is full', async () => {
    const r = await runCall(
      fixtureWorld(all, { agents: { Support: { staffed: 1, available: 0, atCapacity: true } } }),
      CALL,
    );
    expect(r.trace.prompts).toEqual(['All lines are busy.']);
  });

  it('continues in another flow, changes language and voice, and transfers to a third party', async () => {
    const f = flow('main', [
      act('lang', 'UpdateContactData', { LanguageCode: 'tr-TR' }, next('voice')),
      act('voice', 'UpdateContactTextToSpeechVoice', { TextToSpeechVoice: 'Filiz' }, next('go')),
      act(
        'go',
        'TransferToFlow',
        { ContactFlowId: reference('Flow', 'second') },
        next('bye', { NoMatchingError: 'bye' }),
      ),
      hangUp(),
    ]);
    const second = flow('second', [
      act(
        'mod',
        'InvokeFlowModule',
        { FlowModuleId: reference('Module', 'mod') },
        next('ext', { NoMatchingError: 'bye' }),
      ),
      act(
        'ext',
        'TransferParticipantToThirdParty',
        {
          ThirdPartyPhoneNumber: '+12125550147',
          ThirdPartyConnectionTimeLimitSeconds: '30',
          ContinueFlowExecution: 'False',
        },
        next('bye', { CallFailed: 'bye', NoMatchingError: 'bye' }),
      ),
      hangUp(),
    ]);
    const mod = flow('mod', [say('m', 'Bir dakika lütfen.', 'end'), act('end', 'EndFlowModuleExecution')]);
    const r = await runCall(fixtureWorld([f, second, mod]), CALL);
    expect(r.trace.outcome).toEqual({ type: 'transferred', number: '+12125550147' });
    expect(r.trace.prompts).toEqual(['Bir dakika lütfen.']);
    expect(r.events.find((e) => e.kind === 'prompt')?.voice).toBe('tr-TR/Filiz');
    expect(r.trace.path.map((s) => `${s.flow}›${s.action}`)).toEqual([
      'main›lang',
      'main›voice',
      'main›go',
      'mod›m',
      'mod›end',
      'second›mod',
      'second›ext',
    ]);
  });

  it('routes to the queue ARN a Lambda returns (dynamic QueueId)', async () => {
    const f = flow('main', [
      act(
        'route',
        'InvokeLambdaFunction',
        {
          LambdaFunctionARN: reference('Lambda', 'echo'),
          LambdaInvocationAttributes: { queueArn: reference('Queue', 'Billing') },
        },
        next('set', { NoMatchingError: 'bye' }),
      ),
      act(
        'set',
        'UpdateContactTargetQueue',
        { QueueId: '$.External.queueArn' },
        next('xfer', { NoMatchingError: 'bye' }),
      ),
      act(
        'xfer',
        'TransferContactToQueue',
        {},
        { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
      ),
      hangUp(),
    ]);
    const r = await runCall(fixtureWorld([f], { callerStaysAfterAgent: false }), CALL);
    expect(r.trace.outcome).toEqual({ type: 'queued', queue: 'Billing', priority: 5 });
  });
});

describe('simulator front door', () => {
  it('reports each event as it happens when asked (the interactive sandbox prints them live)', async () => {
    const { createSimulatorContext, simulateCall } = await import('#shared/simulator/simulator.ts');
    const { demoConfig } = await import('./fixtures/flows.ts');
    const { ScriptedKeypad } = await import('#shared/simulator/transcript.ts');
    const seen: string[] = [];
    const f = flow('main', [say('hi', 'Hello there.', 'bye'), hangUp()]);
    const ctx = createSimulatorContext(demoConfig(), {
      flows: [{ ...f, file: 'main.json' }],
      lambdas: new InProcessLambdaInvoker(FIXTURE_FUNCTIONS),
    });
    const r = await simulateCall(ctx, {
      from: '+12065550100',
      to: 'main',
      keypad: new ScriptedKeypad(''),
      onEvent: (e) => seen.push(`${e.kind}:${e.text}`),
    });
    expect(seen).toEqual(r.events.map((e) => `${e.kind}:${e.text}`));
    expect(seen).toContain('prompt:Hello there.');
  });
});

describe('CheckHoursOfOperation without HoursOfOperationId', () => {
  // flow-control-actions-checkhoursofoperation: without an id, the hours of the contact's working queue.
  const hoursOfQueue = (queue: string) =>
    flow('main', [
      act(
        'set-queue',
        'UpdateContactTargetQueue',
        { QueueId: reference('Queue', queue) },
        next('hours', { NoMatchingError: 'bye' }),
      ),
      act(
        'hours',
        'CheckHoursOfOperation',
        {},
        {
          Conditions: [equals('True', 'open'), equals('False', 'closed')],
          Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }],
        },
      ),
      say('open', 'We are open.', 'bye'),
      say('closed', 'We are closed.', 'bye'),
      hangUp(),
    ]);
  const at = '2026-11-24T08:00:00Z'; // Tuesday 03:00 New York: Main is closed, Always is open

  it("checks the working queue's hours (Outbound: Always → open)", async () => {
    const r = await runCall(fixtureWorld([hoursOfQueue('Outbound')], { at }), CALL);
    expect(r.trace.prompts).toEqual(['We are open.']);
  });

  it("checks the working queue's hours (Support: Main → closed)", async () => {
    const r = await runCall(fixtureWorld([hoursOfQueue('Support')], { at }), CALL);
    expect(r.trace.prompts).toEqual(['We are closed.']);
  });

  it('takes NoMatchingError when there is no working queue', async () => {
    const noQueue = flow('main', hoursOfQueue('Support').content.Actions.slice(1));
    const r = await runCall(fixtureWorld([noQueue], { at }), CALL);
    expect(r.trace.path[0]).toMatchObject({ action: 'hours', branch: 'NoMatchingError' });
  });
});

describe('flow modules', () => {
  const module = flow(
    'lookup-module',
    [
      act('mark', 'UpdateFlowAttributes', { FlowAttributes: { scratch: { Value: 'module' } } }, next('out')),
      act(
        'out',
        'UpdateContactAttributes',
        { Attributes: { moduleResult: 'found', sawCaller: '$.FlowAttributes.step' } },
        next('return'),
      ),
      act('return', 'EndFlowModuleExecution'),
    ],
    'MODULE',
  );
  const main = flow('main', [
    act('step', 'UpdateFlowAttributes', { FlowAttributes: { step: { Value: 'before' } } }, next('invoke')),
    act(
      'invoke',
      'InvokeFlowModule',
      { FlowModuleId: reference('Module', 'lookup-module') },
      next('after', { NoMatchingError: 'bye' }),
    ),
    say(
      'after',
      'Result $.Attributes.moduleResult, step $.FlowAttributes.step, scratch $.FlowAttributes.scratch.',
      'bye',
    ),
    hangUp(),
  ]);

  it('enters the module, runs it and continues after InvokeFlowModule with what it set on the contact', async () => {
    const r = await runCall(fixtureWorld([main, module]), CALL);
    expect(r.trace.path.map((s) => `${s.flow} › ${s.action} › ${s.branch}`)).toEqual([
      'main › step › Success',
      'lookup-module › mark › Success',
      'lookup-module › out › Success',
      'lookup-module › return › End',
      'main › invoke › Success',
      'main › after › Success',
      'main › bye › End',
    ]);
    // Contact attributes are the module's outputs; flow attributes are scoped to each flow.
    expect(r.trace.prompts).toEqual(['Result found, step before, scratch .']);
    expect(r.trace.attributes['moduleResult']).toBe('found');
    expect(r.trace.attributes['sawCaller']).toBeUndefined(); // the caller's flow attributes are not the module's
  });

  describe('with declared inputs and outputs (Settings)', () => {
    const settings = {
      InputParameters: [
        { ReferenceName: 'accountId', Type: 'String', Required: true },
        { ReferenceName: 'attempts', Type: 'Number' },
      ],
      OutputParameters: [{ ReferenceName: 'balance', Type: 'Number' }],
      Transitions: [{ DisplayName: 'Success', ReferenceName: 'Success', Description: '' }],
    };
    const balanceModule = (balance: string) => {
      const m = flow(
        'balance',
        [
          say('read', 'Looking up account $.Attributes.accountId.', 'set'),
          act('set', 'UpdateContactAttributes', { Attributes: { balance } }, next('return')),
          act('return', 'EndFlowModuleExecution'),
        ],
        'MODULE',
      );
      m.content.Settings = settings;
      return m;
    };
    const caller = (attributes: Record<string, string>) =>
      flow('main', [
        act('inputs', 'UpdateContactAttributes', { Attributes: attributes }, next('invoke')),
        act(
          'invoke',
          'InvokeFlowModule',
          { FlowModuleId: reference('Module', 'balance') },
          next('after', { NoMatchingError: 'failed' }),
        ),
        say('after', 'Your balance is $.Attributes.balance.', 'bye'),
        say('failed', 'Sorry, we cannot look that up.', 'bye'),
        hangUp(),
      ]);

    it('passes the inputs in and gives the outputs back to the invoking flow', async () => {
      const r = await runCall(
        fixtureWorld([caller({ accountId: 'A-7', attempts: '2' }), balanceModule('42.5')]),
        CALL,
      );
      expect(r.trace.prompts).toEqual(['Looking up account A-7.', 'Your balance is 42.5.']);
      const flowEvents = r.events.filter((e) => e.kind === 'flow').map((e) => e.text);
      expect(flowEvents).toEqual([
        'module balance with accountId=A-7, attempts=2',
        'module balance returns balance=42.5',
      ]);
    });

    it('does not enter the module when a required input is missing: the error branch', async () => {
      const r = await runCall(fixtureWorld([caller({ attempts: '2' }), balanceModule('42.5')]), CALL);
      expect(r.trace.prompts).toEqual(['Sorry, we cannot look that up.']);
      expect(r.trace.path.find((p) => p.action === 'invoke')?.branch).toBe('NoMatchingError');
      expect(r.trace.path.some((p) => p.flow === 'balance')).toBe(false);
      expect(r.events.map((e) => e.text)).toContain(
        'module balance not entered: required input "accountId" is not set',
      );
    });

    it('takes the error branch for an input of the wrong type', async () => {
      const r = await runCall(
        fixtureWorld([caller({ accountId: 'A-7', attempts: 'twice' }), balanceModule('1')]),
        CALL,
      );
      expect(r.trace.prompts).toEqual(['Sorry, we cannot look that up.']);
      expect(r.events.map((e) => e.text)).toContain(
        'module balance not entered: "attempts" must be a Number (got "twice")',
      );
    });

    it('reports an output of the wrong type and still returns', async () => {
      const r = await runCall(fixtureWorld([caller({ accountId: 'A-7' }), balanceModule('lots')]), CALL);
      expect(r.trace.prompts).toEqual(['Looking up account A-7.', 'Your balance is lots.']);
      expect(r.events.map((e) => e.text)).toContain(
        'module balance: output "balance" must be a Number (got "lots")',
      );
    });
  });
});
