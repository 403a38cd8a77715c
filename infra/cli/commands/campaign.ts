/**
 * `santral campaign preview|create|run|status` — outbound campaigns on the local sandbox. `run --sim`
 * drives the real dialer (same domain code as functions/campaign-dialer) on a virtual clock against the
 * local Connect stand-in, which plays answered calls through the outbound flow in the flow simulator.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type Command, InvalidArgumentError } from 'commander';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { maskPhoneNumber, normalizePhoneNumber } from '#shared/domain/phone.ts';
import { seededRandom } from '#shared/local/seeded-random.ts';
import { type ControlOutcome, controlCampaign, stopAllCampaigns } from '#shared/operator/campaign-control.ts';
import { type CampaignStatusReport, campaignStatus, operatorServices } from '#shared/operator/services.ts';
import type { Campaign } from '#shared/outbound/campaign.ts';
import {
  allowedContactAttributes,
  ContactAttributeTally,
  formatContactAttributeReport,
} from '#shared/outbound/contact-attributes.ts';
import { runDialerTick } from '#shared/outbound/dialer.ts';
import { formatPreviewTable, type IngestedRow, scrubContactList } from '#shared/outbound/ingest.ts';
import { isQueueable, rowAttributes, targetFromRow } from '#shared/outbound/queue-list.ts';
import { AMD_STATUSES, type AmdStatus } from '#shared/outbound/retry-policy.ts';
import type { OutboundRuntime } from '#shared/outbound/runtime.ts';
import {
  type AmdMix,
  DEFAULT_AMD_MIX,
  type FlowRunner,
  SimulatedConnect,
} from '#shared/outbound/sim-connect.ts';
import { type Clock, TokenBucket } from '#shared/outbound/token-bucket.ts';
import { runCall } from '#shared/simulator/engine.ts';
import { buildWorld, createSimulatorContext } from '#shared/simulator/simulator.ts';
import { paint } from '../colour.ts';
import { loadCliConfig } from '../config-option.ts';
import { readInput, STDIN } from '../input.ts';
import { DEPLOYED_HELP, withOperatorStage } from '../operator.ts';
import { cliTime, inCenterZone } from '../time-options.ts';
import { progressBar, withRuntime } from './dnc.ts';

const LOCAL_TIME_HELP = 'without an offset: the center’s time zone';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const nameArg = (v: string) => {
  if (!NAME.test(v))
    throw new InvalidArgumentError('campaign names: letters, digits, dot, dash, underscore (≤ 63)');
  return v;
};
const intArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
};
/** A tick of 0 minutes would never advance the virtual clock (the run would hang): at least 1. */
const tickMinutesArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1440)
    throw new InvalidArgumentError('expected whole minutes between 1 and 1440');
  return n;
};

async function openList(file: string): Promise<{ size: number; body: AsyncIterable<Uint8Array> }> {
  const s3Uri = /^s3:\/\/([^/]+)\/(.+)$/.exec(file);
  if (s3Uri) {
    try {
      const out = await createS3Client().send(new GetObjectCommand({ Bucket: s3Uri[1]!, Key: s3Uri[2]! }));
      return { size: out.ContentLength ?? 0, body: out.Body as AsyncIterable<Uint8Array> };
    } catch (err) {
      throw new Error(`${file}: cannot read (${(err as Error).name})`);
    }
  }
  if (file === STDIN) {
    const body = await readInput(file);
    return {
      size: body.length,
      body: (async function* () {
        yield new Uint8Array(body);
      })(),
    };
  }
  try {
    return { size: statSync(file).size, body: createReadStream(file, { highWaterMark: 1 << 16 }) };
  } catch (err) {
    throw new Error(`${file}: cannot read (${(err as Error).message})`);
  }
}

