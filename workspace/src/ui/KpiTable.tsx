/**
 * The console's KPI tables (by queue, by interval): one row per report row, the columns asked for, the
 * figures as the report service gives them (`—` where a figure has no denominator).
 */
import type { KpiFigures, KpiRow } from '../api/supervisor.ts';

const fmt = (v: number | null, unit = '') => (v === null ? '—' : `${v}${unit}`);

const COLUMNS = {
  queued: ['Queued', (k: KpiFigures) => String(k.contactsQueued)],
  handled: ['Handled', (k: KpiFigures) => String(k.contactsHandled)],
  abandoned: ['Abandoned', (k: KpiFigures) => String(k.contactsAbandoned)],
  abandonment: ['Abandonment', (k: KpiFigures) => fmt(k.abandonmentRate, ' %')],
  serviceLevel: ['Service level', (k: KpiFigures) => fmt(k.serviceLevel, ' %')],
  asa: ['ASA', (k: KpiFigures) => fmt(k.asa, ' s')],
  aht: ['AHT', (k: KpiFigures) => fmt(k.aht, ' s')],
  csat: ['CSAT', (k: KpiFigures) => fmt(k.csat, ' %')],
  fcr: ['FCR', (k: KpiFigures) => fmt(k.fcr, ' %')],
} as const;
export type KpiColumn = keyof typeof COLUMNS;

export function KpiTable({
  name,
  first,
  rows,
  rowKey,
  columns,
}: {
  /** `data-table`. */
  name: string;
  /** The first column's heading (the row's label). */
  first: string;
  rows: KpiRow[];
  /** The row's data attribute holding its key (`data-queue`, `data-interval-start`). */
  rowKey: 'data-queue' | 'data-interval-start';
  columns: readonly KpiColumn[];
}) {
  return (
    <table data-table={name}>
      <thead>
        <tr>
          <th>{first}</th>
          {columns.map((c) => (
            <th key={c}>{COLUMNS[c][0]}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} {...{ [rowKey]: r.key }}>
            <td>{r.label}</td>
            {columns.map((c) => (
              <td key={c}>{COLUMNS[c][1](r.kpis)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
