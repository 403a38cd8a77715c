/**
 * The registry side of the suppression store: national (federal), state and UK TPS lists, imported from
 * flat files into exact per-area bitsets under a versioned prefix with a manifest.
 *
 * - Import: parse the whole file first (any malformed line rejects the file; so does a file without a
 *   record), then write the changed areas under a new version prefix, then the original file and the audit
 *   record of an override, then switch the manifest last, so a crash mid-import leaves the previous copy in
 *   force and a copy in force always has its original. Re-importing the copy in force is a no-op; a file
 *   imported before that is no longer in force is imported again (restored).
 * - Full-list rules, area by area against the copy in force: an older list needs `override.rollback`, a list
 *   that drops more than `maxShrinkFraction` (0.2) of an area's numbers needs `override.allowShrink`; both
 *   with who and why, audited (RegistryStore.writeAudit).
 * - Full lists replace the areas they contain; change lists (additions + deletions) apply to areas that
 *   already have a full list and refresh the version date of the whole source (they are deltas against the
 *   last download, which covers every subscribed area code).
 * - Version date per area: TSR 310.4(b)(3)(iv) — the registry copy must be ≤ 31 days old on the day of
 *   the call; the age that matters is the list's, so the gate compares the area's versionDate.
 * - Lookup: `RegistryReader` loads only the areas a number needs, verifies their SHA-256 and caches them.
 */
import { createHash } from 'node:crypto';
import { isCalendarDate } from '../time/strict.ts';
import {
  AREA_BYTES,
  areaName,
  clearBit,
  countBits,
  hasBit,
  type NumberSlot,
  newAreaBitset,
  parseAreaName,
  setBit,
  slotAreaOf,
  slotIndexOf,
  slotOf,
} from './registry-bitset.ts';
import {
  type NumberPlan,
  type RegistryFileKind,
  type RegistryLineError,
  RegistryParser,
} from './registry-parser.ts';
import { STATES_WITH_DNC_LISTS } from './rule-packs.ts';

/** `federal`, `state:FL`, `tps`. */
export type RegistrySource = string;
const SOURCE = /^(federal|tps|state:([A-Z]{2}))$/;
/** Only lists the gate consults: federal, TPS, and the states that keep their own list (an FK list is read by nobody). */
export const isRegistrySource = (s: string): boolean => {
  const m = SOURCE.exec(s);
  return m !== null && (m[2] === undefined || (STATES_WITH_DNC_LISTS as readonly string[]).includes(m[2]));
};
export const planOfSource = (s: RegistrySource): NumberPlan => (s === 'tps' ? 'GB' : 'NANP');

export interface AreaEntry {
  /** Storage key of the bitset object. */
  key: string;
  sha256: string;
  count: number;
  versionDate: string;
}

/** An audited exception to the full-list rules: `--rollback` and/or `--allow-shrink`, always with who and why. */
export interface ImportOverride {
  /** Accept a full list older than the copy in force for the areas it contains. */
  rollback?: boolean;
  /** Accept a full list that shrinks an area by more than the configured fraction. */
  allowShrink?: boolean;
  reason: string;
  /** Who asked for it (the CLI's actor; in AWS, the state machine input's `by`). */
  by: string;
}

/** What an override let through, area by area (kept in the manifest's import record and the audit object). */
export interface OverrideUse {
  by: string;
  reason: string;
  /** Areas rolled back: the version date in force → this list's. */
  rolledBack: { area: string; from: string; to: string }[];
  /** Areas shrunk beyond the limit: numbers in force → this list's. */
  shrunk: { area: string; from: number; to: number }[];
  /** Storage key of the audit record (evidence bucket). */
  auditKey: string;
}

export interface ImportRecord {
  sha256: string;
  kind: RegistryFileKind;
  versionDate: string;
  importedAt: string;
  fileName: string;
  lines: number;
  additions: number;
  deletions: number;
  areas: number;
  /** This file was imported before and is made the copy in force again. */
  restored?: boolean;
  override?: OverrideUse;
}

export interface RegistryManifest {
  schemaVersion: 1;
  source: RegistrySource;
  /** Monotonic version counter; bitsets of version N live under `…/v<N>/`. */
  version: number;
  updatedAt: string;
  areas: Record<string, AreaEntry>;
  imports: ImportRecord[];
}

