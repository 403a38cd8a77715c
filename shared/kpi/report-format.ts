/**
 * Output forms of a KPI report (shared/kpi/report.ts): CSV (one line per row, the total last) and a
 * self-contained HTML page with inline SVG charts — volumes, service level, ASA and abandonment per row — and
 * the table, with no external assets (a supervisor opens the file in any browser, offline).
 */
import type { KpiReportResult, ReportRow, TrendMetric } from './report.ts';

const CSV_COLUMNS: Array<[string, (r: ReportRow) => unknown]> = [
  ['key', (r) => r.key],
  ['label', (r) => r.label],
  ['contacts', (r) => r.kpis.contacts],
  ['contactsQueued', (r) => r.kpis.contactsQueued],
  ['contactsHandled', (r) => r.kpis.contactsHandled],
  ['contactsAbandoned', (r) => r.kpis.contactsAbandoned],
  ['abandonmentRate', (r) => r.kpis.abandonmentRate],
  ['serviceLevel', (r) => r.kpis.serviceLevel],
  ['asa', (r) => r.kpis.asa],
  ['aht', (r) => r.kpis.aht],
  ['queueAnswerRate', (r) => r.kpis.queueAnswerRate],
  ['csat', (r) => r.kpis.csat],
  ['nps', (r) => r.kpis.nps],
  ['fcr', (r) => r.kpis.fcr],
  ['trendContacts', (r) => r.trend.contacts],
  ['trendServiceLevel', (r) => r.trend.serviceLevel],
  ['trendAsa', (r) => r.trend.asa],
  ['trendAbandonmentRate', (r) => r.trend.abandonmentRate],
  ['agentOnlineSeconds', (r) => r.agent?.time.online],
  ['agentAvailableSeconds', (r) => r.agent?.time.available],
  ['agentOnContactSeconds', (r) => r.agent?.time.onContact],
  ['agentAfterContactWorkSeconds', (r) => r.agent?.time.afterContactWork],
  ['occupancy', (r) => r.agent?.occupancy],
  ['utilisation', (r) => r.agent?.utilisation],
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function reportCsv(r: KpiReportResult): string {
  const total: ReportRow = {
    key: 'TOTAL',
    label: 'Total',
    kpis: r.total,
    previous: r.previousTotal,
    trend: r.trend,
  };
  const lines = [CSV_COLUMNS.map(([h]) => h).join(',')];
  for (const row of [...r.rows, total]) lines.push(CSV_COLUMNS.map(([, f]) => csvCell(f(row))).join(','));
  return `${lines.join('\n')}\n`;
}

const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** One bar chart as inline SVG: a bar per row, its value printed above it; null values leave a gap. */
export function barChart(
  title: string,
  labels: string[],
  values: Array<number | null>,
  unit: string,
): string {
  const w = Math.max(320, labels.length * 48 + 60);
  const h = 220;
  const top = 30;
  const bottom = 60;
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const bw = (w - 60) / Math.max(1, labels.length);
  const bars = labels
    .map((label, i) => {
      const v = values[i];
      const x = 40 + i * bw;
      const bh = v === null || v === undefined ? 0 : ((h - top - bottom) * v) / max;
      const y = h - bottom - bh;
      const text = v === null || v === undefined ? '—' : `${v}`;
      return [
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${bh.toFixed(1)}" fill="#2f6fb0"><title>${esc(label)}: ${esc(text)}${esc(unit)}</title></rect>`,
        `<text x="${(x + bw * 0.35).toFixed(1)}" y="${(y - 4).toFixed(1)}" font-size="10" text-anchor="middle">${esc(text)}</text>`,
        `<text x="${(x + bw * 0.35).toFixed(1)}" y="${h - bottom + 12}" font-size="9" text-anchor="end" transform="rotate(-40 ${(x + bw * 0.35).toFixed(1)} ${h - bottom + 12})">${esc(label)}</text>`,
      ].join('');
    })
    .join('');
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><text x="8" y="18" font-size="13" font-weight="bold">${esc(title)}${unit ? ` (${esc(unit.trim())})` : ''}</text><line x1="36" y1="${h - bottom}" x2="${w - 10}" y2="${h - bottom}" stroke="#888"/>${bars}</svg></figure>`;
}

const CHARTS: Array<[string, TrendMetric, string]> = [
  ['Contacts queued', 'contactsQueued', ''],
  ['Service level', 'serviceLevel', ' %'],
  ['ASA', 'asa', ' s'],
  ['Abandonment rate', 'abandonmentRate', ' %'],
];

export function reportHtml(r: KpiReportResult, title = 'Santral KPI report'): string {
  const labels = r.rows.map((row) =>
    r.by === 'interval' ? row.label.slice(0, 16).replace('T', ' ') : row.label,
  );
  const charts = CHARTS.map(([name, metric, unit]) =>
    barChart(
      `${name} by ${r.by}`,
      labels,
      r.rows.map((row) => row.kpis[metric]),
      unit,
    ),
  ).join('\n');
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
  const trend = (v: number | null) => (v === null ? '' : ` <small>(${v >= 0 ? '+' : ''}${v})</small>`);
  const head = [
    '',
    'Contacts',
    'Queued',
    'Handled',
    'Abandoned',
    'Abandonment %',
    'SL %',
    'ASA s',
    'AHT s',
    ...(r.by === 'agent' ? ['Occupancy %', 'Utilisation %'] : []),
  ];
  const row = (x: ReportRow) =>
    `<tr><th scope="row">${esc(x.label)}</th><td>${x.kpis.contacts}${trend(x.trend.contacts)}</td><td>${x.kpis.contactsQueued}</td><td>${x.kpis.contactsHandled}</td><td>${x.kpis.contactsAbandoned}</td><td>${cell(x.kpis.abandonmentRate)}${trend(x.trend.abandonmentRate)}</td><td>${cell(x.kpis.serviceLevel)}${trend(x.trend.serviceLevel)}</td><td>${cell(x.kpis.asa)}${trend(x.trend.asa)}</td><td>${cell(x.kpis.aht)}</td>${r.by === 'agent' ? `<td>${cell(x.agent?.occupancy)}</td><td>${cell(x.agent?.utilisation)}</td>` : ''}</tr>`;
  const total: ReportRow = {
    key: 'TOTAL',
    label: 'Total',
    kpis: r.total,
    previous: r.previousTotal,
    trend: r.trend,
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;margin-top:1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th[scope=row]{text-align:left}figure{display:inline-block;margin:.5rem}</style></head>
<body><h1>${esc(title)}</h1>
<p>By ${esc(r.by)}${r.interval ? ` (${esc(r.interval)})` : ''}, ${esc(r.from)} → ${esc(r.to)} (${esc(r.timeZone)}); trends against ${esc(r.previousFrom)} → ${esc(r.previousTo)}. Channel ${esc(r.total.channel)}; service level ${r.total.serviceLevelSeconds} s.</p>
${charts}
<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>
${[...r.rows, total].map(row).join('\n')}
</tbody></table></body></html>
`;
}
