/**
 * The sandbox's CCP stand-in: place a simulated call from a demo caller with the digits they press; the
 * call runs through the real flows and handlers (the simulator) and, when it reaches an agent, that
 * agent's workspace pops the card. Live contacts can be hung up here; every call's transcript is shown.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

interface Caller {
  number: string;
  label: string;
}
interface LiveContact {
  contactId: string;
  from: string;
  agent: string | null;
  queue: string | null;
  state: string;
  outcome: string;
  transcript: string[];
}

function CcpStandIn() {
  const [callers, setCallers] = useState<Caller[]>([]);
  const [from, setFrom] = useState('');
  const [digits, setDigits] = useState('1');
  const [contacts, setContacts] = useState<LiveContact[]>([]);
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    const r = await fetch('/sandbox/contacts');
    setContacts(((await r.json()) as { contacts: LiveContact[] }).contacts);
  };
  useEffect(() => {
    void fetch('/sandbox/callers')
      .then((r) => r.json() as Promise<{ callers: Caller[] }>)
      .then((d) => {
        setCallers(d.callers);
        setFrom(d.callers[0]?.number ?? '');
      });
    void refresh();
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, []);
  const post = async (path: string, body: unknown) => {
    setError(null);
    const r = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) setError(`HTTP ${r.status}: ${await r.text()}`);
    await refresh();
  };
  return (
    <main class="ccp">
      <h1>CCP stand-in (sandbox)</h1>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void post('/sandbox/calls', { from, digits });
        }}
      >
        <label for="caller">Caller</label>
        <select
          id="caller"
          value={from}
          onChange={(e) => setFrom((e.currentTarget as HTMLSelectElement).value)}
        >
          {callers.map((c) => (
            <option key={c.number} value={c.number}>
              {c.label}
            </option>
          ))}
        </select>
        <label for="digits">Digits pressed</label>
        <input
          id="digits"
          value={digits}
          onInput={(e) => setDigits((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" data-action="place-call">
          Place call
        </button>
      </form>
      {error ? <p role="alert">{error}</p> : null}
      <h2>Contacts</h2>
      <ul class="contacts">
        {contacts.map((c) => (
          <li key={c.contactId} data-contact-id={c.contactId}>
            <p>
              <strong>{c.from}</strong> → {c.queue ?? '–'} · {c.agent ?? 'no agent'} · {c.state} · {c.outcome}
            </p>
            {c.state === 'connected' ? (
              <button
                type="button"
                onClick={() => void post(`/sandbox/contacts/${encodeURIComponent(c.contactId)}/hangup`, {})}
              >
                Hang up
              </button>
            ) : null}
            <details>
              <summary>Transcript</summary>
              <pre>{c.transcript.join('\n')}</pre>
            </details>
          </li>
        ))}
      </ul>
    </main>
  );
}

render(<CcpStandIn />, document.getElementById('app')!);
