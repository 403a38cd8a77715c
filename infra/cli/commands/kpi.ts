/** `santral kpi report --from <ISO> --to <ISO> [--queue <name>] [--json]` over the sandbox's interactions. */
import type { Command } from 'commander';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { computeKpis, type KpiReport } from '#shared/kpi/engine.ts';
import { loadKpiContacts } from '#shared/kpi/load.ts';
import { loadCliConfig } from '../config-option.ts';
import { DEPLOYED_HELP, withOperatorStage } from '../operator.ts';

export function parseInstant(value: string, option: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new Error(
      `${option}: "${value}" is not an ISO date or timestamp (e.g. 2026-11-01 or 2026-11-01T00:00:00Z)`,
    );
  return d;
}

export function register(program: Command): void {
  const kpi = program
    .command('kpi')
    .description('contact-center KPIs (definitions: README › Interactions and KPIs)');
  kpi
    .command('report')
    .description(
      'KPIs for a period (contacts count by InitiationTimestamp, from ≤ t < to) from the sandbox store',
    )
    .option('--from <iso>', 'start of the period (default: 30 days before --to)')
    .option('--to <iso>', 'end of the period, exclusive (default: now)')
    .option('--queue <name>', 'only contacts of this queue')
    .option(
      '--channel <channel>',
      'VOICE (default), CHAT, TASK, EMAIL or ALL; the per-channel breakdown covers every channel',
    )
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the report as JSON')
    .action(
      async (o: {
        from?: string;
        to?: string;
        queue?: string;
        channel?: string;
        deployed?: boolean;
        json?: boolean;
      }) => {
        const config = loadCliConfig(program);
        const to = o.to ? parseInstant(o.to, '--to') : new Date();
        const from = o.from ? parseInstant(o.from, '--from') : new Date(to.getTime() - 30 * 86_400_000);
        if (from >= to)
          throw new Error(`--from (${from.toISOString()}) must be before --to (${to.toISOString()})`);
        if (o.queue && !config.queues.some((q) => q.name === o.queue))
          throw new Error(
            `--queue: unknown queue "${o.queue}"; defined: ${config.queues.map((q) => q.name).join(', ')}`,
          );
        await withOperatorStage(program, { deployed: o.deployed, config }, async (stage) => {
          const contacts = await loadKpiContacts(
            new DynamoCtrStore(stage.doc, stage.resources.tables.interactions),
            from,
            to,
          );
          const report = computeKpis(contacts, {
            from,
            to,
            queue: o.queue,
            channel: o.channel,
            ...config.kpi,
            cost: config.cost,
          });
          console.log(o.json ? JSON.stringify(report, null, 2) : formatReport(report));
        });
      },
    );
}

export function formatReport(r: KpiReport): string {
  const v = (x: number | null, unit = '') => (x === null ? '—' : `${x}${unit}`);
  const rows: [string, string][] = [
    ['Period', `${r.from} → ${r.to}${r.queue ? ` (queue ${r.queue})` : ''}`],
    ['Contacts', String(r.contacts)],
    ['Channel', r.channel],
    [
      'Queued / answered / abandoned; handled',
      `${r.contactsQueued} / ${r.contactsAnswered} / ${r.contactsAbandoned}; ${r.contactsHandled}`,
    ],
    ['Queue answer rate', v(r.queueAnswerRate, ' %')],
    ['Abandonment rate', v(r.abandonmentRate, ' %')],
    [`Service level (${r.serviceLevelSeconds} s)`, v(r.serviceLevel, ' %')],
    ['ASA', v(r.asa, ' s')],
    ['AHT', v(r.aht, ' s')],
    [`CSAT / DSAT (${r.csatAnswers} answers)`, `${v(r.csat, ' %')} / ${v(r.dsat, ' %')}`],
    [`NPS (${r.npsAnswers} answers)`, v(r.nps)],
    [`FCR (${r.fcrDays} d; ${r.fcrJudged} judged, ${r.fcrUnjudged} too recent)`, v(r.fcr, ' %')],
    [`Outbound calls / conversions`, `${r.outboundCalls} / ${r.conversions}`],
    ['Conversion rate', v(r.conversionRate, ' %')],
    [
      'Cost per call / per acquisition',
      `${v(r.costPerCall, ` ${r.currency}`)} / ${v(r.costPerAcquisition, ` ${r.currency}`)}`,
    ],
  ];
  for (const [ch, v] of Object.entries(r.channels))
    rows.push([
      `  ${ch}: contacts / queued / handled / abandoned`,
      `${v.contacts} / ${v.contactsQueued} / ${v.contactsHandled} / ${v.contactsAbandoned}`,
    ]);
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, val]) => `${k.padEnd(w)}  ${val}`).join('\n');
}
