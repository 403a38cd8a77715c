/**
 * Export scenarios as Amazon Connect Testing-language test cases (CreateTestCase), so the suite that runs
 * offline on every PR can also run against a deployed instance before release.
 *
 * The test case follows the simulated call: one Observation per thing the caller experiences, in order —
 * `TestInitiated`, then `MessageReceived` for each prompt (text matched by `Inclusion`) with the caller's
 * `SendInstruction`/`DtmfInput` attached to the prompt that asked for it, `FlowActionStarted` for each
 * `InvokeLambdaFunction` and for the final `TransferContactToQueue`, and `TestCompleted`.
 *
 * Assumptions (documented in the README, section "Simulator"): Content version "2025-06-21" and the event
 * and action names from the Connect Testing-language reference (TestInitiated, MessageReceived,
 * FlowActionStarted, TestCompleted; SendInstruction). `EndTest` as the closing action is our reading of
 * "ending the test" in the concepts page. Resource ids are left as `${Kind:name}` references, resolved at
 * deploy exactly like flows. The online run happens "now": time-dependent scenarios (after hours,
 * holidays) are exported with a note, since hours cannot be moved in a live instance from the test itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFlowJson } from '#shared/flows/model.ts';
import { reference } from '#shared/flows/references.ts';
import type { LoadedScenario } from './scenarios.ts';
import type { CallResult } from './types.ts';

export const TESTING_LANGUAGE_VERSION = '2025-06-21';

interface Observation {
  Identifier: string;
  Event: { Identifier: string; Type: string; Actor: 'System'; Properties: Record<string, unknown> };
  Usage: { Type: 'EXACTLY' };
  Actions: Record<string, unknown>[];
  Transitions: { NextObservations: string[] };
}

export interface ConnectTestCase {
  Name: string;
  Description: string;
  EntryPoint: {
    Type: 'VOICE_CALL';
    VoiceCallEntryPointParameters: {
      SourcePhoneNumber: string;
      DestinationPhoneNumber: string;
      FlowId: string;
    };
  };
  InitializationData: string;
  Status: 'SAVED';
  /** CreateTestCase takes this as a JSON string; kept as an object here for review. */
  Content: { Version: string; Metadata: Record<string, unknown>; Observations: Observation[] };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

export function toConnectTestCase(
  scenario: LoadedScenario,
  result: CallResult & { flow: string },
  destinationNumberName: string,
): ConnectTestCase {
  const observations: Observation[] = [];
  const add = (
    type: string,
    properties: Record<string, unknown>,
    actions: Record<string, unknown>[] = [],
  ) => {
    const id = `obs-${observations.length + 1}`;
    observations.push({
      Identifier: id,
      Event: { Identifier: `${id}-event`, Type: type, Actor: 'System', Properties: properties },
      Usage: { Type: 'EXACTLY' },
      Actions: actions,
      Transitions: { NextObservations: [] },
    });
  };
  add('TestInitiated', {});
  for (const e of result.events) {
    if (e.kind === 'prompt' && e.to !== 'agent')
      add('MessageReceived', { Text: e.text, MatchingCriteria: 'Inclusion' });
    else if (e.kind === 'input' && e.text.startsWith('caller presses ')) {
      const last = observations[observations.length - 1]!;
      last.Actions.push({
        Identifier: `${last.Identifier}-dtmf-${last.Actions.length + 1}`,
        Type: 'SendInstruction',
        Parameters: {
          ActionType: 'SendInstruction',
          Actor: 'Customer',
          Instruction: { Type: 'DtmfInput', Properties: { Value: e.text.slice('caller presses '.length) } },
        },
        Transitions: { NextAction: '' },
      });
    } else if (e.kind === 'lambda') {
      const name = e.text.slice(0, e.text.indexOf('('));
      add('FlowActionStarted', {
        ActionType: 'InvokeLambdaFunction',
        ActionParameters: { LambdaFunctionARN: reference('Lambda', name) },
      });
    }
  }
  const outcome = result.trace.outcome;
  if (outcome.type === 'queued' && outcome.queue)
    add('FlowActionStarted', {
      ActionType: 'TransferContactToQueue',
      ActionParameters: {},
      ExpectedQueue: reference('Queue', outcome.queue),
    });
  add('TestCompleted', {}, [
    {
      Identifier: 'end',
      Type: 'EndTest',
      Parameters: { ActionType: 'EndTest' },
      Transitions: { NextAction: '' },
    },
  ]);
  for (let i = 0; i < observations.length - 1; i++)
    observations[i]!.Transitions.NextObservations = [observations[i + 1]!.Identifier];
  const timeNote = `Simulated at ${scenario.at}; a live run happens at the time it is started.`;
  return {
    Name: slug(scenario.name),
    Description: `${scenario.description ?? scenario.name} (from ${scenario.source}). ${timeNote}`.slice(
      0,
      250,
    ),
    EntryPoint: {
      Type: 'VOICE_CALL',
      VoiceCallEntryPointParameters: {
        SourcePhoneNumber: scenario.from,
        DestinationPhoneNumber: reference('PhoneNumber', destinationNumberName),
        FlowId: reference('Flow', result.flow),
      },
    },
    InitializationData: JSON.stringify({ attributes: {} }),
    Status: 'SAVED',
    Content: { Version: TESTING_LANGUAGE_VERSION, Metadata: {}, Observations: observations },
  };
}

/** Write one file per scenario; returns the paths. */
export function writeConnectTestCases(dir: string, cases: readonly ConnectTestCase[]): string[] {
  mkdirSync(dir, { recursive: true });
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const n = (seen.get(c.Name) ?? 0) + 1;
    seen.set(c.Name, n);
    const file = join(dir, `${c.Name}${n > 1 ? `-${n}` : ''}.json`);
    writeFileSync(file, formatFlowJson(c));
    return file;
  });
}