/** The audit record of an overridden rule: who, when, why, what it changed (append-only, kept as evidence). */
export interface RegistryAuditRecord {
  type: 'registryImportOverride';
  source: RegistrySource;
  at: string;
  by: string;
  reason: string;
  sha256: string;
  fileName: string;
  kind: RegistryFileKind;
  versionDate: string;
  /** The manifest version this import switches to. */
  manifestVersion: number;
  rolledBack: OverrideUse['rolledBack'];
  shrunk: OverrideUse['shrunk'];
}

/** Storage of bitsets and manifests (S3 in AWS and locally: shared/adapters/s3/registry-store.ts). */
export interface RegistryStore {
  readManifest(source: RegistrySource): Promise<RegistryManifest | undefined>;
  writeManifest(manifest: RegistryManifest): Promise<void>;
  readArea(entry: AreaEntry): Promise<Uint8Array>;
  /** Write a bitset; returns its storage key. */
  writeArea(source: RegistrySource, version: number, area: string, bits: Uint8Array): Promise<string>;
  /** Keep the audit record of an overridden import rule; returns its storage key. */
  writeAudit(record: RegistryAuditRecord): Promise<string>;
}

export class RegistryStoreUnavailableError extends Error {
  override name = 'RegistryStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class RegistryIntegrityError extends Error {
  override name = 'RegistryIntegrityError';
}

/** A request the import refuses before reading the file (unknown source, impossible or future date, override without a reason). */
export class RegistryImportError extends Error {
  override name = 'RegistryImportError';
}

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** `outbound.registryMaxShrinkFraction` default: a full list may drop at most 20 % of an area's numbers. */
export const DEFAULT_MAX_SHRINK_FRACTION = 0.2;

export interface ImportRequest {
  source: RegistrySource;
  kind: RegistryFileKind;
  versionDate: string;
  fileName: string;
  /** The file's bytes, streamed. */
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  flagColumn?: number;
  now?: Date;
  onProgress?: (bytes: number) => void;
  /**
   * false: write the area bitsets but not the manifest and return them `staged` (one item of a Step
   * Functions distributed map over area-code files; `commitStagedImports` switches the manifest once).
   */
  commit?: boolean;
  /** An area may lose at most this fraction of its numbers to one full list (default 0.2). */
  maxShrinkFraction?: number;
  override?: ImportOverride;
  /**
   * Store the original file (the uploaded bytes) under its SHA-256. Called once the file is accepted and
   * BEFORE the manifest switch (also when the file is already in force, to repair a lost original); must be
   * idempotent. A crash at any point therefore never leaves a copy in force without its original.
   */
  keepOriginal?: (sha256: string) => Promise<unknown>;
}

export interface StagedImport {
  source: RegistrySource;
  record: ImportRecord;
  areas: Record<string, AreaEntry>;
}

/** Why a file was refused: `malformed` lines, or a rule (each message says what to do). */
export type RejectionRule = 'malformed' | 'empty' | 'older' | 'shrink' | 'noFullList';

export type ImportResult =
  | { status: 'imported'; sha256: string; version: number; record: ImportRecord; manifest: RegistryManifest }
  | { status: 'staged'; sha256: string; staged: StagedImport }
  | { status: 'unchanged'; sha256: string; previous?: ImportRecord }
  | {
      status: 'rejected';
      sha256: string;
      rule: RejectionRule;
      errors: RegistryLineError[];
      errorCount: number;
      lines: number;
    };

/** The rules a full list meets against the copy in force, area by area (import and staged commit alike). */
export class FullListRefusal extends Error {
  override name = 'FullListRefusal';
  constructor(
    readonly rule: 'older' | 'shrink',
    readonly messages: string[],
  ) {
    super(messages.join('; '));
  }
}

