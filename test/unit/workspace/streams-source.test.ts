/**
 * The amazon-connect-streams adapter of the ContactSource port, over a fake `connect` with Streams' API
 * names: initCCP gets the CCP URL, contact callbacks map to offered/connected/acw/ended, the agent's
 * locale preference becomes the app's locale, quick-connect endpoints map to the config's API targets.
 */
import { describe, expect, it } from 'vitest';
import type { ContactEvent } from '../../../workspace/src/contact/source.ts';
import { createStreamsSource } from '../../../workspace/src/contact/streams.ts';

type Cb = () => void;

function fakeStreams() {
  const init: unknown[] = [];
  const calls: unknown[][] = [];
  const contactHandlers: Record<string, Cb> = {};
  let onContact: ((c: unknown) => void) | undefined;
  const endpoints = [
    { type: 'queue', name: 'To Billing', endpointARN: 'arn:qc/1' },
    { type: 'phone_number', name: 'Courier Hotline', endpointARN: 'arn:qc/3' },
  ];
  const agent = {
    getConfiguration: () => ({ agentPreferences: { locale: 'tr_TR' } }),
    getAllQueueARNs: () => ['arn:q'],
    getEndpoints: (_q: string[], cb: { success(d: { endpoints: unknown[] }): void }) =>
      cb.success({ endpoints }),
  };
  const contact = {
    getContactId: () => 'c9',
    getAttributes: () => ({ intent: { name: 'intent', value: 'orders' } }),
    getQueue: () => ({ name: 'Orders' }),
    onConnecting: (cb: Cb) => {
      contactHandlers['connecting'] = cb;
    },
    onConnected: (cb: Cb) => {
      contactHandlers['connected'] = cb;
    },
    onACW: (cb: Cb) => {
      contactHandlers['acw'] = cb;
    },
    onDestroy: (cb: Cb) => {
      contactHandlers['destroy'] = cb;
    },
    clear: (cb: { success(): void }) => {
      calls.push(['clear']);
      cb.success();
    },
    addConnection: (e: unknown, cb: { success(): void }) => {
      calls.push(['addConnection', e]);
      cb.success();
    },
  };
  const streams = {
    core: { initCCP: (...a: unknown[]) => void init.push(a) },
    agent: (cb: (a: unknown) => void) => cb(agent),
    contact: (cb: (c: unknown) => void) => {
      onContact = cb;
    },
    EndpointType: { AGENT: 'agent', QUEUE: 'queue', PHONE_NUMBER: 'phone_number' },
  };
  return { streams, init, calls, contactHandlers, arrive: () => onContact?.(contact) };
}

describe('Streams ContactSource', () => {
  it('embeds the CCP and maps contact callbacks, attributes and the agent locale', async () => {
    const f = fakeStreams();
    const container = {} as HTMLElement;
    const source = createStreamsSource({
      container,
      ccpUrl: 'https://acme.my.connect.aws/ccp-v2/',
      region: 'eu-west-1',
      targets: [{ type: 'queue', name: 'Billing', label: 'To Billing' }],
      streams: f.streams as never,
    });
    expect(f.init[0]).toEqual([
      container,
      expect.objectContaining({ ccpUrl: 'https://acme.my.connect.aws/ccp-v2/', region: 'eu-west-1' }),
    ]);
    const seen: ContactEvent[] = [];
    source.subscribe((e) => seen.push(e));
    f.arrive();
    for (const k of ['connecting', 'connected', 'acw', 'destroy']) f.contactHandlers[k]!();
    expect(seen.map((e) => e.state)).toEqual(['offered', 'connected', 'acw', 'ended']);
    expect(seen[0]).toEqual({
      state: 'offered',
      contactId: 'c9',
      attributes: { intent: 'orders' },
      queue: 'Orders',
    });
    expect(await source.locale()).toBe('tr');
  });

  it('transfers through the endpoint whose name the config labels, and nothing else', async () => {
    const f = fakeStreams();
    const source = createStreamsSource({
      container: {} as HTMLElement,
      ccpUrl: 'https://acme.my.connect.aws/ccp-v2/',
      region: 'eu-west-1',
      targets: [{ type: 'queue', name: 'Billing', label: 'To Billing' }],
      streams: f.streams as never,
    });
    f.arrive();
    expect(await source.transferTargets()).toEqual([{ type: 'queue', name: 'Billing', label: 'To Billing' }]);
    await source.transfer!('c9', { type: 'queue', name: 'Billing' });
    await source.clearContact('c9');
    expect(f.calls).toEqual([
      ['addConnection', { type: 'queue', name: 'To Billing', endpointARN: 'arn:qc/1' }],
      ['clear'],
    ]);
  });
});
