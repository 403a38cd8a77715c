/**
 * The supervisor console: KPIs by queue with a chart, campaigns with pause/resume/stop, evidence lookup by
 * number, DNC admin (add, remove with a reason) and erasure requests. Components render what they are given;
 * every effect goes through the SupervisorApi port (api/supervisor.ts), so a browser test drives the real UI
 * against the sandbox.
 */
import { useState } from 'preact/hooks';
import type {
  CampaignRow,
  Decision,
  DncEntry,
  ErasureResult,
  KpiResult,
  SupervisorApi,
} from '../api/supervisor.ts';
import { ConsolePanel } from './ConsolePanel.tsx';
import { IntervalKpisSection } from './IntervalKpis.tsx';
import { KpiTable } from './KpiTable.tsx';
import { LiveQueuesSection } from './LiveQueues.tsx';
import { PeriodFields } from './PeriodFields.tsx';
import { isBusy, useSectionLoad } from './section-state.ts';

/** Bars per queue: contacts handled and abandoned (SVG, no chart library). */
export function KpiChart({ result }: { result: KpiResult }) {
  const rows = result.rows;
  const max = Math.max(1, ...rows.map((r) => r.kpis.contactsQueued));
  const barW = 18;
  const gap = 28;
  const h = 140;
  const width = rows.length * (2 * barW + gap) + gap;
  return (
    <svg
      role="img"
      aria-label="Contacts handled and abandoned by queue"
      data-chart="kpi-by-queue"
      width={width}
      height={h + 40}
      viewBox={`0 0 ${width} ${h + 40}`}
    >
      {rows.map((r, i) => {
        const x = gap + i * (2 * barW + gap);
        const hh = (r.kpis.contactsHandled / max) * h;
        const ha = (r.kpis.contactsAbandoned / max) * h;
        return (
          <g key={r.key} data-queue={r.key}>
            <rect
              x={x}
              y={h - hh}
              width={barW}
              height={hh}
              fill="#2b6cb0"
              data-series="handled"
              data-value={r.kpis.contactsHandled}
            >
              <title>{`${r.label}: ${r.kpis.contactsHandled} handled`}</title>
            </rect>
            <rect
              x={x + barW}
              y={h - ha}
              width={barW}
              height={ha}
              fill="#c53030"
              data-series="abandoned"
              data-value={r.kpis.contactsAbandoned}
            >
              <title>{`${r.label}: ${r.kpis.contactsAbandoned} abandoned`}</title>
            </rect>
            <text x={x} y={h + 16} font-size="11">
              {r.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function KpiSection({
  api,
  defaults,
  onQueues,
}: {
  api: SupervisorApi;
  defaults: { from: string; to: string };
  onQueues: (queues: string[]) => void;
}) {
  const [from, setFrom] = useState(defaults.from);
  const [to, setTo] = useState(defaults.to);
  const [result, setResult] = useState<KpiResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { state, reload } = useSectionLoad({
    fetch: () => api.kpis(from, to, 'queue'),
    apply: (r) => {
      setResult(r);
      onQueues(r.rows.map((row) => row.key));
      setError(null);
    },
    onError: setError,
  });
  return (
    <ConsolePanel name="kpis" title="KPIs by queue" state={state}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void reload();
        }}
      >
        <PeriodFields
          names={{ from: 'from', to: 'to' }}
          from={from}
          to={to}
          onFrom={setFrom}
          onTo={setTo}
          action="kpi-load"
        />
      </form>
      {error ? <p role="alert">{error}</p> : null}
      {result ? (
        <>
          <p data-field="kpiPeriod">
            {result.from} → {result.to} ({result.timeZone})
          </p>
          <KpiChart result={result} />
          <KpiTable
            name="kpis"
            first="Queue"
            rows={result.rows}
            rowKey="data-queue"
            columns={['queued', 'handled', 'abandonment', 'serviceLevel', 'asa', 'aht', 'csat', 'fcr']}
          />
        </>
      ) : null}
    </ConsolePanel>
  );
}

const CAMPAIGN_ACTIONS = [
  ['pause', 'Pause'],
  ['resume', 'Resume'],
  ['stop', 'Stop'],
] as const;

function CampaignsSection({ api }: { api: SupervisorApi }) {
  const [rows, setRows] = useState<CampaignRow[]>([]);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const section = useSectionLoad({ fetch: () => api.campaigns(), apply: setRows, onError: setMessage });
  const { state } = section;
  const act = (name: string, action: 'pause' | 'resume' | 'stop') =>
    section.act(async () => {
      const out = await api.control(name, action, reason);
      // The row shows the new state from the control answer itself; the reload brings the counts and audit.
      setRows((rs) => rs.map((r) => (r.name === name ? { ...r, status: out.status } : r)));
      return `${name}: ${action} done`;
    }, setMessage);
  const busy = isBusy(state);
  return (
    <ConsolePanel name="campaigns" title="Campaigns" state={state}>
      <label>
        Reason (audited){' '}
        <input name="campaignReason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <table data-table="campaigns">
        <thead>
          <tr>
            <th>Campaign</th>
            <th>Status</th>
            <th>Pending</th>
            <th>Dials / skips</th>
            <th>Last change</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const last = c.control.at(-1);
            return (
              <tr key={c.name} data-campaign={c.name}>
                <td>{c.name}</td>
                <td data-field="campaignStatus">{c.status}</td>
                <td>{c.targets['pending'] ?? 0}</td>
                <td>
                  {c.evidence.dial} / {c.evidence.skip}
                </td>
                <td>{last ? `${last.action} by ${last.by}: ${last.reason}` : '—'}</td>
                <td class="row-actions">
                  {CAMPAIGN_ACTIONS.map(([action, label]) => (
                    <button
                      key={action}
                      type="button"
                      data-action={action}
                      disabled={busy}
                      onClick={() => act(c.name, action)}
                    >
                      {label}
                    </button>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {message ? <p role="status">{message}</p> : null}
    </ConsolePanel>
  );
}

function EvidenceSection({ api }: { api: SupervisorApi }) {
  const [phone, setPhone] = useState('');
  const [decisions, setDecisions] = useState<Decision[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { state, reload } = useSectionLoad<Decision[]>({
    apply: (d) => {
      setDecisions(d);
      setError(null);
    },
    onError: setError,
  });
  return (
    <ConsolePanel name="evidence" title="Evidence by number" state={state}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void reload(() => api.evidence(phone));
        }}
      >
        <label>
          Number <input name="evidencePhone" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
        </label>
        <button type="submit" data-action="evidence-search">
          Look up
        </button>
      </form>
      {error ? <p role="alert">{error}</p> : null}
      {decisions ? (
        <ol data-list="evidence">
          {decisions.length === 0 ? <li>No decision about this number.</li> : null}
          {decisions.map((d) => (
            <li key={d.id} data-decision={d.decision}>
              {d.text}
            </li>
          ))}
        </ol>
      ) : null}
    </ConsolePanel>
  );
}

function DncSection({ api }: { api: SupervisorApi }) {
  const [entries, setEntries] = useState<DncEntry[]>([]);
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const section = useSectionLoad({ fetch: () => api.dnc(), apply: setEntries, onError: setMessage });
  const { state } = section;
  const run = (fn: () => Promise<unknown>, done: string) =>
    section.act(async () => {
      await fn();
      return done;
    }, setMessage);
  return (
    <ConsolePanel name="dnc" title="Do-not-call list" state={state}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => api.addDnc(phone, reason), `${phone} added`);
        }}
      >
        <label>
          Number <input name="dncPhone" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
        </label>
        <label>
          Reason <input name="dncReason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <button type="submit" data-action="dnc-add">
          Add
        </button>
      </form>
      <table data-table="dnc">
        <tbody>
          {entries.map((e) => (
            <tr key={e.e164} data-number={e.e164}>
              <td>{e.e164}</td>
              <td>{e.source}</td>
              <td>{e.addedAt}</td>
              <td>{e.addedBy}</td>
              <td>{e.reason ?? ''}</td>
              <td>
                <button
                  type="button"
                  data-action="dnc-remove"
                  onClick={() => run(() => api.removeDnc(e.e164, reason), `${e.e164} removed`)}
                >
                  Remove (with the reason above)
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message ? <p role="status">{message}</p> : null}
    </ConsolePanel>
  );
}

function ErasureSection({ api }: { api: SupervisorApi }) {
  const [phone, setPhone] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [report, setReport] = useState<ErasureResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { state, reload } = useSectionLoad<ErasureResult>({
    apply: (r) => {
      setReport(r);
      setError(null);
    },
    onError: setError,
  });
  return (
    <ConsolePanel name="erasure" title="Erasure requests" state={state}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void reload(() => api.erase(phone, dryRun));
        }}
      >
        <label>
          Number <input name="erasurePhone" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
        </label>
        <label>
          <input
            type="checkbox"
            name="erasureDryRun"
            checked={dryRun}
            onChange={(e) => setDryRun(e.currentTarget.checked)}
          />{' '}
          Dry run (report only)
        </label>
        <button type="submit" data-action="erase">
          Run
        </button>
      </form>
      {error ? <p role="alert">{error}</p> : null}
      {report ? (
        <div data-field="erasureReport">
          <p>
            {report.dryRun ? 'Dry run — would erase' : 'Erased'} {report.subject} (erasure {report.erasureId},
            by {report.requestedBy}): {report.counts['contacts'] ?? 0} contacts,{' '}
            {report.counts['profileItems'] ?? 0} profile items, {report.counts['recordingObjects'] ?? 0}{' '}
            recording objects
          </p>
          <ul>
            {report.retained.map((r) => (
              <li key={r.why}>
                kept {r.count} × {r.why}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </ConsolePanel>
  );
}

export function SupervisorConsole({
  api,
  name,
  defaults,
  livePollMs = 5000,
}: {
  api: SupervisorApi;
  name: string;
  defaults: { from: string; to: string };
  /** How often the live queues are asked for (ms). */
  livePollMs?: number;
}) {
  const [queues, setQueues] = useState<string[]>([]);
  return (
    <main class="supervisor-console">
      <header>
        <h1>Supervisor console</h1>
        <p>Signed in as {name}</p>
      </header>
      <LiveQueuesSection api={api} pollMs={livePollMs} />
      <KpiSection api={api} defaults={defaults} onQueues={setQueues} />
      <IntervalKpisSection api={api} defaults={defaults} queues={queues} />
      <CampaignsSection api={api} />
      <EvidenceSection api={api} />
      <DncSection api={api} />
      <ErasureSection api={api} />
    </main>
  );
}
