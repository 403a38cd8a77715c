/**
 * `santral kpi report [--from] [--to] [--queue] [--channel] [--by queue|agent|interval [--interval 15m|hour|day|week]]
 * [--json|--csv] [--html out.html] [--deployed]`: a thin shell over the KPI engine and the report service
 * (shared/kpi/report.ts). `--from/--to` without an offset are read in the center's main time zone and printed
 * back with the offset.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { computeKpis, type KpiReport } from '#shared/kpi/engine.ts';
import { loadKpiContacts } from '#shared/kpi/load.ts';
import {
  buildKpiReport,
  type KpiReportResult,
  REPORT_INTERVALS,
  type ReportGrouping,
  type ReportInterval,
} from '#shared/kpi/report.ts';
import { reportCsv, reportHtml } from '#shared/kpi/report-format.ts';
import { loadCliConfig } from '../config-option.ts';
import { DEPLOYED_HELP, withOperatorStage } from '../operator.ts';
import { centerTimeZone, cliTime, inCenterZone } from '../time-options.ts';

const GROUPINGS: readonly ReportGrouping[] = ['queue', 'agent', 'interval'];

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
    .option(
      '--by <grouping>',
      'rows per queue, agent or interval (queue | agent | interval), with trends against the previous period',
    )
    .option(
      '--interval <size>',
      'with --by interval: 15m | hour (default) | day | week, in the center time zone',
    )
    .option('--csv', 'print the rows as CSV (with --by)')
    .option('--html <file>', 'write an HTML report with charts (with --by)')
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the report as JSON')
    .action(
      async (o: {
        from?: string;
        to?: string;
        queue?: string;
        channel?: string;
        by?: string;
        interval?: string;
        csv?: boolean;
        html?: string;
        deployed?: boolean;
        json?: boolean;
      }) => {
        const config = loadCliConfig(program);
        const to = o.to ? cliTime(o.to, config, '--to') : new Date();
        const from = o.from ? cliTime(o.from, config, '--from') : new Date(to.getTime() - 30 * 86_400_000);
        if (from >= to)
          throw new Error(
            `--from (${inCenterZone(from, config)}) must be before --to (${inCenterZone(to, config)})`,
          );
        if (o.queue && !config.queues.some((q) => q.name === o.queue))
          throw new Error(
            `--queue: unknown queue "${o.queue}"; defined: ${config.queues.map((q) => q.name).join(', ')}`,
          );
        if (o.by !== undefined && !GROUPINGS.includes(o.by as ReportGrouping))
          throw new Error(`--by: "${o.by}" is not one of ${GROUPINGS.join(', ')}`);
        if (o.interval !== undefined && !REPORT_INTERVALS.includes(o.interval as ReportInterval))
          throw new Error(`--interval: "${o.interval}" is not one of ${REPORT_INTERVALS.join(', ')}`);
        if ((o.csv || o.html || o.interval) && !o.by)
          throw new Error('--csv, --html and --interval need --by queue|agent|interval');
        await withOperatorStage(program, { deployed: o.deployed, config }, async (stage) => {
          const interactions = new DynamoCtrStore(stage.doc, stage.resources.tables.interactions);
          if (o.by) {
            const agents = new DynamoAgentStore(stage.doc, stage.resources.tables.agents);
            const result = await buildKpiReport(
              {
                contacts: (a, b) => loadKpiContacts(interactions, a, b),
                agentTime: (a, b) => agents.intervalsBetween(a.getTime(), b.getTime()),
              },
              {
                from,
                to,
                by: o.by as ReportGrouping,
                ...(o.interval ? { interval: o.interval as ReportInterval } : {}),
                timeZone: centerTimeZone(config),
                queues: config.queues.map((q) => q.name),
                queue: o.queue,
                channel: o.channel,
                ...config.kpi,
                cost: config.cost,
              },
            );
            if (o.html) {
              writeFileSync(o.html, reportHtml(result));
              console.error(`wrote ${o.html}`);
            }
            if (o.csv) console.log(reportCsv(result).trimEnd());
            else if (o.json) console.log(JSON.stringify(result, null, 2));
            else if (!o.html) console.log(formatRows(result));
            return;
          }
          const contacts = await loadKpiContacts(interactions, from, to);
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

export function formatRows(r: KpiReportResult): string {
  const v = (x: number | null | undefined, unit = '') =>
    x === null || x === undefined ? '—' : `${x}${unit}`;
  const d = (x: number | null) => (x === null ? '' : ` (${x >= 0 ? '+' : ''}${x})`);
  const lines = [
    `${r.by === 'interval' ? `By interval (${r.interval})` : `By ${r.by}`}, ${r.from} → ${r.to} (${r.timeZone}); trends vs ${r.previousFrom} → ${r.previousTo}`,
  ];
  for (const row of r.rows) {
    const k = row.kpis;
    const agent = row.agent
      ? `; online ${v(row.agent.time.online, ' s')}, occupancy ${v(row.agent.occupancy, ' %')}, utilisation ${v(row.agent.utilisation, ' %')}`
      : '';
    lines.push(
      `${row.label}: ${k.contacts} contacts${d(row.trend.contacts)}, ${k.contactsQueued} queued, ${k.contactsHandled} handled, ${k.contactsAbandoned} abandoned; SL ${v(k.serviceLevel, ' %')}${d(row.trend.serviceLevel)}, ASA ${v(k.asa, ' s')}, AHT ${v(k.aht, ' s')}${agent}`,
    );
  }
  lines.push(
    `Total: ${r.total.contacts} contacts${d(r.trend.contacts)}, SL ${v(r.total.serviceLevel, ' %')}${d(r.trend.serviceLevel)}, abandonment ${v(r.total.abandonmentRate, ' %')}`,
  );
  return lines.join('\n');
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