function fullListRules(
  manifest: RegistryManifest | undefined,
  incoming: readonly { area: string; count: number; versionDate: string }[],
  options: { maxShrinkFraction?: number; override?: ImportOverride },
): Pick<OverrideUse, 'rolledBack' | 'shrunk'> {
  const max = options.maxShrinkFraction ?? DEFAULT_MAX_SHRINK_FRACTION;
  const rolledBack: OverrideUse['rolledBack'] = [];
  const shrunk: OverrideUse['shrunk'] = [];
  for (const { area, count, versionDate } of incoming) {
    const inForce = manifest?.areas[area];
    if (!inForce) continue;
    if (versionDate < inForce.versionDate)
      rolledBack.push({ area, from: inForce.versionDate, to: versionDate });
    if (inForce.count > 0 && (inForce.count - count) / inForce.count > max)
      shrunk.push({ area, from: inForce.count, to: count });
  }
  if (rolledBack.length > 0 && !options.override?.rollback)
    throw new FullListRefusal('older', [
      ...rolledBack.map(
        (r) => `area ${r.area}: version date ${r.to} is older than the copy in force (${r.from})`,
      ),
      'a full list older than the copy in force would make listed numbers callable again: import a current download, or pass --rollback --reason "<why>" to roll back on purpose (audited)',
    ]);
  if (shrunk.length > 0 && !options.override?.allowShrink)
    throw new FullListRefusal('shrink', [
      ...shrunk.map(
        (s) =>
          `area ${s.area}: ${s.to} numbers instead of ${s.from} in force (−${Math.round(((s.from - s.to) / s.from) * 1000) / 10} %, more than the ${Math.round(max * 1000) / 10} % allowed by outbound.registryMaxShrinkFraction)`,
      ),
      'a truncated download shrinks an area silently: check the file, or pass --allow-shrink --reason "<why>" if the registry really dropped these numbers (audited)',
    ]);
  return { rolledBack, shrunk };
}

function checkOverride(override: ImportOverride | undefined): void {
  if (!override) return;
  if (!override.reason.trim())
    throw new RegistryImportError('--rollback / --allow-shrink need --reason "<why>" (it is audited)');
  if (!override.by.trim()) throw new RegistryImportError('an override needs the name of who asks for it');
}

async function auditOverride(
  store: RegistryStore,
  use: Pick<OverrideUse, 'rolledBack' | 'shrunk'>,
  override: ImportOverride | undefined,
  record: Omit<RegistryAuditRecord, 'type' | 'by' | 'reason' | 'rolledBack' | 'shrunk'>,
): Promise<OverrideUse | undefined> {
  if (!override || (use.rolledBack.length === 0 && use.shrunk.length === 0)) return undefined;
  const auditKey = await store.writeAudit({
    type: 'registryImportOverride',
    ...record,
    by: override.by,
    reason: override.reason,
    ...use,
  });
  return { by: override.by, reason: override.reason, ...use, auditKey };
}

/**
 * Import a registry flat file (full or change list). Pure except for the store.
 *
 * Order of the writes (crash consistency, tested with a fault at every awaited store call): the area bitsets
 * under a new version prefix → the original file (`keepOriginal`) → the audit record of an override → the
 * manifest, last. Everything before the manifest is idempotent and invisible to lookups, so a crash at any
 * point leaves either the old copy in force or the new one complete, and re-running the import finishes it.
 */
