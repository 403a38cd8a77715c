/**
 * ContactSource over the local sandbox (shared/local/workspace-server.ts): contact events arrive as
 * server-sent events for the signed-in agent; leaving ACW and the quick connect are sandbox routes that
 * stand in for the CCP. The token travels in the query of the event stream only because EventSource
 * cannot set headers; the server verifies it like any bearer token, on loopback only.
 */
import type { TransferTarget } from '../api/types.ts';
import type { ContactEvent, ContactSource } from './source.ts';

export interface SandboxSourceOptions {
  token: string;
  baseUrl?: string;
}

export function createSandboxSource({ token, baseUrl = '' }: SandboxSourceOptions): ContactSource {
  const auth = { authorization: `Bearer ${token}` };
  const post = async (path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  };
  const enc = encodeURIComponent;
  return {
    subscribe(listener) {
      const es = new EventSource(`${baseUrl}/sandbox/events?token=${enc(token)}`);
      es.addEventListener('contact', (m) =>
        listener(JSON.parse((m as MessageEvent<string>).data) as ContactEvent),
      );
      return () => es.close();
    },
    clearContact: (contactId) => post(`/sandbox/contacts/${enc(contactId)}/clear`),
    locale: async () => undefined,
    transferTargets: async () => {
      const res = await fetch(`${baseUrl}/sandbox/quick-connects`, { headers: auth });
      if (!res.ok) throw new Error(`/sandbox/quick-connects: HTTP ${res.status}`);
      return ((await res.json()) as { quickConnects: TransferTarget[] }).quickConnects;
    },
    transfer: (contactId, target) => post(`/sandbox/contacts/${enc(contactId)}/quick-connect`, { target }),
  };
}
