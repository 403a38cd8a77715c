/**
 * How old the registry copies in force are: the dialer publishes the oldest as the `RegistryCopyAgeDays`
 * metric every tick, and an alarm fires days before TSR 310.4(b)(3)(iv)'s 31-day limit makes the gate block
 * every dial the copy governs (a registry import that keeps failing would otherwise stop all dialing silently).
 * Every area code's copy counts: a change list refreshes only the areas it covers.
 */
import { type RegistryStore, registryAgeDays } from './registry.ts';
import { STATES_WITH_DNC_LISTS } from './rule-packs.ts';

/** The registries the rule packs read (federal, the UK TPS, the state lists). */
export const REGISTRY_SOURCES: readonly string[] = [
  'federal',
  'tps',
  ...STATES_WITH_DNC_LISTS.map((s) => `state:${s}`),
];

export interface OldestCopy {
  source: string;
  area: string;
  versionDate: string;
  ageDays: number;
}

/** The oldest area copy over every imported source, or undefined when nothing is imported. */
export async function oldestRegistryCopy(
  store: Pick<RegistryStore, 'readManifest'>,
  at: Date,
  sources: readonly string[] = REGISTRY_SOURCES,
): Promise<OldestCopy | undefined> {
  let oldest: OldestCopy | undefined;
  for (const source of sources) {
    const manifest = await store.readManifest(source);
    if (!manifest) continue;
    for (const [area, entry] of Object.entries(manifest.areas)) {
      if (!oldest || entry.versionDate < oldest.versionDate)
        oldest = {
          source,
          area,
          versionDate: entry.versionDate,
          ageDays: registryAgeDays(entry.versionDate, at),
        };
    }
  }
  return oldest;
}