export async function importRegistryFile(store: RegistryStore, req: ImportRequest): Promise<ImportResult> {
  if (!isRegistrySource(req.source))
    throw new RegistryImportError(
      `unknown registry source "${req.source}" (expected federal, tps or state:<XX> for a state with its own list: ${STATES_WITH_DNC_LISTS.join(', ')})`,
    );
  // One strict parser (shared/time/strict.ts): 2026-02-30 is refused, never read as March 2.
  if (!isCalendarDate(req.versionDate))
    throw new RegistryImportError(`version date "${req.versionDate}" is not a real calendar date YYYY-MM-DD`);
  // A future version date would switch the 31-day rule off for years (TSR 310.4(b)(3)(iv)).
  const today = (req.now ?? new Date()).toISOString().slice(0, 10);
  if (req.versionDate > today)
    throw new RegistryImportError(
      `version date ${req.versionDate} is in the future (today is ${today}): a registry copy cannot be newer than today`,
    );
  checkOverride(req.override);
  const manifest = await store.readManifest(req.source);
  const hash = createHash('sha256');
  const areas = new Map<number, Uint8Array>();
  const loading = new Map<number, 'new' | 'base'>();
  const needBase: number[] = [];
  let additions = 0;
  let deletions = 0;
  // Change lists apply to a base copy: collect the records first, then load the bases they touch.
  const pending: number[] = [];
  const parser = new RegistryParser(
    {
      kind: req.kind,
      plan: planOfSource(req.source),
      ...(req.flagColumn ? { flagColumn: req.flagColumn } : {}),
    },
    (areaId, index, add) => {
      if (req.kind === 'full') {
        let bits = areas.get(areaId);
        if (!bits) {
          bits = newAreaBitset();
          areas.set(areaId, bits);
          loading.set(areaId, 'new');
        }
        setBit(bits, index);
        additions++;
      } else {
        if (!loading.has(areaId)) {
          loading.set(areaId, 'base');
          needBase.push(areaId);
        }
        pending.push(areaId, add ? index : -1 - index);
      }
    },
  );
  let bytes = 0;
  for await (const chunk of req.chunks) {
    hash.update(chunk);
    parser.push(chunk);
    bytes += chunk.length;
    req.onProgress?.(bytes);
  }
  parser.end();
  const sha256 = hash.digest('hex');
  if (!parser.ok)
    return {
      status: 'rejected',
      sha256,
      rule: 'malformed',
      errors: parser.errors,
      errorCount: parser.errorCount,
      lines: parser.lines,
    };
  if (parser.records === 0)
    return reject(
      sha256,
      parser.lines,
      'empty',
      `no records (${parser.lines} line${parser.lines === 1 ? '' : 's'}, none with a number): an empty registry file is never applied — check the download and import the complete file`,
    );
  const previous = manifest?.imports.findLast((i) => i.sha256 === sha256);

  if (req.kind === 'change') {
    // A change list applied once is not applied again (its deletions and additions are already in force).
    if (previous) {
      await req.keepOriginal?.(sha256);
      return { status: 'unchanged', sha256, previous };
    }
    if (!manifest)
      return reject(
        sha256,
        parser.lines,
        'noFullList',
        `no full list of ${req.source} imported yet: import a full list first`,
      );
    const inForce = Object.values(manifest.areas).reduce(
      (d, e) => (e.versionDate > d ? e.versionDate : d),
      '',
    );
    if (req.versionDate < inForce)
      return reject(
        sha256,
        parser.lines,
        'older',
        `version date ${req.versionDate} is older than the copy in force (${inForce}): import the change lists published after ${inForce}`,
      );
    for (const areaId of needBase) {
      const entry = manifest.areas[areaName(areaId)];
      if (!entry)
        return reject(
          sha256,
          parser.lines,
          'noFullList',
          `change list touches area ${areaName(areaId)}, which has no full list imported yet: import that area's full list first`,
        );
      areas.set(areaId, new Uint8Array(await store.readArea(entry)));
    }
    for (let i = 0; i < pending.length; i += 2) {
      const bits = areas.get(pending[i]!)!;
      const v = pending[i + 1]!;
      if (v >= 0) {
        setBit(bits, v);
        additions++;
      } else {
        clearBit(bits, -1 - v);
        deletions++;
      }
    }
  }

  const written: Record<string, AreaEntry> = {};
  const incoming = [...areas].map(([areaId, bits]) => ({
    areaId,
    bits,
    area: areaName(areaId),
    sha256: sha256Hex(bits),
    count: countBits(bits),
    versionDate: req.versionDate,
  }));
  let use: Pick<OverrideUse, 'rolledBack' | 'shrunk'> = { rolledBack: [], shrunk: [] };
  if (req.kind === 'full') {
    // Already the copy in force (same numbers, same version date, every area): nothing to switch. A file
    // imported before that is NOT in force any more (a later list replaced it) is imported again: restored.
    const inForce = incoming.every((a) => {
      const e = manifest?.areas[a.area];
      return e !== undefined && e.sha256 === a.sha256 && e.versionDate === a.versionDate;
    });
    if (inForce) {
      await req.keepOriginal?.(sha256);
      return { status: 'unchanged', sha256, ...(previous ? { previous } : {}) };
    }
    // Staged (one area file of a full download): nothing is switched here; the commit checks the rules
    // against the manifest in force at the switch, with the override of the whole download.
    if (req.commit !== false)
      try {
        use = fullListRules(manifest, incoming, req);
      } catch (err) {
        if (!(err instanceof FullListRefusal)) throw err;
        return {
          status: 'rejected',
          sha256,
          rule: err.rule,
          errors: err.messages.map((message) => ({ line: 0, message })),
          errorCount: err.messages.length,
          lines: parser.lines,
        };
      }
  }

  const version = (manifest?.version ?? 0) + 1;
  const importedAt = (req.now ?? new Date()).toISOString();
  const next: RegistryManifest = {
    schemaVersion: 1,
    source: req.source,
    version,
    updatedAt: importedAt,
    areas: { ...(manifest?.areas ?? {}) },
    imports: [...(manifest?.imports ?? [])],
  };
  if (req.kind === 'change') {
    // A change list brings the whole subscribed copy up to its version date.
    for (const [k, e] of Object.entries(next.areas)) next.areas[k] = { ...e, versionDate: req.versionDate };
  }
  for (const a of incoming) {
    const key = await store.writeArea(req.source, version, a.area, a.bits);
    written[a.area] = { key, sha256: a.sha256, count: a.count, versionDate: a.versionDate };
  }
  Object.assign(next.areas, written);
  const record: ImportRecord = {
    sha256,
    kind: req.kind,
    versionDate: req.versionDate,
    importedAt,
    fileName: req.fileName,
    lines: parser.lines,
    additions,
    deletions,
    areas: areas.size,
    ...(previous ? { restored: true } : {}),
  };
  // The original before the manifest switch: a copy in force always has its original.
  await req.keepOriginal?.(sha256);
  if (req.commit === false) {
    if (req.kind !== 'full')
      throw new RegistryImportError(
        'only full lists can be staged (change lists apply to the copy in force)',
      );
    // The override is checked (and audited) again at the commit, against the manifest then in force.
    return { status: 'staged', sha256, staged: { source: req.source, record, areas: written } };
  }
  const override = await auditOverride(store, use, req.override, {
    source: req.source,
    at: importedAt,
    sha256,
    fileName: req.fileName,
    kind: req.kind,
    versionDate: req.versionDate,
    manifestVersion: version,
  });
  next.imports.push(override ? { ...record, override } : record);
  await store.writeManifest(next);
  return { status: 'imported', sha256, version, record: next.imports.at(-1)!, manifest: next };
}

