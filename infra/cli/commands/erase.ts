/** `santral erase --phone <E164> [--dry-run]`: erase a person's data (GDPR / KVKK); prints the report. */
import type { Command } from 'commander';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoErasureStore } from '#shared/adapters/dynamo/erasure-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { S3CtrFailureStore } from '#shared/adapters/s3/ctr-failure-store.ts';
import { S3RecordingEraser } from '#shared/adapters/s3/recording-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { bucketName, tableName } from '#shared/data/tables.ts';
import { toE164 } from '#shared/domain/phone.ts';
import { eraseByPhone } from '#shared/interactions/erasure.ts';
import { systemClock } from '#shared/interactions/model.ts';
import { openSandbox, requester } from '#shared/interactions/sandbox-access.ts';
import { loadCliConfig } from '../config-option.ts';

export function register(program: Command): void {
  program
    .command('erase')
    .description(
      'erase everything stored about a phone number (profile, interactions, notes, surveys, recordings, failed CTR batches); keeps a DNC entry',
    )
    .requiredOption('--phone <number>', 'the person’s phone number (E.164, e.g. +12065550100)')
    .option('--dry-run', 'report what would be erased without deleting anything')
    .option('--as <name>', 'who requested the erasure (recorded; default: the OS user)')
    .option('--json', 'print the report as JSON')
    .action(async (o: { phone: string; dryRun?: boolean; as?: string; json?: boolean }) => {
      const e164 = toE164(o.phone);
      if (!e164)
        throw new Error(
          `--phone: "${o.phone}" is not a valid phone number (expected E.164 such as +12065550100)`,
        );
      const config = loadCliConfig(program);
      const sandbox = await openSandbox();
      try {
        const doc = createDocumentClient();
        const s3 = createS3Client();
        const report = await eraseByPhone(
          {
            store: new DynamoErasureStore(doc, {
              customers: tableName('customers'),
              interactions: tableName('interactions'),
            }),
            interactions: new DynamoCtrStore(doc, tableName('interactions')),
            recordings: new S3RecordingEraser(s3),
            ctrFailures: new S3CtrFailureStore(s3, bucketName('ctr-failures')),
            dnc: new DynamoInternalDncStore(doc, tableName('dnc')),
            clock: systemClock,
            queues: config.queues.map((q) => q.name),
          },
          e164,
          { requestedBy: requester(o.as), dryRun: Boolean(o.dryRun) },
        );
        if (o.json) console.log(JSON.stringify(report, null, 2));
        else {
          const c = report.counts;
          console.log(
            [
              `${report.dryRun ? 'DRY RUN — nothing deleted. Would erase' : 'Erased'} data of ${report.subject} (erasure ${report.erasureId}, by ${report.requestedBy})`,
              `  profile items ${c.profileItems}, contacts ${c.contacts} (items ${c.contactItems}, notes ${c.notes}, survey answers ${c.surveyAnswers})`,
              `  callbacks ${c.callbacks}, recording links ${c.recordingLinks}, recording objects/versions ${c.recordingObjects}`,
              `  failed CTR batches (ctr-failures bucket): ${c.ctrFailureRecords} records in ${c.ctrFailureObjects} objects${report.uncheckedCtrFailures.length > 0 ? `; could not check (unreadable, kept — ${c.ctrFailureUnreadable} records): ${report.uncheckedCtrFailures.join(', ')}` : ''}`,
              `  campaign targets ${c.campaignTargets} (${c.campaignTargetsInFlight} being dialled), attempts ${c.campaignAttempts}, İYS approvals ${c.consents}`,
              ...(report.retained.length > 0
                ? ['  kept on purpose:', ...report.retained.map((r) => `    ${r.count} × ${r.why}`)]
                : ['  nothing kept']),
              report.connectContactIds.length > 0
                ? `  Connect keeps its own contact records 24 months (the sandbox has no Connect; the erasure Lambda blanks their attributes): ${report.connectContactIds.join(', ')}`
                : '  no Connect contact records to scrub',
            ].join('\n'),
          );
        }
      } finally {
        await sandbox.close();
      }
    });
}
