/**
 * ContactSource over amazon-connect-streams, for a standalone page that embeds the CCP
 * (`connect.core.initCCP`). Streams is loaded as its own script (the global `connect`; ~190 KB gzipped,
 * kept out of the app's bundle). Lifecycle per Streams' typings: onConnecting (inbound: ringing) →
 * offered, onConnected → connected, onACW → acw, onDestroy → ended; `contact.clear()` leaves ACW;
 * the agent's locale is `agent.getConfiguration().agentPreferences.locale`.
 */
/// <reference types="amazon-connect-streams" />
import type { TransferTarget } from '../api/types.ts';
import { type ContactEvent, type ContactSource, type ContactState, toLocale } from './source.ts';

export interface StreamsSourceOptions {
  /** The element the CCP iframe goes into. */
  container: HTMLElement;
  /** e.g. `https://<instance>.my.connect.aws/ccp-v2/`. */
  ccpUrl: string;
  region: string;
  /** The config's quick connects as API targets labelled with the quick connect's name (config.json). */
  targets: readonly TransferTarget[];
  /** Injected for tests; default: the global `connect` from the Streams script. */
  streams?: typeof connect;
}

export function createStreamsSource(options: StreamsSourceOptions): ContactSource {
  const s = options.streams ?? connect;
  s.core.initCCP(options.container, {
    ccpUrl: options.ccpUrl,
    region: options.region,
    loginPopup: true,
    loginPopupAutoClose: true,
    softphone: { allowFramedSoftphone: true },
  });
  const contacts = new Map<string, connect.Contact>();
  const endpoints = new Map<string, connect.Endpoint>();
  const agent = new Promise<connect.Agent>((resolve) => s.agent((a) => resolve(a)));
  const listeners = new Set<(e: ContactEvent) => void>();
  const emit = (state: ContactState, c: connect.Contact) => {
    const event: ContactEvent = { state, contactId: c.getContactId() };
    if (state === 'offered') {
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(c.getAttributes())) if (v) attrs[k] = v.value;
      event.attributes = attrs;
      event.queue = c.getQueue().name;
    }
    for (const l of listeners) l(event);
  };
  s.contact((c) => {
    contacts.set(c.getContactId(), c);
    c.onConnecting(() => emit('offered', c));
    c.onConnected(() => emit('connected', c));
    c.onACW(() => emit('acw', c));
    c.onDestroy(() => {
      emit('ended', c);
      contacts.delete(c.getContactId());
    });
  });
  const key = (t: TransferTarget) => `${t.type}:${t.name}`;
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clearContact: (contactId) =>
      new Promise((resolve, reject) => {
        const c = contacts.get(contactId);
        if (!c) return reject(new Error(`contact ${contactId} is not in the CCP`));
        c.clear({ success: () => resolve(), failure: (e) => reject(new Error(String(e))) });
      }),
    locale: async () => toLocale((await agent).getConfiguration().agentPreferences?.locale),
    transferTargets: async () => {
      const a = await agent;
      const list = await new Promise<connect.Endpoint[]>((resolve, reject) =>
        a.getEndpoints(a.getAllQueueARNs(), {
          success: (data) => resolve(data.endpoints),
          failure: (e) => reject(new Error(String(e))),
        }),
      );
      const out: TransferTarget[] = [];
      for (const e of list) {
        const type =
          e.type === s.EndpointType.AGENT ? 'agent' : e.type === s.EndpointType.QUEUE ? 'queue' : undefined;
        const t = options.targets.find((x) => x.type === type && x.label === e.name);
        if (!t) continue;
        endpoints.set(key(t), e);
        out.push(t);
      }
      return out;
    },
    transfer: (contactId, target) =>
      new Promise((resolve, reject) => {
        const c = contacts.get(contactId);
        const e = endpoints.get(key(target));
        if (!c || !e) return reject(new Error(`no quick connect for ${target.type} ${target.name}`));
        c.addConnection(e, { success: () => resolve(), failure: (err) => reject(new Error(String(err))) });
      }),
  };
}