/**
 * Switch the manifest once for a batch of staged full-list imports (the distributed map's final step):
 * a crash before this leaves the previous copy in force; files whose areas are already in force are skipped.
 * The full-list rules (older, shrink) are checked here against the manifest in force at the switch; a refusal
 * throws `FullListRefusal` (the execution fails, nothing is switched).
 */
export async function commitStagedImports(
  store: RegistryStore,
  source: RegistrySource,
  staged: readonly StagedImport[],
  now: Date = new Date(),
  options: { maxShrinkFraction?: number; override?: ImportOverride } = {},
): Promise<RegistryManifest> {
  checkOverride(options.override);
  const manifest = await store.readManifest(source);
  const next: RegistryManifest = {
    schemaVersion: 1,
    source,
    version: (manifest?.version ?? 0) + 1,
    updatedAt: now.toISOString(),
    areas: { ...(manifest?.areas ?? {}) },
    imports: [...(manifest?.imports ?? [])],
  };
  const apply: StagedImport[] = [];
  for (const s of staged) {
    if (s.source !== source) throw new Error(`staged import of ${s.source} in a commit of ${source}`);
    const inForce = Object.entries(s.areas).every(([area, a]) => {
      const e = manifest?.areas[area];
      return e !== undefined && e.sha256 === a.sha256 && e.versionDate === a.versionDate;
    });
    if (!inForce) apply.push(s);
  }
  // Everything already in force (a re-run after a crash past the switch): nothing to switch.
  if (manifest && apply.length === 0) return manifest;
  const use = fullListRules(
    manifest,
    apply.flatMap((s) => Object.entries(s.areas).map(([area, a]) => ({ area, ...a }))),
    options,
  );
  const override = await auditOverride(store, use, options.override, {
    source,
    at: now.toISOString(),
    sha256: apply.map((s) => s.record.sha256).join(','),
    fileName: apply.map((s) => s.record.fileName).join(','),
    kind: 'full',
    versionDate: apply.reduce((d, s) => (s.record.versionDate > d ? s.record.versionDate : d), ''),
    manifestVersion: next.version,
  });
  for (const s of apply) {
    Object.assign(next.areas, s.areas);
    const areas = new Set(Object.keys(s.areas));
    const mine =
      override &&
      ([...override.rolledBack, ...override.shrunk] as { area: string }[]).some((u) => areas.has(u.area));
    next.imports.push(mine ? { ...s.record, override } : s.record);
  }
  await store.writeManifest(next);
  return next;
}

