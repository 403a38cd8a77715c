/**
 * `santral dnc import|add|remove|check|consent-import` — the suppression store, locally on the sandbox's
 * embedded S3/DynamoDB (.santral/). The same domain code runs in AWS (functions/dnc-import).
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { parseIysExport } from '#shared/compliance/consent.ts';
import { evaluateGate } from '#shared/compliance/gate.ts';
import {
  importRegistryFile,
  isRegistrySource,
  type RejectionRule,
  sha256Hex,
} from '#shared/compliance/registry.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { maskPhoneNumber, normalizePhoneNumber } from '#shared/domain/phone.ts';
import { startSandbox } from '#shared/local/sandbox.ts';
import type { OperatorStage } from '#shared/operator/stage.ts';
import { createOutboundRuntime, type OutboundRuntime } from '#shared/outbound/runtime.ts';
import { isCalendarDate } from '#shared/time/strict.ts';
import { paint } from '../colour.ts';
import { loadCliConfig } from '../config-option.ts';
import { inputName, readInput, STDIN } from '../input.ts';
import { DEPLOYED_HELP, withOperatorStage } from '../operator.ts';
import { cliTime, inCenterZone } from '../time-options.ts';

interface ProgressBar {
  start(total: number, value: number): void;
  update(value: number): void;
  stop(): void;
}
// cli-progress ships no type declarations: load it through require with the small surface used here.
const { SingleBar } = createRequire(import.meta.url)('cli-progress') as {
  SingleBar: new (options: Record<string, unknown>) => ProgressBar;
};

export const progressBar = (label: string): ProgressBar =>
  new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  });

const e164Arg = (value: string) => {
  const n = normalizePhoneNumber(value);
  if (!n?.valid)
    throw new InvalidArgumentError(
      `"${value}" is not a valid phone number (expected E.164, e.g. +12065550100)`,
    );
  return n.e164;
};
// The one strict parser (shared/time/strict.ts): `2026-02-30` is an error, not March 2.
const dateArg = (value: string) => {
  if (!isCalendarDate(value))
    throw new InvalidArgumentError(`"${value}" is not a date YYYY-MM-DD that exists`);
  return value;
};
const sourceArg = (value: string) => {
  if (!isRegistrySource(value))
    throw new InvalidArgumentError(`"${value}": expected federal, state:<XX> (e.g. state:FL) or tps`);
  return value;
};

/**
 * Run `fn` against the outbound stores: of the sandbox, or — given the command and `deployed` — of the stage
 * the operator layer resolves (shared/operator/stage.ts). Shared by the dnc, campaign and evidence commands.
 */
export async function withRuntime<T>(
  fn: (rt: OutboundRuntime, stage?: OperatorStage) => Promise<T>,
  target?: { program: Command; deployed?: boolean; as?: string; config?: ContactCenterConfig },
): Promise<T> {
  if (target)
    return withOperatorStage(target.program, target, (stage) =>
      fn(createOutboundRuntime(stage.doc, stage.s3), stage),
    );
  // SANTRAL_STATE_DIR: a scratch sandbox instead of .santral/ (tests, trying commands safely).
  const stateDir = process.env['SANTRAL_STATE_DIR'];
  const sandbox = await startSandbox(stateDir ? { stateDir } : {});
  try {
    return await fn(createOutboundRuntime(createDocumentClient(), createS3Client()));
  } finally {
    await sandbox.close();
  }
}

const REJECTION_TITLES: Record<Exclude<RejectionRule, 'malformed'>, string> = {
  empty: 'empty file',
  older: 'older than the copy in force',
  shrink: 'shrinks an area beyond the limit',
  noFullList: 'no full list to apply it to',
};

/** `dnc check` exit code when the number is blocked (1 means the command itself failed). */
export const EXIT_BLOCKED = 2;

