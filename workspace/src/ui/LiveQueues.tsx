/**
 * Live queues: per queue, contacts waiting, the oldest contact's age, agents staffed / available / on a
 * contact / in after-contact work, and who those agents are (from the agents table), polled every few
 * seconds. Deployed, the figures are Amazon Connect's current metrics; in the sandbox, the switchboard's.
 */
import { useState } from 'preact/hooks';
import type { LiveAgent, LiveQueues, SupervisorApi } from '../api/supervisor.ts';
import { ConsolePanel } from './ConsolePanel.tsx';
import { useSectionLoad } from './section-state.ts';

const ACTIVITY: Record<string, string> = {
  onContact: 'on contact',
  incoming: 'incoming',
  afterContactWork: 'ACW',
  available: 'available',
  nonProductive: 'away',
  offline: 'offline',
};

/** 95 → "1:35"; 3725 → "1:02:05". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const describeAgent = (a: LiveAgent) =>
  `${a.agent} ${ACTIVITY[a.activity] ?? a.activity}${a.activity === 'nonProductive' && a.status ? ` (${a.status})` : ''} ${duration(a.forSeconds)}`;

export function LiveQueuesSection({ api, pollMs }: { api: SupervisorApi; pollMs: number }) {
  const [live, setLive] = useState<LiveQueues | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Polled; a failed poll keeps the last figures on screen, marked as not current.
  const { state } = useSectionLoad({
    fetch: () => api.live(),
    apply: (r) => {
      setLive(r);
      setError(null);
    },
    onError: setError,
    pollMs,
  });
  return (
    <ConsolePanel name="live" title="Live queues" state={state} extraClass="live">
      {error ? <p role="alert">Not current: {error}</p> : null}
      {live ? (
        <>
          <p data-field="liveSource">
            {live.source === 'connect' ? 'Amazon Connect real-time metrics' : 'Sandbox switchboard'} and the
            agent event stream, as of {new Date(live.asOf).toLocaleTimeString()} (every{' '}
            {Math.round(pollMs / 1000)} s)
          </p>
          <table data-table="live">
            <thead>
              <tr>
                <th>Queue</th>
                <th>In queue</th>
                <th>Oldest</th>
                <th>Staffed</th>
                <th>Available</th>
                <th>On contact</th>
                <th>ACW</th>
                <th>Agents</th>
              </tr>
            </thead>
            <tbody>
              {live.queues.map((q) => (
                <tr key={q.queue} data-queue={q.queue}>
                  <td>{q.queue}</td>
                  <td data-field="contactsInQueue">{q.contactsInQueue}</td>
                  <td data-field="oldestContactAge">
                    {q.oldestContactAgeSeconds === null ? '—' : duration(q.oldestContactAgeSeconds)}
                  </td>
                  <td data-field="agentsStaffed">{q.agentsStaffed}</td>
                  <td data-field="agentsAvailable">{q.agentsAvailable}</td>
                  <td data-field="agentsOnContact">{q.agentsOnContact}</td>
                  <td data-field="agentsAfterContactWork">{q.agentsAfterContactWork}</td>
                  <td class="agents" data-field="agents" title={q.agents.map(describeAgent).join('\n')}>
                    {q.agents.length === 0 ? '—' : q.agents.map(describeAgent).join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </ConsolePanel>
  );
}
