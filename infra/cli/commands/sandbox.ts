/**
 * `santral sandbox start|reset|status` — the local sandbox (`npm start` runs `sandbox start`): embedded
 * DynamoDB + S3 with state in .santral/, demo data, a demo call through inbound-main, then the local
 * workspace on loopback (the agent app, the CCP stand-in, the agent API) until Ctrl-C. `--no-serve` exits
 * after the demo call instead (with a terminal attached it first continues interactively: press keys, hear
 * prompts as text, hang up).
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { holidayOn, localTime } from '#shared/domain/hours.ts';
import { maskPhoneNumber, toE164 } from '#shared/domain/phone.ts';
import { DEMO_CALL, DEMO_CUSTOMERS, DEMO_UNKNOWN } from '#shared/local/demo-data.ts';
import { type LocalWorkspace, startLocalWorkspace } from '#shared/local/local-workspace.ts';
import { SANDBOX_DIR, sandboxStatus, startSandbox } from '#shared/local/sandbox.ts';
import { describeHolder } from '#shared/local/sandbox-lock.ts';
import { sandboxRecordSink } from '#shared/local/sandbox-records.ts';
import { TerminalKeypad } from '#shared/simulator/interactive.ts';
import { createSimulatorContext, type SimulatorContext, simulateCall } from '#shared/simulator/simulator.ts';
import { parseCallTime } from '#shared/simulator/suite.ts';
import {
  describeOutcome,
  formatEvent,
  formatTranscript,
  ScriptedKeypad,
} from '#shared/simulator/transcript.ts';
import { buildWorkspace } from '#workspace/build.ts';
import { loadCliConfig } from '../config-option.ts';
import { startProgress } from '../progress.ts';

/** The demo call's time: the next weekday at 11:00 in the main hours' zone, so the demo is in hours. */
export function demoCallTime(config: ContactCenterConfig, now = new Date()): Date {
  const tz = config.hours[0]!.timeZone;
  for (let d = 0; d < 8; d++) {
    const day = localTime(new Date(now.getTime() + d * 86_400_000), tz);
    const holiday = holidayOn(config.hours[0]!, day.date) !== undefined;
    if (!holiday && !['SATURDAY', 'SUNDAY'].includes(day.weekday) && (d > 0 || day.minutes < 11 * 60))
      return parseCallTime(`${day.date}T11:00`, tz);
  }
  return now;
}

function printDemoData(): void {
  console.log('Demo customers (README › Simulator):');
  for (const c of DEMO_CUSTOMERS)
    console.log(`  ${c.phone}  ${c.firstName} ${c.lastName ?? ''} — ${c.tier}, ${c.preferredLanguage}`);
  console.log(`  ${DEMO_UNKNOWN}  (unknown caller)`);
}

async function interactive(ctx: SimulatorContext): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    console.log('\nInteractive mode: place calls yourself. Ctrl-D or "q" quits.');
    for (;;) {
      const from = (await rl.question(`\nCall from [${DEMO_CALL.from}] (q = quit): `)).trim();
      if (from.toLowerCase() === 'q') return;
      const e164 = from === '' ? DEMO_CALL.from : toE164(from);
      if (!e164) {
        console.log(`  "${from}" is not a phone number; try ${DEMO_UNKNOWN}`);
        continue;
      }
      const agentsAnswer = (await rl.question('Agents available per queue [2]: ')).trim();
      const agents = agentsAnswer === '' ? 2 : Number(agentsAnswer);
      const at = new Date();
      console.log(`  calling from ${maskPhoneNumber(e164)} at ${at.toISOString()} …`);
      const result = await simulateCall(ctx, {
        from: e164,
        at,
        agents: Number.isInteger(agents) && agents >= 0 ? agents : 2,
        keypad: new TerminalKeypad(rl),
        callerStaysAfterAgent: true,
        onEvent: (e) => console.log(formatEvent(e)),
      });
      console.log(`  ⇒ ${describeOutcome(result.trace.outcome)}`);
    }
  } catch (err) {
    // Ctrl-D closes the input: leave quietly.
    if ((err as { code?: string }).code !== 'ABORT_ERR' && !/closed/i.test((err as Error).message)) throw err;
  } finally {
    rl.close();
  }
}

export class SandboxCommandError extends Error {
  override name = 'SandboxCommandError';
}