export function register(program: Command): void {
  const dnc = program
    .command('dnc')
    .description('do-not-call suppression: registries, the internal list, consents');

  dnc
    .command('import <file>')
    .description(
      'import a registry flat file (full or change list; `-` reads standard input) into the registry store (the sandbox’s, or the deployed evidence bucket with --deployed)',
    )
    .requiredOption('--source <source>', 'federal | state:<XX> | tps', sourceArg)
    .requiredOption('--version-date <date>', 'the registry version date of this file (YYYY-MM-DD)', dateArg)
    .addOption(
      new Option('--kind <kind>', 'full list or change list').choices(['full', 'change']).default('full'),
    )
    .option(
      '--flag-column <n>',
      'change lists: 1-based column of the A/D flag (default: the last column)',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a column number ≥ 1');
        return n;
      },
    )
    .option('--rollback', 'accept a full list older than the copy in force (needs --reason; audited)')
    .option(
      '--allow-shrink',
      'accept a full list that drops more than outbound.registryMaxShrinkFraction of an area (needs --reason; audited)',
    )
    .option('--reason <text>', 'why --rollback / --allow-shrink (kept in the audit record)')
    .option(
      '--by <who>',
      'who asks for --rollback / --allow-shrink (default: the OS user; on --deployed: your verified AWS identity)',
    )
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the result as JSON')
    .action(
      async (
        file: string,
        o: {
          source: string;
          versionDate: string;
          kind: 'full' | 'change';
          flagColumn?: number;
          rollback?: boolean;
          allowShrink?: boolean;
          reason?: string;
          by?: string;
          deployed?: boolean;
          json?: boolean;
        },
      ) => {
        const overriding = Boolean(o.rollback || o.allowShrink);
        if (overriding && !o.reason?.trim())
          throw new InvalidArgumentError(
            `${o.rollback ? '--rollback' : '--allow-shrink'} needs --reason "<why>" (who, when and why are audited)`,
          );
        if (!overriding && (o.reason !== undefined || o.by !== undefined))
          throw new InvalidArgumentError('--reason and --by go with --rollback or --allow-shrink');
        const config = loadCliConfig(program);
        // The whole file is parsed before anything is written; `-` reads it from standard input.
        const body = file === STDIN ? await readInput(file) : undefined;
        let size: number;
        try {
          size = body ? body.length : statSync(file).size;
        } catch (err) {
          throw new Error(`${file}: cannot read (${(err as Error).message})`);
        }
        const result = await withRuntime(
          async (rt, stage) => {
            const bar = progressBar('import');
            bar.start(size, 0);
            try {
              return await importRegistryFile(rt.registryStore, {
                source: o.source,
                kind: o.kind,
                versionDate: o.versionDate,
                fileName: body ? 'stdin' : basename(file),
                chunks: body ? [new Uint8Array(body)] : createReadStream(file, { highWaterMark: 1 << 20 }),
                ...(o.flagColumn ? { flagColumn: o.flagColumn } : {}),
                onProgress: (b) => bar.update(b),
                maxShrinkFraction: config.outbound.registryMaxShrinkFraction,
                ...(overriding
                  ? {
                      override: {
                        rollback: Boolean(o.rollback),
                        allowShrink: Boolean(o.allowShrink),
                        reason: o.reason!,
                        by: stage!.actor.id,
                      },
                    }
                  : {}),
                // Stored before the manifest switch (and repaired when missing): never a copy without its original.
                keepOriginal: (sha256) =>
                  rt.registryStore.keepOriginal(o.source, sha256, body ?? (() => readFileSync(file))),
              });
            } finally {
              bar.stop();
            }
          },
          { program, config, deployed: o.deployed, ...(o.by !== undefined ? { as: o.by } : {}) },
        );
        file = inputName(file);
        if (o.json)
          console.log(
            JSON.stringify(
              result.status === 'imported'
                ? { status: result.status, version: result.version, ...result.record }
                : result,
            ),
          );
        else if (result.status === 'imported') {
          console.log(
            `${file}: ${result.record.restored ? 'imported again (restored as the copy in force)' : 'imported'} into ${o.source} v${result.version} — ${result.record.additions} additions, ${result.record.deletions} deletions over ${result.record.areas} area codes (sha256 ${result.sha256.slice(0, 12)}…, version date ${o.versionDate})`,
          );
          const use = result.record.override;
          if (use) {
            for (const r of use.rolledBack) console.log(`  rolled back ${r.area}: ${r.from} → ${r.to}`);
            for (const s of use.shrunk) console.log(`  shrunk ${s.area}: ${s.from} → ${s.to} numbers`);
            console.log(`  audited: by ${use.by}, reason "${use.reason}" (${use.auditKey})`);
          }
        } else if (result.status === 'unchanged')
          console.log(
            result.previous
              ? `${file}: already imported on ${result.previous.importedAt} (same SHA-256) and still the copy in force: nothing to do`
              : `${file}: already the copy in force (the same numbers and version date in every area): nothing to do`,
          );
        if (result.status === 'rejected') {
          if (!o.json) {
            console.error(
              result.rule === 'malformed'
                ? `${file}: rejected — ${result.errorCount} malformed line(s); nothing was applied`
                : `${file}: rejected (${REJECTION_TITLES[result.rule]}); nothing was applied`,
            );
            for (const e of result.errors)
              console.error(e.line > 0 ? `  ${file}:${e.line}: ${e.message}` : `  ${file}: ${e.message}`);
          }
          process.exitCode = 1;
        }
      },
    );

  dnc
    .command('add <e164>')
    .description('put a number on the internal do-not-call list (immediate; the first request wins)')
    .requiredOption('--reason <text>', 'why (kept with the entry)')
    .option('--by <who>', 'who records it (default: the OS user; on --deployed: your verified AWS identity)')
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (raw: string, o: { reason: string; by?: string; deployed?: boolean; json?: boolean }) => {
      const e164 = e164Arg(raw);
      const r = await withRuntime(
        (rt, stage) =>
          rt.internalDnc.add({
            e164,
            source: 'admin',
            addedAt: new Date().toISOString(),
            addedBy: stage!.actor.id,
            reason: o.reason,
          }),
        { program, deployed: o.deployed, ...(o.by !== undefined ? { as: o.by } : {}) },
      );
      if (o.json)
        console.log(
          JSON.stringify({ outcome: r.outcome, number: maskPhoneNumber(e164), addedAt: r.entry.addedAt }),
        );
      else
        console.log(
          `${maskPhoneNumber(e164)}: ${r.outcome === 'added' ? 'added to' : 'already on'} the internal list (since ${r.entry.addedAt})`,
        );
    });

  dnc
    .command('remove <e164>')
    .description('admin removal from the internal list (needs a reason; audited with who and when)')
    .requiredOption('--reason <text>', 'why the entry is removed')
    .option(
      '--admin <who>',
      'the admin who removes it (default: the OS user; on --deployed: your verified AWS identity)',
    )
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the result as JSON')
    .action(
      async (raw: string, o: { reason: string; admin?: string; deployed?: boolean; json?: boolean }) => {
        const e164 = e164Arg(raw);
        const r = await withRuntime(
          (rt, stage) => rt.internalDncAdmin.remove(e164, { admin: stage!.actor.id, reason: o.reason }),
          { program, deployed: o.deployed, ...(o.admin !== undefined ? { as: o.admin } : {}) },
        );
        if (o.json) console.log(JSON.stringify({ outcome: r, number: maskPhoneNumber(e164) }));
        else
          console.log(
            `${maskPhoneNumber(e164)}: ${r === 'removed' ? 'removed (audited)' : 'was not on the internal list'}`,
          );
      },
    );

  dnc
    .command('list')
    .description('the internal do-not-call list: every number with its source, when, who and why')
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the entries as JSON (full E.164 numbers, for an export)')
    .action(async (o: { deployed?: boolean; json?: boolean }) => {
      const entries = await withRuntime(
        async (rt) =>
          [...(await rt.internalDncAdmin.listNumbers()).values()].sort((a, b) =>
            a.addedAt.localeCompare(b.addedAt),
          ),
        { program, deployed: o.deployed },
      );
      if (o.json) console.log(JSON.stringify({ count: entries.length, entries }));
      else {
        for (const e of entries)
          console.log(
            `${maskPhoneNumber(e.e164).padEnd(14)} ${e.source.padEnd(6)} ${e.addedAt}  by ${e.addedBy}${e.reason ? `  — ${e.reason}` : ''}`,
          );
        console.log(`${entries.length} number${entries.length === 1 ? '' : 's'} on the internal list`);
      }
    });

  dnc
    .command('check <e164>')
    .description(
      `is this number blocked by any suppression source? (internal list, registries, consent) — exit ${EXIT_BLOCKED} when blocked`,
    )
    .option('--at <time>', 'evaluation time (default now; without an offset: the center’s time zone)')
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print {"blocked","sources","registryVersion"} as JSON')
    .action(async (raw: string, o: { at?: string; deployed?: boolean; json?: boolean }) => {
      const n = normalizePhoneNumber(raw);
      if (!n?.valid)
        throw new Error(`"${raw}" is not a valid phone number (expected E.164, e.g. +12065550100)`);
      const config = loadCliConfig(program);
      const settings = config.outbound;
      const at = o.at ? cliTime(o.at, config, '--at') : new Date();
      const v = await withRuntime(
        (rt) => evaluateGate(rt.dialGate(settings), {}, { e164: n.e164, country: n.country }, at),
        { program, deployed: o.deployed },
      );
      const suppression = v.reasons.filter(
        (r) =>
          !r.startsWith('outsideWindow') &&
          !/^(before|after)Window|closingSoon|unknownZone|invalidLocationHint/.test(r),
      );
      const blocked = v.category === 'dnc' || v.category === 'noConsent';
      const sources = [
        ...('listed' in v.evidence.internalList && v.evidence.internalList.listed ? ['internal'] : []),
        ...v.evidence.sources.filter((s) => s.status === 'listed').map((s) => s.source),
        ...(v.category === 'noConsent' ? ['consent'] : []),
      ];
      const federal = v.evidence.sources.find((s) => s.source === 'federal' || s.source === 'tps');
      const out = {
        blocked,
        sources,
        registryVersion: federal?.versionDate ?? null,
        reasons: suppression,
        registries: v.evidence.sources,
        rulePack: v.evidence.rulePack,
        evaluatedAt: inCenterZone(at, config),
      };
      if (o.json) console.log(JSON.stringify(out));
      else {
        console.log(
          `${maskPhoneNumber(n.e164)}: ${blocked ? paint(`BLOCKED (${suppression.join(', ')})`, 'red') : paint('not blocked', 'green')}`,
        );
        for (const s of v.evidence.sources)
          console.log(
            `  ${s.source.padEnd(10)} ${s.status.padEnd(10)} ${s.versionDate ? `version ${s.versionDate} (${s.ageDays} days old)` : ''}`,
          );
        console.log(`  (evaluated at ${out.evaluatedAt})`);
      }
      // Scripts branch on the exit code: 0 not blocked, EXIT_BLOCKED blocked (1 stays "the command failed").
      if (blocked) process.exitCode = EXIT_BLOCKED;
    });

  dnc
    .command('consent-import <file>')
    .description(
      'import an İYS consent export (TR opt-in mirror; `-` reads standard input) into the sandbox, or the deployed dnc table with --deployed',
    )
    .requiredOption('--version-date <date>', 'the date of the İYS export (YYYY-MM-DD)', dateArg)
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { versionDate: string; deployed?: boolean; json?: boolean }) => {
      const body = await readInput(file);
      file = inputName(file);
      const parsed = await parseIysExport([body]);
      if (parsed.errors.length > 0) {
        console.error(`${file}: rejected — ${parsed.errors.length} malformed row(s); nothing was applied`);
        for (const e of parsed.errors.slice(0, 50)) console.error(`  ${file}:${e.line}: ${e.message}`);
        process.exitCode = 1;
        return;
      }
      const version = {
        versionDate: o.versionDate,
        importedAt: new Date().toISOString(),
        sha256: sha256Hex(body),
        records: parsed.records.length,
      };
      const write = async (rt: OutboundRuntime) => {
        await rt.consent.putAll(parsed.records);
        await rt.consent.setMirrorVersion(version);
      };
      // Without --deployed the sandbox as before; with it, the stage's dnc table (the verified identity).
      let by: string | undefined;
      if (o.deployed)
        by = await withRuntime(
          async (rt, stage) => {
            await write(rt);
            return stage!.actor.id;
          },
          { program, deployed: true },
        );
      else await withRuntime(write);
      if (o.json) console.log(JSON.stringify({ ...version, ...(by ? { by } : {}) }));
      else
        console.log(
          `${file}: ${parsed.records.length} consent records mirrored (version ${o.versionDate})${by ? ` into the deployed stage as ${by}` : ''}`,
        );
    });
}
