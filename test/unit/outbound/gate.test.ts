import { describe, expect, it } from 'vitest';
import { evaluateGate, type GateDeps } from '#shared/compliance/gate.ts';
import { importRegistryFile, RegistryReader } from '#shared/compliance/registry.ts';
import {
  bytes,
  MemoryConsentStore,
  MemoryInternalList,
  MemoryRegistryStore,
  outboundSettings,
} from '../../fixtures/outbound/factories.ts';

const NOON_SEATTLE = new Date('2025-06-10T19:00:00Z');

async function world(versionDate = '2025-06-01') {
  const store = new MemoryRegistryStore();
  await importRegistryFile(store, {
    source: 'federal',
    kind: 'full',
    versionDate,
    fileName: 'federal.txt',
    chunks: bytes('2065550100\n3055550100\n'),
  });
  const internal = new MemoryInternalList();
  const consent = new MemoryConsentStore();
  const deps: GateDeps = {
    internalList: internal,
    registry: new RegistryReader(store),
    consent,
    settings: outboundSettings(),
  };
  return { store, internal, consent, deps };
}

const us = (e164: string) => ({ e164, country: 'US' });

describe('compliance gate', () => {
  it('accepts an unlisted number inside its window, with evidence of the registry version and age', async () => {
    const { deps } = await world();
    const v = await evaluateGate(deps, {}, us('+12065550111'), NOON_SEATTLE);
    expect(v.category).toBe('accepted');
    expect(v.evidence.sources).toEqual([
      {
        source: 'federal',
        status: 'notListed',
        area: '1-206',
        versionDate: '2025-06-01',
        ageDays: 9,
        manifestVersion: 1,
      },
    ]);
    expect(v.evidence.window?.zones).toEqual([
      { zone: 'America/Los_Angeles', localTime: '12:00', date: '2025-06-10' },
    ]);
    expect(v.evidence.number).toBe('+1206***0111');
  });

  it('blocks a number on the federal registry', async () => {
    const { deps } = await world();
    const v = await evaluateGate(deps, {}, us('+12065550100'), NOON_SEATTLE);
    expect([v.category, v.reason]).toEqual(['dnc', 'registry:federal']);
  });

  it('blocks a number on the internal list even when the registry does not list it', async () => {
    const { deps, internal } = await world();
    internal.add('+12065550111');
    const v = await evaluateGate(deps, {}, us('+12065550111'), NOON_SEATTLE);
    expect([v.category, v.reason]).toEqual(['dnc', 'internalList']);
  });

  it('blocks everything when the registry copy is older than 31 days at the evaluation time', async () => {
    const { deps } = await world('2025-05-09');
    const v = await evaluateGate(deps, {}, us('+12065550111'), NOON_SEATTLE);
    expect([v.category, v.reason]).toEqual(['dnc', 'registryStale']);
    expect(v.evidence.sources[0]?.ageDays).toBe(32);
  });

  it('answers a loaded area from memory, and a stale manifest from the store (a new listing then blocks)', async () => {
    const { store, deps } = await world();
    let now = 0;
    const reads = { manifests: 0, areas: 0 };
    const counted = Object.assign(Object.create(store) as MemoryRegistryStore, {
      readManifest(source: string) {
        reads.manifests++;
        return store.readManifest(source);
      },
      readArea(entry: Parameters<MemoryRegistryStore['readArea']>[0]) {
        reads.areas++;
        return store.readArea(entry);
      },
    });
    const gate = { ...deps, registry: new RegistryReader(counted, { manifestTtlMs: 1000, now: () => now }) };
    expect((await evaluateGate(gate, {}, us('+12065550111'), NOON_SEATTLE)).category).toBe('accepted');
    expect(reads).toEqual({ manifests: 1, areas: 1 });
    const again = await evaluateGate(gate, {}, us('+12065550122'), NOON_SEATTLE);
    expect(again.category).toBe('accepted');
    expect(again.evidence.sources).toEqual([
      expect.objectContaining({ status: 'notListed', area: '1-206', manifestVersion: 1 }),
    ]);
    expect(reads).toEqual({ manifests: 1, areas: 1 }); // the lookup and its evidence came from memory
    await importRegistryFile(store, {
      source: 'federal',
      kind: 'change',
      versionDate: '2025-06-05',
      fileName: 'chg',
      chunks: bytes('2065550122,2025-06-05,A\n'),
      now: new Date('2025-06-06T00:00:00Z'),
    });
    now = 999; // within the TTL the copy read is still the one the gate answers from
    expect((await evaluateGate(gate, {}, us('+12065550122'), NOON_SEATTLE)).category).toBe('accepted');
    now = 1000; // past it, never: the manifest is read again and the new listing blocks
    const blocked = await evaluateGate(gate, {}, us('+12065550122'), NOON_SEATTLE);
    expect([blocked.category, blocked.reason]).toEqual(['dnc', 'registry:federal']);
    expect(blocked.evidence.sources[0]).toMatchObject({ manifestVersion: 2, versionDate: '2025-06-05' });
    expect(reads).toEqual({ manifests: 2, areas: 2 });
  });

  it('fails closed when the area code has no registry copy, or the internal list is down', async () => {
    const { deps, internal } = await world();
    expect((await evaluateGate(deps, {}, us('+12125550100'), NOON_SEATTLE)).reason).toBe(
      'registryMissing:federal',
    );
    internal.failing = true;
    expect((await evaluateGate(deps, {}, us('+12065550111'), NOON_SEATTLE)).reason).toBe(
      'storeUnavailable:internalList',
    );
  });

  it('refuses a country without a rule pack unless the campaign allows it', async () => {
    const { deps } = await world();
    const fr = { e164: '+33612345678', country: 'FR' };
    expect((await evaluateGate(deps, {}, fr, NOON_SEATTLE)).reason).toBe('noRulePack:FR');
    const allowed = await evaluateGate(
      deps,
      { allowUnknownCountries: true },
      fr,
      new Date('2025-06-10T18:30:00Z'),
    );
    expect(allowed.evidence.rulePack).toBeNull();
    expect(allowed.reasons).not.toContain('noRulePack:FR');
  });

  it('TR: İYS opt-in — no record or RET blocks, BIREYSEL ONAY allows, TACIR without RET allows', async () => {
    const { deps, consent } = await world();
    const at = new Date('2025-06-10T09:00:00Z'); // 12:00 Istanbul
    const tr = (e164: string) => ({ e164, country: 'TR' });
    expect((await evaluateGate(deps, {}, tr('+905321234567'), at)).reason).toBe('consentMirrorMissing');
    await consent.setMirrorVersion({ versionDate: '2025-06-09', importedAt: '', sha256: 'x', records: 3 });
    await consent.putAll([
      {
        e164: '+905321234567',
        channel: 'ARAMA',
        recipientType: 'BIREYSEL',
        status: 'ONAY',
        consentDate: '2025-01-01T00:00:00Z',
      },
      {
        e164: '+905321234568',
        channel: 'ARAMA',
        recipientType: 'BIREYSEL',
        status: 'RET',
        consentDate: '2025-01-01T00:00:00Z',
      },
      {
        e164: '+905321234569',
        channel: 'ARAMA',
        recipientType: 'TACIR',
        status: 'ONAY',
        consentDate: '2025-01-01T00:00:00Z',
      },
    ]);
    expect((await evaluateGate(deps, {}, tr('+905321234567'), at)).category).toBe('accepted');
    expect((await evaluateGate(deps, {}, tr('+905321234568'), at)).reason).toBe('iysRefused');
    expect((await evaluateGate(deps, {}, tr('+905321234569'), at)).category).toBe('accepted');
    expect((await evaluateGate(deps, {}, tr('+905321234560'), at)).reason).toBe('iysNoRecord');
    // A mirror older than 3 days cannot prove a withdrawal was honoured.
    await consent.setMirrorVersion({ versionDate: '2025-06-01', importedAt: '', sha256: 'x', records: 3 });
    expect((await evaluateGate(deps, {}, tr('+905321234567'), at)).reason).toBe('consentMirrorStale');
  });

  it('GB: TPS is a required registry source', async () => {
    const { deps, store } = await world();
    const at = new Date('2025-06-10T11:00:00Z');
    const gb = { e164: '+447700900123', country: 'GB' };
    expect((await evaluateGate(deps, {}, gb, at)).reason).toBe('registryMissing:tps');
    await importRegistryFile(store, {
      source: 'tps',
      kind: 'full',
      versionDate: '2025-06-01',
      fileName: 'tps',
      chunks: bytes('07700900123\n07700900999\n'),
    });
    const fresh = { ...deps, registry: new RegistryReader(store) };
    expect((await evaluateGate(fresh, {}, gb, at)).reason).toBe('registry:tps');
    expect((await evaluateGate(fresh, {}, { e164: '+447700900124', country: 'GB' }, at)).category).toBe(
      'accepted',
    );
  });

  it('checks an imported state list for numbers in that state', async () => {
    const { deps, store } = await world();
    await importRegistryFile(store, {
      source: 'federal',
      kind: 'full',
      versionDate: '2025-06-01',
      fileName: 'f2',
      chunks: bytes('3055550100\n'),
    });
    await importRegistryFile(store, {
      source: 'state:FL',
      kind: 'full',
      versionDate: '2025-06-01',
      fileName: 'fl',
      chunks: bytes('3055550122\n'),
    });
    const d = { ...deps, registry: new RegistryReader(store) };
    const at = new Date('2025-06-10T16:00:00Z');
    expect((await evaluateGate(d, {}, us('+13055550122'), at)).reason).toBe('registry:state:FL');
    expect((await evaluateGate(d, {}, us('+13055550123'), at)).category).toBe('accepted');
  });
});

