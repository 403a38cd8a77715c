/**
 * The supervisor console, deployed and in the sandbox (one page, supervisor.html, beside the agent workspace):
 * `config.json` says which. Deployed: the Cognito managed login (authorization code + PKCE, as the agent app;
 * supervisor.html is one of the app client's callback URLs) and the agent API's URL from the stack outputs,
 * whose `/v1/supervisor/*` routes go to the supervisor-api function. Sandbox: the token the workspace's
 * sandbox sign-in left in the tab, the sandbox server's own API. Either way the console needs the `supervisor`
 * group: a token without it gets the API's 403 and a message, never the console.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { createAgentApiClient } from '../api/client.ts';
import { createSupervisorApiClient } from '../api/supervisor.ts';
import type { Me } from '../api/types.ts';
import { cognitoToken } from '../auth/cognito.ts';
import { SupervisorConsole } from '../ui/SupervisorConsole.tsx';
import { isSandbox, loadAppConfig } from './deployed.ts';

const TOKEN = 'santral.sandbox.token';

interface Session {
  baseUrl: string;
  token: () => Promise<string>;
}

/** The API and its tokens for this page; undefined in a sandbox tab nobody signed in to. */
async function openSession(): Promise<Session | undefined> {
  const config = await loadAppConfig();
  if (isSandbox(config)) {
    const token = sessionStorage.getItem(TOKEN);
    return token ? { baseUrl: '', token: async () => token } : undefined;
  }
  // Back to this page after the login (the config's redirectUri is the agent app's page).
  const cognito = {
    ...config.cognito,
    redirectUri: new URL('./supervisor.html', config.cognito.redirectUri).href,
  };
  await cognitoToken(cognito);
  return { baseUrl: config.apiUrl, token: () => cognitoToken(cognito) };
}

function isoDay(d: Date) {
  return d.toISOString().slice(0, 10);
}

function ConsoleApp() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    openSession().then(
      (s) => setSession(s ?? null),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(() => {
    if (!session) return;
    createAgentApiClient(session)
      .me()
      .then(setMe, (e: Error) => setError(e.message));
  }, [session]);
  if (session === null)
    return (
      <main>
        <p role="alert">
          Sign in first on <a href="./agent.html">the workspace</a> as a supervisor, then come back.
        </p>
      </main>
    );
  if (error) return <p role="alert">{error}</p>;
  if (!me || !session) return <p aria-busy="true">…</p>;
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
      api={createSupervisorApiClient(session)}
      name={me.name}
      defaults={defaults}
      {...(Number.isFinite(poll) && poll >= 1 && poll <= 300 ? { livePollMs: poll * 1000 } : {})}
    />
  );
}

render(<ConsoleApp />, document.getElementById('app')!);
