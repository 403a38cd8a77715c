/**
 * The agent workspace in the local sandbox: pick a configured agent (the sandbox token issuer signs a
 * token for them, standing in for Cognito), then the same AgentWorkspace over the sandbox ContactSource
 * and the same API client the deployed app uses.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { createAgentApiClient } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { createSandboxSource } from '../contact/sandbox.ts';
import { messagesFor } from '../i18n/messages.ts';
import { AgentWorkspace } from '../ui/AgentWorkspace.tsx';

const TOKEN = 'santral.sandbox.token';

interface SandboxAgent {
  username: string;
  name: string;
}

function Login({ onToken }: { onToken(token: string): void }) {
  const t = messagesFor(navigator.language.toLowerCase().startsWith('tr') ? 'tr' : 'en');
  const [agents, setAgents] = useState<SandboxAgent[]>([]);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void fetch('/sandbox/agents')
      .then((r) => r.json() as Promise<{ agents: SandboxAgent[] }>)
      .then((d) => {
        setAgents(d.agents);
        setChosen(d.agents[0]?.username ?? '');
      });
  }, []);
  return (
    <main class="login">
      <h1>{t.signInTitle}</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await fetch('/sandbox/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: chosen }),
          });
          if (!res.ok) return setError(`HTTP ${res.status}: ${await res.text()}`);
          onToken(((await res.json()) as { token: string }).token);
        }}
      >
        <label for="agent">{t.agent}</label>
        <select
          id="agent"
          value={chosen}
          onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}
        >
          {agents.map((a) => (
            <option key={a.username} value={a.username}>
              {a.name} ({a.username})
            </option>
          ))}
        </select>
        <button type="submit" class="primary" data-action="sign-in">
          {t.signIn}
        </button>
      </form>
      {error ? <p role="alert">{error}</p> : null}
    </main>
  );
}

function SandboxApp() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN));
  const [me, setMe] = useState<Me | null>(null);
  const api = token ? createAgentApiClient({ baseUrl: '', token: async () => token }) : null;
  useEffect(() => {
    if (!api) return;
    api.me().then(setMe, () => {
      sessionStorage.removeItem(TOKEN);
      setToken(null);
    });
  }, [token]);
  if (!token || !api)
    return (
      <Login
        onToken={(tk) => {
          sessionStorage.setItem(TOKEN, tk);
          setToken(tk);
        }}
      />
    );
  if (!me) return <p aria-busy="true">…</p>;
  return (
    <AgentWorkspace
      api={api}
      source={createSandboxSource({ token })}
      locale={me.locale}
      agentName={me.name}
    />
  );
}

render(<SandboxApp />, document.getElementById('app')!);