/** Build the app, serve the local workspace, print its URLs and wait for Ctrl-C (SIGINT) or SIGTERM. */
async function serveWorkspace(
  config: ContactCenterConfig,
  ctx: SimulatorContext,
  port: string,
): Promise<void> {
  const portNumber = Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65535)
    throw new SandboxCommandError(`--port ${port}: expected a port number 0-65535`);
  const build = await buildWorkspace();
  const base = demoCallTime(config);
  let local: LocalWorkspace;
  try {
    local = await startLocalWorkspace({
      config,
      distDir: build.outdir,
      port: portNumber,
      simulator: ctx,
      callTime: () => base,
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'EADDRINUSE')
      throw new SandboxCommandError(
        `port ${portNumber} is in use; choose another with --port (0 = any free port)`,
      );
    throw err;
  }
  const agents = config.agents.map((a) => a.login).join(', ') || 'a configured agent';
  console.log('\nLocal workspace (Ctrl-C stops it):');
  console.log(`  agent workspace  ${local.url}/agent.html  (sign in as ${agents})`);
  console.log(
    `  CCP stand-in     ${local.url}/ccp.html    (place a simulated call; it pops the agent's card)`,
  );
  const supervisors = config.agents.filter((a) => a.supervisor).map((a) => a.login);
  if (supervisors.length > 0)
    console.log(
      `  supervisor console ${local.url}/supervisor.html  (sign in on the workspace as ${supervisors.join(' or ')} first)`,
    );
  console.log(`  agent API        ${local.url}/v1/…        (Authorization: Bearer <sandbox token>)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await local.close();
  console.log('workspace stopped');
}

export function register(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description('the local sandbox: embedded DynamoDB + S3, demo data');
  sandbox
    .command('start')
    .description('start the sandbox, place a demo call, serve the local workspace until Ctrl-C (npm start)')
    .option('--no-serve', 'exit after the demo call instead of serving the workspace')
    .option('--port <port>', 'loopback port of the workspace (0 = any free port)', '4800')
    .option('--no-interactive', 'with --no-serve: exit after the demo call even with a terminal')
    .action(async (opts: { interactive: boolean; serve: boolean; port: string }) => {
      const config = loadCliConfig(program);
      const progress = startProgress(
        'sandbox: starting the emulators (seeding the demo data on first start)',
      );
      let sb: Awaited<ReturnType<typeof startSandbox>>;
      try {
        sb = await startSandbox();
      } finally {
        progress.stop();
      }
      try {
        console.log(`Santral sandbox — ${config.name} (${config.stage})`);
        console.log(
          `  DynamoDB ${sb.aws.dynamo.endpoint}, S3 ${sb.aws.s3.endpoint}, state in ${sb.stateDir}`,
        );
        console.log(
          sb.seededNow
            ? '  seeded fresh demo data'
            : '  using existing state (santral sandbox reset starts over)',
        );
        printDemoData();
        // Every simulated call streams its contact record and agent events into the sandbox's tables.
        const ctx = createSimulatorContext(config, { records: sandboxRecordSink() });
        const at = demoCallTime(config);
        const main = config.phoneNumbers[0];
        console.log(
          `\nDemo call: ${DEMO_CALL.from} (VIP) calls ${main?.name ?? 'the main number'} and presses ${DEMO_CALL.press}, ${at.toISOString()}`,
        );
        const result = await simulateCall(ctx, {
          from: DEMO_CALL.from,
          at,
          keypad: new ScriptedKeypad(DEMO_CALL.press),
          callerStaysAfterAgent: false,
        });
        console.log(formatTranscript(result));
        if (result.stopped) process.exitCode = 1;
        if (opts.serve) await serveWorkspace(config, ctx, opts.port);
        else if (opts.interactive && process.stdin.isTTY && process.stdout.isTTY) await interactive(ctx);
      } finally {
        await sb.close();
      }
    });
  sandbox
    .command('reset')
    .description('throw away .santral/ and start over with fresh demo data')
    .action(async () => {
      // Seeding a month of demo history takes seconds: say so on stderr.
      const progress = startProgress('sandbox reset: starting the emulators and seeding the demo data');
      let sb: Awaited<ReturnType<typeof startSandbox>>;
      try {
        sb = await startSandbox({ fresh: true });
      } finally {
        progress.stop();
      }
      await sb.close();
      console.log(`sandbox reset: fresh state in ${sb.stateDir}`);
      printDemoData();
    });
  sandbox
    .command('status')
    .description('where the sandbox state is and when it was seeded')
    .action(() => {
      const s = sandboxStatus();
      console.log(
        s.exists
          ? `state in ${SANDBOX_DIR}${s.seededAt ? `, seeded ${s.seededAt}` : ''}`
          : 'no sandbox state yet (npm start creates it)',
      );
      if (s.heldBy) console.log(`in use by ${describeHolder(s.heldBy)}`);
    });
}
