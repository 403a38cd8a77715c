/**
 * The Amazon Connect SDK adapter of the ContactSource port, over fake clients with the SDK's method names:
 * lifecycle events map to offered/connected/acw/ended, quick connects map to the config's API targets, and
 * clear/transfer call the SDK with the contact and the matching quick connect.
 */
import { describe, expect, it } from 'vitest';
import { createConnectSdkSource } from '../../../workspace/src/contact/connect-sdk.ts';
import type { ContactEvent } from '../../../workspace/src/contact/source.ts';

type Handler = (e: { contactId: string }) => Promise<void>;

function fakeSdk() {
  const handlers = new Map<string, Set<Handler>>();
  const on = (name: string) => (h: Handler) =>
    void (handlers.get(name) ?? handlers.set(name, new Set()).get(name)!).add(h);
  const off = (name: string) => (h: Handler) => void handlers.get(name)?.delete(h);
  const calls: unknown[][] = [];
  const contact = {
    onIncoming: on('incoming'),
    onConnected: on('connected'),
    onStartingAcw: on('acw'),
    onCleared: on('cleared'),
    onDestroyed: on('destroyed'),
    offIncoming: off('incoming'),
    offConnected: off('connected'),
    offStartingAcw: off('acw'),
    offCleared: off('cleared'),
    offDestroyed: off('destroyed'),
    getAttributes: async () => ({ intent: 'billing' }),
    getQueue: async () => ({ name: 'Billing', queueARN: 'arn:q', queueId: 'q' }),
    clear: async (id: string) => void calls.push(['clear', id]),
    transfer: async (id: string, qc: unknown) => void calls.push(['transfer', id, qc]),
  };
  const agent = {
    getRoutingProfile: async () => ({ queues: [{ name: 'Billing', queueARN: 'arn:q', queueId: 'q' }] }),
    listQuickConnects: async () => ({
      quickConnects: [
        { type: 'queue', name: 'To Billing', endpointARN: 'arn:qc/1' },
        { type: 'agent', name: 'To Maria', endpointARN: 'arn:qc/2' },
        {
          type: 'phone_number',
          name: 'Courier Hotline',
          endpointARN: 'arn:qc/3',
          phoneNumber: '+12125550147',
        },
      ],
      nextToken: null,
    }),
  };
  const fire = async (name: string, contactId: string) => {
    for (const h of handlers.get(name) ?? []) await h({ contactId });
  };
  return { contact, agent, calls, fire, handlers };
}

const targets = [
  { type: 'queue' as const, name: 'Billing', label: 'To Billing' },
  { type: 'agent' as const, name: 'maria', label: 'To Maria' },
];

describe('Connect SDK ContactSource', () => {
  it('maps the SDK lifecycle to offered (with attributes and queue), connected, acw and ended', async () => {
    const sdk = fakeSdk();
    const source = createConnectSdkSource({
      contact: sdk.contact as never,
      agent: sdk.agent as never,
      targets,
    });
    const seen: ContactEvent[] = [];
    const off = source.subscribe((e) => seen.push(e));
    await sdk.fire('incoming', 'c1');
    await sdk.fire('connected', 'c1');
    await sdk.fire('acw', 'c1');
    await sdk.fire('cleared', 'c1');
    expect(seen).toEqual([
      { state: 'offered', contactId: 'c1', attributes: { intent: 'billing' }, queue: 'Billing' },
      { state: 'connected', contactId: 'c1' },
      { state: 'acw', contactId: 'c1' },
      { state: 'ended', contactId: 'c1' },
    ]);
    off();
    expect([...sdk.handlers.values()].every((s) => s.size === 0)).toBe(true);
  });

  it("offers only quick connects the config names, as the API's targets, and transfers with the SDK's quick connect", async () => {
    const sdk = fakeSdk();
    const source = createConnectSdkSource({
      contact: sdk.contact as never,
      agent: sdk.agent as never,
      targets,
    });
    expect(await source.transferTargets()).toEqual(targets);
    await source.transfer!('c1', targets[1]!);
    await source.clearContact('c1');
    expect(sdk.calls).toEqual([
      ['transfer', 'c1', { type: 'agent', name: 'To Maria', endpointARN: 'arn:qc/2' }],
      ['clear', 'c1'],
    ]);
  });
});
