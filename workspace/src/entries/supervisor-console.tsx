/**
 * The supervisor console in the local sandbox (beside the agent workspace, same build, same server, same
 * identity): the sandbox token of a configured agent in the `supervisor` group, then the console over the
 * supervisor API client. A token without that group gets the API's 403 and a message, never the console.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { createAgentApiClient } from '../api/client.ts';
import { createSupervisorApiClient } from '../api/supervisor.ts';
import type { Me } from '../api/types.ts';
import { SupervisorConsole } from '../ui/SupervisorConsole.tsx';

const TOKEN = 'santral.sandbox.token';

function isoDay(d: Date) {
  return d.toISOString().slice(0, 10);
}

function ConsoleApp() {
  const token = sessionStorage.getItem(TOKEN);
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!token) return;
    createAgentApiClient({ baseUrl: '', token: async () => token })
      .me()
      .then(setMe, (e: Error) => setError(e.message));
  }, [token]);
  if (!token)
    return (
      <main>
        <p role="alert">
          Sign in first on <a href="./agent.html">the workspace</a> as a supervisor, then come back.
        </p>
      </main>
    );
  if (error) return <p role="alert">{error}</p>;
  if (!me) return <p aria-busy="true">…</p>;
  if (!me.groups.includes('supervisor'))
    return (
      <main>
        <p role="alert" data-field="notSupervisor">
          {me.name} is not in the supervisor group.
        </p>
      </main>
    );
  const params = new URLSearchParams(location.search);
  const now = new Date();
  const defaults = {
    from: params.get('from') ?? isoDay(new Date(now.getTime() - 30 * 86_400_000)),
    to: params.get('to') ?? isoDay(new Date(now.getTime() + 86_400_000)),
  };
  // ?poll=<seconds> (1–300) changes how often the live queues refresh (default 5 s).
  const poll = Number(params.get('poll'));
  return (
    <SupervisorConsole
      api={createSupervisorApiClient({ baseUrl: '', token: async () => token })}
      name={me.name}
      defaults={defaults}
      {...(Number.isFinite(poll) && poll >= 1 && poll <= 300 ? { livePollMs: poll * 1000 } : {})}
    />
  );
}

render(<ConsoleApp />, document.getElementById('app')!);