function reject(sha256: string, lines: number, rule: RejectionRule, message: string): ImportResult {
  return { status: 'rejected', sha256, rule, errors: [{ line: 0, message }], errorCount: 1, lines };
}

/** What one source said about one number. */
export interface RegistryCheck {
  source: RegistrySource;
  /** listed / notListed; `missing` = the source has no copy for the number's area (fail closed). */
  status: 'listed' | 'notListed' | 'missing' | 'unsupported';
  area?: string;
  versionDate?: string;
  manifestVersion?: number;
}

/** A loaded, verified area of the manifest in force, with the two answers a lookup can give for it. */
interface LoadedArea {
  key: string;
  bits: Uint8Array;
  listed: RegistryCheck;
  notListed: RegistryCheck;
}

/**
 * Where a view keeps an area: NANP area ids 1000–1999 at slots 0–999, UK (TPS) 44000–44999 at 1000–1999 —
 * the only ids `slotAreaOf` produces. -1 for anything else (an integer check included: a fractional id
 * must never be read as its neighbour's area).
 */
const AREA_SLOTS = 2000;
function areaSlotOf(areaId: number): number {
  const nanp = areaId - 1000;
  if (nanp >>> 0 === nanp && nanp < 1000) return nanp;
  const uk = areaId - 44_000;
  return uk >>> 0 === uk && uk < 1000 ? 1000 + uk : -1;
}

/** The bitset of a slot with no loaded area: every read of it is out of range (undefined → no answer). */
const NO_AREA = new Uint8Array(0);

/** One source's manifest as fetched, and the areas of it loaded so far, by area slot. */
class SourceView {
  /**
   * Lookups left before the clock is read again (see `RegistryReader.fresh`): 4095 after a read that
   * found the manifest fresh, zeroed at the next `setImmediate`. ≤ 0: read the clock.
   */
  budget = 0;
  /** Bitset per area slot (`NO_AREA` when not loaded): one monomorphic array of Uint8Arrays. */
  readonly bits: Uint8Array[] = Array.from({ length: AREA_SLOTS }, () => NO_AREA);
  readonly loaded: (LoadedArea | undefined)[] = Array.from({ length: AREA_SLOTS }, () => undefined);
  constructor(
    readonly manifest: RegistryManifest | undefined,
    /** When the manifest was read + the TTL: from then on it is read again. */
    readonly expiresAt: number,
    /** This source's first answer code (`RegistryReader.lookupSlot`): its slot among the sources × 2 × AREA_SLOTS. */
    readonly codeBase: number,
  ) {}
}

const LISTED = (source: RegistrySource, area: string, entry: AreaEntry, version: number): RegistryCheck =>
  Object.freeze({ source, status: 'listed', area, versionDate: entry.versionDate, manifestVersion: version });
const NOT_LISTED = (source: RegistrySource, area: string, entry: AreaEntry, version: number): RegistryCheck =>
  Object.freeze({
    source,
    status: 'notListed',
    area,
    versionDate: entry.versionDate,
    manifestVersion: version,
  });

/**
 * Read side: manifests (refreshed every `manifestTtlMs`) and the areas a lookup needs, loaded once and
 * verified against the manifest's SHA-256.
 *
 * `lookupSlot` is the hot path (the gate decodes a number once, then asks every source with it): once the
 * manifest is fresh and the area loaded, a lookup is one array index and one bit test, and its answer is a
 * small integer (no object, no allocation, no string work) — its low bit is "listed"; `answerOf` turns it
 * into the frozen `RegistryCheck` shared by every number of that area, for the evidence. -1 means only
 * `check` can answer: no manifest yet, a TTL passed, an unknown source, an area not loaded, a slot outside
 * the layout. Nothing here fails open: -1 means "ask the store", never "not listed".
 */