/** Scrub a list file with a progress bar (by bytes read). */
async function scrubFile(
  rt: OutboundRuntime,
  config: ContactCenterConfig,
  file: string,
  at: Date,
  policy: Campaign['policy'],
  onRow?: (row: IngestedRow) => Promise<void>,
) {
  // A local file, or s3://bucket/key in the sandbox's S3 (the path campaign-ingest takes in AWS).
  const source = await openList(file);
  const bar = progressBar('scrub');
  const show = source.size > 256 * 1024;
  if (show) bar.start(source.size, 0);
  const deps = await rt.ingestGate(config.outbound);
  async function* chunks() {
    let read = 0;
    for await (const c of source.body) {
      read += c.length;
      if (show) bar.update(read);
      yield c;
    }
  }
  try {
    return await scrubContactList(chunks(), {
      deps,
      policy,
      at,
      ...(onRow ? { onRow } : {}),
    });
  } finally {
    if (show) bar.stop();
  }
}

export function register(program: Command): void {
  const campaign = program.command('campaign').description('outbound campaigns: scrub lists, dial, evidence');
  const config = () => loadCliConfig(program);

  campaign
    .command('preview <csv>')
    .description(
      'scrub a contact list (a file, `-` for standard input, or s3://bucket/key) without dialling: invalid, duplicate, dnc, noConsent, outsideWindow, accepted',
    )
    .option('--campaign <name>', 'use this campaign’s policy (consent, unknown countries)', nameArg)
    .option('--at <time>', `evaluation time (default now; ${LOCAL_TIME_HELP})`)
    .option('--json', 'print the summary as JSON')
    .action(async (csv: string, o: { campaign?: string; at?: string; json?: boolean }) => {
      const cfg = config();
      const at = o.at ? cliTime(o.at, cfg, '--at') : new Date();
      const summary = await withRuntime(async (rt) => {
        let policy: Campaign['policy'] = {};
        if (o.campaign) {
          const c = await rt.campaigns.getCampaign(o.campaign);
          if (!c) throw new Error(`no campaign "${o.campaign}" (create it with santral campaign create)`);
          policy = c.policy;
        }
        const tally = new ContactAttributeTally(allowedContactAttributes(cfg.outbound, o.campaign ?? ''));
        const scrub = await scrubFile(rt, cfg, csv, at, policy, async (row) => {
          if (isQueueable(row)) tally.add(rowAttributes(row));
        });
        return { ...scrub, attributes: tally.report() };
      });
      if (o.json) console.log(JSON.stringify(summary));
      else
        console.log(
          `${csv} at ${inCenterZone(at, cfg)}\n${formatPreviewTable(summary)}\n\n${formatContactAttributeReport(summary.attributes)}`,
        );
    });

  campaign
    .command('create <name>')
    .description('create a campaign from a list: accepted and outside-window rows become its dial queue')
    .requiredOption('--list <csv>', 'the contact list (CSV with a "phone" column; a file or s3://bucket/key)')
    .requiredOption('--caller-id <e164...>', 'caller IDs to present (each capped per day)')
    .option(
      '--queue <queue>',
      'queue whose agents take the calls (default: the config’s routing.defaultQueue)',
    )
    .option('--flow <flow>', 'outbound whisper flow', 'outbound-whisper')
    .option(
      '--allow-unknown-countries',
      'dial countries without a rule pack (internal list + conservative window only)',
    )
    .option('--require-consent', 'rows need a consentDate')
    .option('--at <time>', `evaluation time of the scrub (default now; ${LOCAL_TIME_HELP})`)
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        name: string,
        o: {
          list: string;
          callerId: string[];
          queue?: string;
          flow: string;
          allowUnknownCountries?: boolean;
          requireConsent?: boolean;
          at?: string;
          json?: boolean;
        },
      ) => {
        nameArg(name);
        const cfg = config();
        const queue = o.queue ?? cfg.routing.defaultQueue;
        if (!cfg.queues.some((q) => q.name === queue))
          throw new Error(
            `--queue ${queue}: not a queue in the config (known: ${cfg.queues.map((q) => q.name).join(', ')})`,
          );
        const callerIds = o.callerId.map((c) => {
          const n = normalizePhoneNumber(c);
          if (!n?.valid) throw new Error(`--caller-id ${c}: not a valid E.164 number`);
          return n.e164;
        });
        const at = o.at ? cliTime(o.at, cfg, '--at') : new Date();
        const policy = {
          ...(o.allowUnknownCountries ? { allowUnknownCountries: true } : {}),
          ...(o.requireConsent ? { requireConsent: true } : {}),
        };
        const out = await withRuntime(async (rt) => {
          if (await rt.campaigns.getCampaign(name)) throw new Error(`campaign "${name}" exists already`);
          await rt.campaigns.putCampaign({
            name,
            status: 'active',
            contactFlow: o.flow,
            queue,
            callerIds,
            policy,
            createdAt: at.toISOString(),
          });
          let queued = 0;
          const allowed = allowedContactAttributes(cfg.outbound, name);
          const tally = new ContactAttributeTally(allowed);
          const summary = await scrubFile(rt, cfg, o.list, at, policy, async (row) => {
            if (isQueueable(row)) tally.add(rowAttributes(row));
            const target = targetFromRow(name, row, at, allowed);
            if (target && (await rt.campaigns.addTarget(target))) queued++;
          });
          return { campaign: name, queued, ...summary, attributes: tally.report() };
        });
        if (o.json) console.log(JSON.stringify(out));
        else
          console.log(
            `campaign ${name}: ${out.queued} numbers queued\n${formatPreviewTable(out)}\n\n${formatContactAttributeReport(out.attributes)}`,
          );
      },
    );

  campaign
    .command('run <name>')
    .description(
      'run the dialer; locally only with --sim (virtual clock, local Connect stand-in, flow simulator)',
    )
    .option('--sim', 'use the local Connect stand-in (required outside AWS)')
    .requiredOption('--until <time>', `run the virtual clock until this time (${LOCAL_TIME_HELP})`)
    .option('--from <time>', 'virtual start time (default now)')
    .option('--agents <n>', 'available agents in the campaign queue', intArg, 2)
    .option('--seed <n>', 'seed of the AMD outcome mix', intArg, 7)
    .option('--amd <mix>', 'AMD mix, e.g. HUMAN_ANSWERED=0.5,VOICEMAIL_BEEP=0.3,AMD_UNANSWERED=0.2')
    .option('--tick-minutes <n>', 'virtual minutes between dialer ticks (1–1440)', tickMinutesArg, 5)
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        name: string,
        o: {
          sim?: boolean;
          until: string;
          from?: string;
          agents: number;
          seed: number;
          amd?: string;
          tickMinutes: number;
          json?: boolean;
        },
      ) => {
        if (!o.sim)
          throw new Error(
            'locally the dialer runs only with --sim; in AWS the EventBridge schedule runs functions/campaign-dialer',
          );
        const cfg = config();
        const mix = o.amd ? parseMix(o.amd) : DEFAULT_AMD_MIX;
        const start = o.from ? cliTime(o.from, cfg, '--from') : new Date();
        const until = cliTime(o.until, cfg, '--until');
        if (until.getTime() <= start.getTime())
          throw new Error(
            `--until (${inCenterZone(until, cfg)}) must be after the start time (${inCenterZone(start, cfg)})`,
          );
        let now = start.getTime();
        const clock: Clock = {
          now: () => now,
          sleep: async (ms) => {
            now += ms;
          },
        };
        const simCtx = createSimulatorContext(cfg);
        const runFlow: FlowRunner = async (call) => {
          try {
            const world = buildWorld(simCtx, {
              at: new Date(now),
              agents: o.agents,
              keypad: { read: () => undefined },
            });
            const r = await runCall(world, {
              flow: call.flow,
              from: call.to,
              to: call.from,
              contactId: call.contactId,
              attributes: { ...call.attributes, campaignName: call.attributes['campaign'] ?? '' },
              initiationMethod: 'OUTBOUND',
              languageCode: cfg.languages.default,
            });
            return {
              prompts: r.trace.prompts,
              outcome: r.stopped ? `stopped: ${r.stopped}` : r.trace.outcome.type,
            };
          } catch (err) {
            return { prompts: [], outcome: `simulator error: ${(err as Error).message}` };
          }
        };
        const sim = new SimulatedConnect({
          amdMix: mix,
          random: seededRandom(o.seed),
          agents: o.agents,
          runFlow,
        });
        const log: string[] = [];
        const summary = await withRuntime(async (rt) => {
          const c = await rt.campaigns.getCampaign(name);
          if (!c) throw new Error(`no campaign "${name}" (create it with santral campaign create)`);
          // An operator's pause or stop stands until an operator resumes it (audited); only a campaign the
          // dialer ended itself (completed, every caller ID capped) is restarted by a new simulated run.
          if (c.status === 'paused' || (c.status === 'stopped' && c.stopReason === 'operator'))
            throw new Error(
              `campaign "${name}" is ${c.status}${c.control ? ` (${c.control.action} by ${c.control.by} at ${c.control.at}: ${c.control.reason})` : ''}; resume it first: santral campaign resume ${name} --reason …`,
            );
          if (c.status === 'stopped' || c.status === 'completed')
            await rt.campaigns.setCampaignStatus(name, 'active');
          const deps = {
            store: rt.campaigns,
            evidence: rt.evidence,
            gate: rt.dialGate(cfg.outbound),
            caller: sim,
            agents: sim,
            bucket: new TokenBucket(cfg.outbound.requestsPerSecond, clock),
            clock,
          };
          let ticks = 0;
          let handled = 0;
          let lastStop = '';
          while (now < until.getTime()) {
            const tick = await runDialerTick(deps, name);
            ticks++;
            lastStop = tick.stop;
            // The next tick settles these calls through callStatus (DescribeContact in AWS).
            for (const call of sim.calls.slice(handled)) {
              const attempt = Number(call.input.attributes['attempt']);
              log.push(
                `${inCenterZone(new Date(now), cfg)}  dial ${maskPhoneNumber(call.input.destination)} attempt ${attempt} from ${maskPhoneNumber(call.input.source)} → ${call.amdStatus}${call.whisper ? ` | whisper: ${call.whisper.join(' / ')} | ${call.flowOutcome}` : ''}`,
              );
            }
            handled = sim.calls.length;
            if (tick.stop === 'callerIdsCapped' || tick.stop === 'notActive') break;
            const counts = await rt.campaigns.countTargets(name);
            if (counts.pending === 0 && counts.dialing === 0) {
              await rt.campaigns.setCampaignStatus(name, 'completed');
              lastStop = 'completed';
              break;
            }
            now += o.tickMinutes * 60_000;
          }
          const evidence = await rt.evidence.forCampaign(name);
          const reasons: Record<string, number> = {};
          for (const e of evidence)
            reasons[`${e.decision}:${e.reason}`] = (reasons[`${e.decision}:${e.reason}`] ?? 0) + 1;
          return {
            campaign: name,
            from: inCenterZone(start, cfg),
            until: inCenterZone(until, cfg),
            endedAt: inCenterZone(new Date(now), cfg),
            ticks,
            stop: lastStop,
            calls: sim.calls.length,
            outcomes: countBy(sim.calls.map((c) => c.amdStatus)),
            targets: await rt.campaigns.countTargets(name),
            evidence: reasons,
          };
        });
        if (o.json) console.log(JSON.stringify(summary));
        else {
          for (const l of log) console.log(l);
          console.log(JSON.stringify(summary, null, 2));
        }
      },
    );

  campaign
    .command('status <name>')
    .description('a campaign’s state, its dial queue, evidence counts and the audited operator changes')
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print as JSON')
    .action(async (name: string, o: { deployed?: boolean; json?: boolean }) => {
      const report = await withOperatorStage(program, o, async (stage) => {
        const r = await campaignStatus(operatorServices(stage), name);
        if (!r) throw new Error(`no campaign "${name}"`);
        return r;
      });
      console.log(o.json ? JSON.stringify(report) : formatCampaignStatus(report));
    });

  for (const action of ['pause', 'resume'] as const)
    campaign
      .command(`${action} <name>`)
      .description(
        action === 'pause'
          ? 'pause a campaign: the dialer places no further call until it is resumed (audited: who, when, why)'
          : 'resume a paused or stopped campaign (audited: who, when, why)',
      )
      .requiredOption('--reason <text>', 'why (audited)')
      .option('--deployed', DEPLOYED_HELP)
      .option('--json', 'print the outcome as JSON')
      .action(async (name: string, o: { reason: string; deployed?: boolean; json?: boolean }) => {
        const out = await withOperatorStage(program, o, (stage) =>
          controlCampaign(operatorServices(stage).controlDeps, name, action, {
            by: stage.actor.id,
            reason: o.reason,
          }),
        );
        console.log(o.json ? JSON.stringify(out) : formatControl(out));
      });

  campaign
    .command('stop [name]')
    .description(
      'stop a campaign — or with --all every active and paused campaign (emergency stop); the dialer places no further call; audited',
    )
    .option('--all', 'stop every campaign (emergency)')
    .requiredOption('--reason <text>', 'why (audited)')
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the outcome as JSON')
    .action(
      async (
        name: string | undefined,
        o: { all?: boolean; reason: string; deployed?: boolean; json?: boolean },
      ) => {
        if (o.all === (name !== undefined))
          throw new Error('campaign stop: name one campaign, or --all for every campaign (not both)');
        const out = await withOperatorStage(program, o, async (stage) => {
          const deps = operatorServices(stage).controlDeps;
          const who = { by: stage.actor.id, reason: o.reason };
          return o.all
            ? stopAllCampaigns(deps, who, randomUUID())
            : [await controlCampaign(deps, name!, 'stop', who)];
        });
        if (o.json) console.log(JSON.stringify(o.all ? { stopped: out } : out[0]));
        else if (o.all && out.length === 0) console.log('no active or paused campaign: nothing to stop');
        else for (const r of out) console.log(formatControl(r));
      },
    );
}

