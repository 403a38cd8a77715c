/**
 * `santral sim call` — one simulated call through the real flows and handlers, on the sandbox's
 * persistent state (.santral/). `santral flows test` — the scenario suite, with coverage and an Amazon
 * Connect Testing-language export.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { toE164 } from '#shared/domain/phone.ts';
import { startSandbox } from '#shared/local/sandbox.ts';
import { sandboxRecordSink } from '#shared/local/sandbox-records.ts';
import { SIM_AGENT_STATES, type SimAgentState } from '#shared/simulator/agents.ts';
import { toConnectTestCase, writeConnectTestCases } from '#shared/simulator/connect-test-export.ts';
import { formatCoverage } from '#shared/simulator/coverage.ts';
import type { Fault } from '#shared/simulator/lambda-invoker.ts';
import { FaultInjectingInvoker } from '#shared/simulator/lambda-invoker.ts';
import { heardVersusExpected, loadScenarios } from '#shared/simulator/scenarios.ts';
import { createSimulatorContext, simulateCall } from '#shared/simulator/simulator.ts';
import { parseCallTime, runScenarioSuite } from '#shared/simulator/suite.ts';
import { describeOutcome, formatTranscript, ScriptedKeypad } from '#shared/simulator/transcript.ts';
import { loadCliConfig } from '../config-option.ts';
import { centerTimeZone } from '../time-options.ts';

const FAULTS: readonly Fault[] = ['error', 'throttle', 'timeout', 'invalid-response'];

const e164Option = (value: string) => {
  const e164 = toE164(value);
  if (!e164)
    throw new InvalidArgumentError(
      `"${value}" is not a valid phone number (expected E.164, e.g. +12065550100)`,
    );
  return e164;
};
const agentsOption = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
};
const failOption = (value: string, previous: Record<string, Fault> = {}) => {
  const [name, fault = 'error'] = value.split('=');
  if (!name || !FAULTS.includes(fault as Fault))
    throw new InvalidArgumentError(`expected <function|*>[=${FAULTS.join('|')}], got "${value}"`);
  return { ...previous, [name]: fault as Fault };
};

const agentStateOption = (value: string, previous: Record<string, SimAgentState> = {}) => {
  const [login, state] = value.split('=');
  if (!login || !(SIM_AGENT_STATES as readonly string[]).includes(state ?? ''))
    throw new InvalidArgumentError(`expected <login>=${SIM_AGENT_STATES.join('|')}, got "${value}"`);
  return { ...previous, [login]: state as SimAgentState };
};

export function register(program: Command): void {
  const sim = program.command('sim').description('simulate calls through the flows, offline');
  sim
    .command('call')
    .description('place one simulated call (real flows, real handlers, sandbox state in .santral/)')
    .requiredOption('--from <e164>', 'the caller, e.g. +12065550100', e164Option)
    .option(
      '--to <number|flow|file>',
      'a configured number (name or simulated address), a flow name, or a path to a flow file from anywhere (unresolvable references become named stand-ins); default: the main number',
    )
    .option(
      '--press <digits>',
      'keys the caller presses, one per menu ("_" = no input; # ends stored input)',
      '',
    )
    .option(
      '--at <iso>',
      'when the call happens (ISO; without an offset: the main hours’ time zone); default now',
    )
    .option(
      '--agents <n>',
      'agents staffed and available in every queue (default: the config: simulator.agentsPerQueue in each queue a routing profile serves)',
      agentsOption,
    )
    .option(
      '--agent <login>',
      'a USER quick connect: the call enters with this agent’s personal queue as working queue (use with --to transfer-to-agent)',
    )
    .addOption(
      new Option(
        '--agent-state <login=state>',
        `a configured agent’s state (${SIM_AGENT_STATES.join(', ')}; default available); repeatable`,
      ).argParser(agentStateOption),
    )
    .addOption(
      new Option('--fail <function=fault>', `break a Lambda (${FAULTS.join(', ')}); repeatable`).argParser(
        failOption,
      ),
    )
    .option('--json', 'print the JSON trace instead of the transcript')
    .action(
      async (opts: {
        from: string;
        to?: string;
        press: string;
        at?: string;
        agents?: number;
        fail?: Record<string, Fault>;
        agent?: string;
        agentState?: Record<string, SimAgentState>;
        json?: boolean;
      }) => {
        const config = loadCliConfig(program);
        const at = opts.at ? parseCallTime(opts.at, config.hours[0]!.timeZone) : new Date();
        const sandbox = await startSandbox();
        try {
          // As Connect streams them: the call's contact record and agent events into the sandbox's tables.
          const ctx = createSimulatorContext(config, { records: sandboxRecordSink() });
          const result = await simulateCall(ctx, {
            from: opts.from,
            ...(opts.to ? { to: opts.to } : {}),
            at,
            ...(opts.agents !== undefined ? { agents: opts.agents } : {}),
            keypad: new ScriptedKeypad(opts.press),
            ...(opts.fail ? { lambdas: new FaultInjectingInvoker(ctx.lambdas, opts.fail) } : {}),
            ...(opts.agent ? { agent: opts.agent } : {}),
            ...(opts.agentState ? { agentStates: opts.agentState } : {}),
          });
          if (opts.json) console.log(JSON.stringify(result.trace));
          else {
            console.log(`Simulated call at ${at.toISOString()} → ${result.flow}`);
            console.log(formatTranscript(result));
          }
          if (result.stopped) {
            console.error(`santral: ${result.stopped}`);
            process.exitCode = 1;
          }
        } finally {
          await sandbox.close();
        }
      },
    );

  const flows =
    program.commands.find((c) => c.name() === 'flows') ??
    program.command('flows').description('contact flows as code');
  flows
    .command('test')
    .description('run the scenarios in contact-flows/scenarios/ through the real flows and handlers')
    .option('--coverage', 'print per-flow coverage of actions and branches')
    .option(
      '--export-connect <dir>',
      'also write the scenarios as Amazon Connect Testing-language test cases',
    )
    .option('--filter <text>', 'only scenarios whose name contains this text')
    .option('--json', 'one JSON line per scenario (and coverage)')
    .action(async (opts: { coverage?: boolean; exportConnect?: string; filter?: string; json?: boolean }) => {
      const config = loadCliConfig(program);
      const scenarios = loadScenarios(undefined, { timeZone: centerTimeZone(config) }).filter(
        (s) => !opts.filter || s.name.includes(opts.filter),
      );
      if (scenarios.length === 0) throw new Error('no scenarios found in contact-flows/scenarios/');
      const suite = await runScenarioSuite(config, scenarios, (run) => {
        const ok = run.failures.length === 0;
        if (opts.json) {
          console.log(
            JSON.stringify({
              scenario: run.scenario.name,
              source: run.scenario.source,
              ok,
              failures: run.failures,
              outcome: run.result.trace.outcome,
              ...(ok
                ? {}
                : { expectedPrompts: run.scenario.expect.prompts, heard: run.result.trace.prompts }),
            }),
          );
          return;
        }
        console.log(`${ok ? '✓' : '✗'} ${run.scenario.name}  (${describeOutcome(run.result.trace.outcome)})`);
        for (const f of run.failures) console.log(`    ${f}`);
        if (!ok) {
          for (const l of heardVersusExpected(run.scenario, run.result)) console.log(`    ${l}`);
          console.log(`    at ${run.scenario.source}`);
        }
      });
      const failed = suite.runs.filter((r) => r.failures.length > 0).length;
      if (opts.coverage) {
        if (opts.json) for (const c of suite.coverage) console.log(JSON.stringify({ coverage: c }));
        else {
          console.log(`\n${formatCoverage(suite.coverage)}`);
          for (const c of suite.coverage)
            if (c.missedBranches.length > 0)
              console.log(`  ${c.flow}: never took ${c.missedBranches.join('; ')}`);
        }
      }
      if (opts.exportConnect) {
        const main = config.phoneNumbers[0]?.name ?? 'main-line';
        const files = writeConnectTestCases(
          opts.exportConnect,
          suite.runs.map((r) =>
            toConnectTestCase(
              r.scenario,
              r.result,
              r.scenario.to && config.phoneNumbers.some((n) => n.name === r.scenario.to)
                ? r.scenario.to
                : main,
            ),
          ),
        );
        if (!opts.json) console.log(`\nwrote ${files.length} Connect test case(s) to ${opts.exportConnect}`);
      }
      if (!opts.json) console.log(`\n${suite.runs.length - failed} passed, ${failed} failed`);
      if (failed > 0) process.exitCode = 1;
    });
}