export class RegistryReader {
  private readonly views = new Map<RegistrySource, SourceView>();
  /** The last source looked up (one source per row is the common case: a string compare, no hashing). */
  private lastSource: RegistrySource | undefined;
  private lastView: SourceView | undefined;
  /** Source → its answer-code base (fixed for the reader's life; a handful of sources). */
  private readonly codeBases = new Map<RegistrySource, number>();
  /** Answer code → the frozen answer of the area loaded at that code in the view in force. */
  private readonly answers: (RegistryCheck | undefined)[] = [];
  /** `<source>|<area>` → the load of that area in flight or done (concurrent lookups share one read). */
  private readonly loads = new Map<string, { key: string; bits: Promise<Uint8Array> }>();
  private readonly ttlMs: number;
  private readonly injectedNow: (() => number) | undefined;
  /**
   * A wall-clock read costs ≈ 200 ns in some sandboxes (this machine's included) — more than the lookup
   * it guards. One read that finds a manifest fresh serves at most 4096 lookups of that source in one
   * event-loop turn (the budget is dropped at the next setImmediate), so a manifest is trusted past its TTL
   * by at most that much work. An injected clock (tests) is read on every lookup.
   */
  private budgetArmed = false;
  private readonly dropBudgets = () => {
    this.budgetArmed = false;
    for (const view of this.views.values()) view.budget = 0;
  };

  constructor(
    private readonly store: RegistryStore,
    options: { manifestTtlMs?: number; now?: () => number } = {},
  ) {
    this.ttlMs = options.manifestTtlMs ?? 60_000;
    this.injectedNow = options.now;
  }

  private clock(): number {
    return this.injectedNow ? this.injectedNow() : Date.now();
  }

  /** The view's manifest is within its TTL (a clock read; see `budget`). */
  private fresh(view: SourceView): boolean {
    if (this.clock() >= view.expiresAt) {
      view.budget = 0;
      return false;
    }
    if (this.injectedNow) {
      view.budget = 0;
      return true;
    }
    view.budget = 4095; // this lookup is the reading's first of 4096
    if (!this.budgetArmed) {
      this.budgetArmed = true;
      setImmediate(this.dropBudgets).unref();
    }
    return true;
  }

  private view(source: RegistrySource): SourceView | undefined {
    if (source === this.lastSource) return this.lastView;
    const view = this.views.get(source);
    if (view) {
      this.lastSource = source;
      this.lastView = view;
    }
    return view;
  }

  async manifest(source: RegistrySource): Promise<RegistryManifest | undefined> {
    const hit = this.views.get(source);
    if (hit && this.clock() < hit.expiresAt) return hit.manifest;
    const manifest = await this.store.readManifest(source);
    let codeBase = this.codeBases.get(source);
    if (codeBase === undefined) {
      codeBase = this.codeBases.size * 2 * AREA_SLOTS;
      this.codeBases.set(source, codeBase);
    }
    const view = new SourceView(manifest, this.clock() + this.ttlMs, codeBase);
    // The answers of the view in force only (the replaced view's areas answer nothing from now on).
    this.answers.length = Math.max(this.answers.length, codeBase + 2 * AREA_SLOTS);
    this.answers.fill(undefined, codeBase, codeBase + 2 * AREA_SLOTS);
    // Areas whose object did not change stay loaded (their answers name the new manifest version).
    for (const [name, entry] of Object.entries(manifest?.areas ?? {})) {
      const id = parseAreaName(name);
      const slot = id === undefined ? -1 : areaSlotOf(id);
      const old = slot < 0 || !hit ? undefined : hit.loaded[slot];
      if (old && old.key === entry.key && manifest)
        this.setArea(view, slot, loadedArea(source, name, entry, manifest.version, old.bits));
    }
    this.views.set(source, view);
    if (this.lastSource === source) this.lastView = view;
    return manifest;
  }

  private setArea(view: SourceView, slot: number, area: LoadedArea): void {
    view.bits[slot] = area.bits;
    view.loaded[slot] = area;
    this.answers[view.codeBase + 2 * slot] = area.notListed;
    this.answers[view.codeBase + 2 * slot + 1] = area.listed;
  }

  private area(source: RegistrySource, area: string, entry: AreaEntry): Promise<Uint8Array> {
    const slot = `${source}|${area}`;
    const hit = this.loads.get(slot);
    if (hit && hit.key === entry.key) return hit.bits;
    const bits = this.store.readArea(entry).then((b) => {
      if (b.length !== AREA_BYTES || sha256Hex(b) !== entry.sha256)
        throw new RegistryIntegrityError(`registry area ${entry.key} does not match its manifest checksum`);
      return b;
    });
    bits.catch(() => {
      if (this.loads.get(slot)?.bits === bits) this.loads.delete(slot);
    });
    this.loads.set(slot, { key: entry.key, bits });
    return bits;
  }