function formatControl(r: ControlOutcome): string {
  if (!r.changed) return `campaign ${r.campaign}: already ${r.status} (nothing changed)`;
  return `campaign ${r.campaign}: ${r.previous} → ${r.status} (${r.action} by ${r.record!.by} at ${r.record!.at}: ${r.record!.reason})`;
}

function formatCampaignStatus(r: CampaignStatusReport): string {
  const t = r.targets;
  const lines = [
    `campaign ${r.name}: ${paint(r.status.toUpperCase(), r.status === 'active' ? 'green' : r.status === 'completed' ? 'bold' : 'yellow')}${r.stopReason ? ` (${r.stopReason})` : ''} — queue ${r.queue}, flow ${r.contactFlow}, caller IDs ${r.callerIds.join(', ')}, created ${r.createdAt}`,
    `  targets: ${t.pending} pending, ${t.dialing} dialing, ${t.done} done, ${t.skipped} skipped, ${t.invalid} invalid`,
    `  evidence: ${r.evidence.decisions} decisions — ${r.evidence.dial} dials, ${r.evidence.skip} skips`,
    ...Object.entries(r.evidence.byReason)
      .sort(([, a], [, b]) => b - a)
      .map(([k, n]) => `    ${String(n).padStart(6)}  ${k}`),
    ...(r.control.length > 0
      ? [
          '  operator changes:',
          ...r.control.map(
            (c) => `    ${c.at}  ${c.action.padEnd(6)} ${c.from} → ${c.to}  by ${c.by}: ${c.reason}`,
          ),
        ]
      : []),
  ];
  return lines.join('\n');
}

