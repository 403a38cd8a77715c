/** `santral erase --phone <E164> [--dry-run]`: erase a person's data (GDPR / KVKK); prints the report. */
import type { Command } from 'commander';
import { toE164 } from '#shared/domain/phone.ts';
import { erasureRunnerFor } from '#shared/operator/erasure.ts';
import { DEPLOYED_HELP, withOperatorStage } from '../operator.ts';
import { startProgress } from '../progress.ts';

export function register(program: Command): void {
  program
    .command('erase')
    .description(
      'erase everything stored about a phone number (profile, interactions, notes, surveys, recordings, failed CTR batches); keeps a DNC entry',
    )
    .requiredOption('--phone <number>', 'the person’s phone number (E.164, e.g. +12065550100)')
    .option('--dry-run', 'report what would be erased without deleting anything')
    .option(
      '--as <name>',
      'who requested the erasure (recorded; default: the OS user; on --deployed: your verified AWS identity)',
    )
    .option('--deployed', `${DEPLOYED_HELP}; runs the stage's erasure Lambda`)
    .option('--json', 'print the report as JSON')
    .action(
      async (o: { phone: string; dryRun?: boolean; as?: string; deployed?: boolean; json?: boolean }) => {
        const e164 = toE164(o.phone);
        if (!e164)
          throw new Error(
            `--phone: "${o.phone}" is not a valid phone number (expected E.164 such as +12065550100)`,
          );
        await withOperatorStage(program, o, async (stage) => {
          const runner = erasureRunnerFor(stage);
          // Scans every table and bucket (the Lambda: up to 10 minutes): say what is happening meanwhile.
          const progress = startProgress(`erasing on the ${runner.where}${o.dryRun ? ' (dry run)' : ''}`);
          let report: Awaited<ReturnType<typeof runner.erase>>;
          try {
            report = await runner.erase({ e164, requestedBy: stage.actor.id, dryRun: Boolean(o.dryRun) });
          } finally {
            progress.stop();
          }
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
                  ? stage.mode === 'deployed'
                    ? `  Connect keeps its own contact records 24 months; the erasure Lambda blanked their attributes: ${report.connectContactIds.join(', ')}`
                    : `  Connect keeps its own contact records 24 months (the sandbox has no Connect; the erasure Lambda blanks their attributes): ${report.connectContactIds.join(', ')}`
                  : '  no Connect contact records to scrub',
              ].join('\n'),
            );
          }
        });
      },
    );
}
