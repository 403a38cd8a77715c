/**
 * ContactSource over the Amazon Connect SDK, for the app running as a third-party application inside
 * Connect's agent workspace (@amazon-connect/app + @amazon-connect/contact). Lifecycle (per the SDK's
 * ContactClient typings): onIncoming → offered, onConnected → connected, onStartingAcw → acw,
 * onCleared / onDestroyed → ended; `clear(contactId)` leaves ACW; `transfer(contactId, quickConnect)`
 * is the quick connect. The agent's locale comes from the identity token (the SDK's user-settings
 * module is not part of this app), so `locale()` answers undefined.
 */
import { AmazonConnectApp } from '@amazon-connect/app';
import {
  AgentClient,
  type ContactClient,
  ContactClient as ContactClientClass,
  type QuickConnect,
} from '@amazon-connect/contact';
import type { TransferTarget } from '../api/types.ts';
import type { ContactEvent, ContactSource, ContactState } from './source.ts';

export interface ConnectSdkSourceOptions {
  /** Injected for tests; default: the clients of the app's provider. */
  contact?: Pick<
    ContactClient,
    | 'onIncoming'
    | 'onConnected'
    | 'onStartingAcw'
    | 'onCleared'
    | 'onDestroyed'
    | 'offIncoming'
    | 'offConnected'
    | 'offStartingAcw'
    | 'offCleared'
    | 'offDestroyed'
    | 'getAttributes'
    | 'getQueue'
    | 'clear'
    | 'transfer'
  >;
  agent?: Pick<AgentClient, 'getRoutingProfile' | 'listQuickConnects'>;
  /**
   * The config's quick connects as API targets, labelled with the quick connect's name (config.json). A
   * Connect quick connect carries only its name and endpoint, so the name is matched to a label here.
   */
  targets: readonly TransferTarget[];
}

/** Starts the app's provider once (AmazonConnectApp.init) and returns its source. */
export function createConnectSdkSource(options: ConnectSdkSourceOptions): ContactSource {
  let contact = options.contact;
  let agent = options.agent;
  if (!contact || !agent) {
    const { provider } = AmazonConnectApp.init({ onCreate: async () => {} });
    // @amazon-connect/app 1.0.11 (the latest) pins core 1.0.11 and @amazon-connect/contact 1.0.12 pins core
    // 1.0.12, so the two provider classes differ nominally (a protected member) though they share the
    // runtime contract the clients use (getProxy()); the provider is passed explicitly so the contact
    // clients never look for a default provider in their own copy of core.
    const bridged = { provider } as unknown as ConstructorParameters<typeof ContactClientClass>[0];
    contact ??= new ContactClientClass(bridged);
    agent ??= new AgentClient(bridged);
  }
  const c = contact;
  const a = agent;
  const quickConnects = new Map<string, QuickConnect>();
  const keyOf = (t: TransferTarget) => `${t.type}:${t.name}`;

  return {
    subscribe(listener) {
      const relay = (state: ContactState) => async (evt: { contactId: string }) => {
        const event: ContactEvent = { state, contactId: evt.contactId };
        if (state === 'offered') {
          try {
            const [attributes, queue] = await Promise.all([
              c.getAttributes(evt.contactId, '*'),
              c.getQueue(evt.contactId),
            ]);
            event.attributes = attributes;
            event.queue = queue.name;
          } catch {
            // The card comes from the API anyway; attributes are only a hint.
          }
        }
        listener(event);
      };
      const handlers = {
        incoming: relay('offered'),
        connected: relay('connected'),
        acw: relay('acw'),
        cleared: relay('ended'),
        destroyed: relay('ended'),
      };
      c.onIncoming(handlers.incoming);
      c.onConnected(handlers.connected);
      c.onStartingAcw(handlers.acw);
      c.onCleared(handlers.cleared);
      c.onDestroyed(handlers.destroyed);
      return () => {
        c.offIncoming(handlers.incoming);
        c.offConnected(handlers.connected);
        c.offStartingAcw(handlers.acw);
        c.offCleared(handlers.cleared);
        c.offDestroyed(handlers.destroyed);
      };
    },
    clearContact: (contactId) => c.clear(contactId),
    locale: async () => undefined,
    async transferTargets() {
      const profile = await a.getRoutingProfile();
      const result = await a.listQuickConnects(profile.queues.map((q) => q.queueARN));
      const out: TransferTarget[] = [];
      for (const q of result.quickConnects) {
        const target = options.targets.find((t) => t.type === q.type && t.label === q.name);
        if (!target) continue;
        quickConnects.set(keyOf(target), q);
        out.push(target);
      }
      return out;
    },
    async transfer(contactId, target) {
      const q = quickConnects.get(keyOf(target));
      if (!q || q.type === 'phone_number')
        throw new Error(`no quick connect for ${target.type} ${target.name}`);
      await c.transfer(contactId, q);
    },
  };
}