  /**
   * The gate's hot path, for a number already decoded to its slot (`slotAreaOf` / `slotIndexOf`; the gate
   * decodes a number once and asks every source with it): from what is loaded and fresh, an answer code
   * ≥ 0 whose low bit is 1 when the number is listed, or -1 when only `check` can answer. Freshness costs
   * a counter decrement (a clock read every 4096 lookups), the area one array index, the answer one bit
   * test. `answerOf(code)` gives the frozen answer for the evidence; use it in the same synchronous step
   * (a later manifest refresh gives the code to the new copy's area).
   */
  lookupSlot(source: RegistrySource, areaId: number, index: number): number {
    const view = this.view(source);
    if (view === undefined) return -1;
    if (--view.budget < 0 && !this.fresh(view)) return -1;
    let slot = areaId - 1000;
    if (slot >>> 0 !== slot || slot >= 1000) {
      slot = areaSlotOf(areaId);
      if (slot < 0) return -1;
    }
    // An unloaded slot's bitset is empty and an index past an area's 10⁷ bits reads past its end: both
    // undefined, so both are "no answer" (a fractional index is refused like a negative one).
    const byte = index >>> 0 === index ? view.bits[slot]![index >>> 3] : undefined;
    if (byte === undefined) return -1;
    return view.codeBase + 2 * slot + ((byte >>> (index & 7)) & 1);
  }

  /** The frozen answer of a `lookupSlot` code ≥ 0 (undefined for a code it did not give). */
  answerOf(code: number): RegistryCheck | undefined {
    return this.answers[code];
  }

  /**
   * `lookupSlot` + `answerOf` in one call: the frozen answer shared by the number's area, or undefined
   * when only `check` can give it.
   */
  peekSlot(source: RegistrySource, areaId: number, index: number): RegistryCheck | undefined {
    const code = this.lookupSlot(source, areaId, index);
    return code < 0 ? undefined : this.answers[code];
  }

  /**
   * The answer for one number from what is already loaded and fresh, or undefined when only `check` can
   * give it (nothing here fails open: undefined means "ask the store", never "not listed").
   */
  peek(source: RegistrySource, e164: string): RegistryCheck | undefined {
    const areaId = slotAreaOf(e164);
    return areaId < 0 ? undefined : this.peekSlot(source, areaId, slotIndexOf(e164));
  }

  /** Check one number against one source. Store faults throw (the gate turns them into "do not dial"). */
  async check(source: RegistrySource, e164: string): Promise<RegistryCheck> {
    const fast = this.peek(source, e164);
    if (fast) return fast;
    const slot: NumberSlot | undefined = slotOf(e164);
    if (!slot) return { source, status: 'unsupported' };
    const manifest = await this.manifest(source);
    const area = areaName(slot.areaId);
    const entry = manifest?.areas[area];
    if (!manifest || !entry) return { source, status: 'missing', area };
    const bits = await this.area(source, area, entry);
    // Index the area for `lookupSlot` while the manifest it belongs to is still the one in force.
    const view = this.views.get(source);
    const at = areaSlotOf(slot.areaId);
    if (view?.manifest === manifest && at >= 0) {
      let loaded = view.loaded[at];
      if (loaded?.key !== entry.key) {
        loaded = loadedArea(source, area, entry, manifest.version, bits);
        this.setArea(view, at, loaded);
      }
      return hasBit(bits, slot.index) ? loaded.listed : loaded.notListed;
    }
    return hasBit(bits, slot.index)
      ? LISTED(source, area, entry, manifest.version)
      : NOT_LISTED(source, area, entry, manifest.version);
  }
}

function loadedArea(
  source: RegistrySource,
  name: string,
  entry: AreaEntry,
  version: number,
  bits: Uint8Array,
): LoadedArea {
  return {
    key: entry.key,
    bits,
    listed: LISTED(source, name, entry, version),
    notListed: NOT_LISTED(source, name, entry, version),
  };
}

/** Version date → its UTC midnight (a list's rows share a handful of version dates). */
const versionDays = new Map<string, number>();

/** Whole days between a version date and the evaluation instant (UTC calendar days). */
export function registryAgeDays(versionDate: string, at: Date): number {
  let v = versionDays.get(versionDate);
  if (v === undefined) {
    v = Date.parse(`${versionDate}T00:00:00Z`);
    if (versionDays.size > 1000) versionDays.clear();
    versionDays.set(versionDate, v);
  }
  const d = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return Math.floor((d - v) / 86_400_000);
}
