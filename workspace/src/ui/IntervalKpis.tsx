/**
 * KPIs by interval (15 minutes, hour, day) for one queue or all: the report service's `by: interval` rows
 * (shared/kpi/report.ts, boundaries on the center's wall clock) drawn as an SVG chart — bars of contacts
 * handled and abandoned per interval, and the service level as a line on its own 0–100 % scale — with the
 * figures in a table below. No chart library: every mark carries its value (data-value) and a <title>.
 */
import { useState } from 'preact/hooks';
import type { KpiInterval, KpiResult, SupervisorApi } from '../api/supervisor.ts';
import { ConsolePanel } from './ConsolePanel.tsx';
import { KpiTable } from './KpiTable.tsx';
import { PeriodFields } from './PeriodFields.tsx';
import { useSectionLoad } from './section-state.ts';

/** "2026-11-18T00:00:00-05:00" → "11-18" (day) or "11-18 09:15" (15 min, hour). */
export function shortLabel(label: string, interval: string): string {
  const m = /^\d{4}-(\d{2}-\d{2})T(\d{2}:\d{2})/.exec(label);
  if (!m) return label;
  return interval === 'day' ? m[1]! : `${m[1]} ${m[2]}`;
}

export function IntervalChart({ result }: { result: KpiResult }) {
  const rows = result.rows;
  const interval = result.interval ?? 'hour';
  const max = Math.max(1, ...rows.map((r) => Math.max(r.kpis.contactsHandled, r.kpis.contactsAbandoned)));
  const barW = 6;
  const step = 2 * barW + 4;
  const left = 36;
  const right = 36;
  const top = 10;
  const h = 140;
  const width = left + rows.length * step + right;
  const y = (v: number) => top + h - (v / max) * h;
  const ySl = (v: number) => top + h - (v / 100) * h;
  // The service-level line is broken where an interval has no figure (nothing was queued), not drawn across.
  const segments: string[][] = [[]];
  rows.forEach((r, i) => {
    if (r.kpis.serviceLevel === null) {
      if (segments.at(-1)!.length > 0) segments.push([]);
    } else segments.at(-1)!.push(`${left + i * step + barW},${ySl(r.kpis.serviceLevel)}`);
  });
  const tick = Math.max(1, Math.ceil(rows.length / 8));
  return (
    <svg
      role="img"
      aria-label={`Contacts handled and abandoned, and service level, per ${interval}`}
      data-chart="kpi-by-interval"
      data-interval={interval}
      width="100%"
      height={h + top + 40}
      viewBox={`0 0 ${width} ${h + top + 40}`}
      preserveAspectRatio="xMinYMin meet"
    >
      <line x1={left} y1={top + h} x2={left + rows.length * step} y2={top + h} stroke="#4a5568" />
      <text x={left - 4} y={top + 8} font-size="10" text-anchor="end">
        {max}
      </text>
      <text x={left - 4} y={top + h} font-size="10" text-anchor="end">
        0
      </text>
      <text x={left + rows.length * step + 4} y={top + 8} font-size="10">
        100 %
      </text>
      {rows.map((r, i) => {
        const x = left + i * step;
        return (
          <g key={r.key} data-interval-start={r.key}>
            <rect
              x={x}
              y={y(r.kpis.contactsHandled)}
              width={barW}
              height={top + h - y(r.kpis.contactsHandled)}
              fill="#2b6cb0"
              data-series="handled"
              data-value={r.kpis.contactsHandled}
            >
              <title>{`${r.label}: ${r.kpis.contactsHandled} handled`}</title>
            </rect>
            <rect
              x={x + barW}
              y={y(r.kpis.contactsAbandoned)}
              width={barW}
              height={top + h - y(r.kpis.contactsAbandoned)}
              fill="#c53030"
              data-series="abandoned"
              data-value={r.kpis.contactsAbandoned}
            >
              <title>{`${r.label}: ${r.kpis.contactsAbandoned} abandoned`}</title>
            </rect>
            {r.kpis.serviceLevel === null ? null : (
              <circle
                cx={x + barW}
                cy={ySl(r.kpis.serviceLevel)}
                r={2.5}
                fill="#276749"
                data-series="serviceLevel"
                data-value={r.kpis.serviceLevel}
              >
                <title>{`${r.label}: service level ${r.kpis.serviceLevel} %`}</title>
              </circle>
            )}
            {i % tick === 0 ? (
              <text x={x} y={top + h + 14} font-size="10">
                {shortLabel(r.label, interval)}
              </text>
            ) : null}
          </g>
        );
      })}
      {segments
        .filter((seg) => seg.length > 1)
        .map((seg) => (
          <polyline key={seg[0]} points={seg.join(' ')} fill="none" stroke="#276749" stroke-width="1.5" />
        ))}
    </svg>
  );
}

export function IntervalKpisSection({
  api,
  defaults,
  queues,
}: {
  api: SupervisorApi;
  defaults: { from: string; to: string };
  queues: readonly string[];
}) {
  const [from, setFrom] = useState(defaults.from);
  const [to, setTo] = useState(defaults.to);
  const [interval, setIntervalKind] = useState<KpiInterval>('day');
  const [queue, setQueue] = useState('');
  const [result, setResult] = useState<KpiResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const section = useSectionLoad({
    fetch: () => api.kpisByInterval(from, to, interval, queue || undefined),
    apply: (r) => {
      setResult(r);
      setError(null);
    },
    onError: setError,
  });
  const { state } = section;
  /** The queue and interval just chosen (their state updates only at the next render). */
  const load = (q = queue, iv = interval) =>
    section.reload(() => api.kpisByInterval(from, to, iv, q || undefined));
  return (
    <ConsolePanel name="intervals" title="KPIs by interval" state={state}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label>
          Queue{' '}
          <select
            name="intervalQueue"
            value={queue}
            onChange={(e) => {
              setQueue(e.currentTarget.value);
              void load(e.currentTarget.value);
            }}
          >
            <option value="">All queues</option>
            {queues.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
        <label>
          Interval{' '}
          <select
            name="interval"
            value={interval}
            onChange={(e) => {
              const iv = e.currentTarget.value as KpiInterval;
              setIntervalKind(iv);
              void load(queue, iv);
            }}
          >
            <option value="15m">15 minutes</option>
            <option value="hour">Hour</option>
            <option value="day">Day</option>
          </select>
        </label>
        <PeriodFields
          names={{ from: 'intervalFrom', to: 'intervalTo' }}
          from={from}
          to={to}
          onFrom={setFrom}
          onTo={setTo}
          action="interval-load"
        />
      </form>
      {error ? <p role="alert">{error}</p> : null}
      {result ? (
        <>
          <p data-field="intervalPeriod">
            {queue || 'All queues'}, per {result.interval}: {result.from} → {result.to} ({result.timeZone})
          </p>
          <IntervalChart result={result} />
          <details>
            <summary>Figures per interval</summary>
            <KpiTable
              name="kpi-intervals"
              first="Interval"
              rows={result.rows}
              rowKey="data-interval-start"
              columns={['handled', 'abandoned', 'serviceLevel', 'asa', 'aht', 'csat', 'fcr']}
            />
          </details>
        </>
      ) : null}
    </ConsolePanel>
  );
}