describe('registry import', () => {
  it('re-importing the same file is a no-op; change lists add and delete', async () => {
    const { store } = await world();
    const again = await importRegistryFile(store, {
      source: 'federal',
      kind: 'full',
      versionDate: '2025-06-01',
      fileName: 'again',
      chunks: bytes('2065550100\n3055550100\n'),
    });
    expect(again.status).toBe('unchanged');
    const change = await importRegistryFile(store, {
      source: 'federal',
      kind: 'change',
      versionDate: '2025-06-05',
      fileName: 'chg',
      chunks: bytes('2065550100,2025-06-05,D\n2065550111,2025-06-05,A\n'),
    });
    expect(change.status).toBe('imported');
    const reader = new RegistryReader(store);
    expect((await reader.check('federal', '+12065550100')).status).toBe('notListed');
    expect((await reader.check('federal', '+12065550111')).status).toBe('listed');
    // The change list refreshed the whole copy's version date.
    expect((await reader.check('federal', '+13055550100')).versionDate).toBe('2025-06-05');
  });

  it('rejects a file with a malformed line and leaves the copy in force untouched', async () => {
    const { store } = await world();
    const r = await importRegistryFile(store, {
      source: 'federal',
      kind: 'full',
      versionDate: '2025-06-09',
      fileName: 'bad',
      chunks: bytes('2065550199\nnot a number\n'),
    });
    expect(r.status).toBe('rejected');
    if (r.status === 'rejected') expect(r.errors[0]?.line).toBe(2);
    expect((await new RegistryReader(store).check('federal', '+12065550199')).status).toBe('notListed');
  });

  it('refuses a change list for an area without a full list, or older than the copy in force', async () => {
    const { store } = await world();
    const noBase = await importRegistryFile(store, {
      source: 'federal',
      kind: 'change',
      versionDate: '2025-06-05',
      fileName: 'c',
      chunks: bytes('4155550100,x,A\n'),
    });
    expect(noBase.status).toBe('rejected');
    const old = await importRegistryFile(store, {
      source: 'federal',
      kind: 'change',
      versionDate: '2025-05-01',
      fileName: 'c2',
      chunks: bytes('2065550100,x,D\n'),
    });
    expect(old.status === 'rejected' && old.errors[0]?.message).toMatch(/older than the copy in force/);
  });
});