/**
 * `--amd HUMAN_ANSWERED=0.5,VOICEMAIL_BEEP=0.5`: weights per AMD status. Only Connect's
 * AnswerMachineDetectionStatus values (AMD_STATUSES) are accepted, each once, with a positive total, so a
 * typo never silently simulates a mix nobody asked for.
 */
export function parseMix(text: string): AmdMix {
  const mix: AmdMix = {};
  for (const part of text.split(',')) {
    const [k, v, extra] = part.split('=');
    const status = k?.trim() ?? '';
    const w = v === undefined || v.trim() === '' ? Number.NaN : Number(v);
    if (!status || extra !== undefined || !Number.isFinite(w) || w < 0)
      throw new Error(`--amd: expected STATUS=weight pairs (weight a number ≥ 0), got "${part}"`);
    if (!(AMD_STATUSES as readonly string[]).includes(status))
      throw new Error(`--amd: "${status}" is not an AMD status; expected one of ${AMD_STATUSES.join(', ')}`);
    if (status in mix) throw new Error(`--amd: ${status} is given twice`);
    mix[status as AmdStatus] = w;
  }
  if (Object.values(mix).reduce((a, b) => a + (b ?? 0), 0) <= 0)
    throw new Error('--amd: the weights add up to 0; give at least one status a positive weight');
  return mix;
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
