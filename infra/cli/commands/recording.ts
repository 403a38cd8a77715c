/** `santral recording url <contactId>`: a short-lived signed GET for a recording; records who asked. */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Command } from 'commander';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { systemClock } from '#shared/interactions/model.ts';
import { recordingUrl } from '#shared/interactions/recordings.ts';
import { DEPLOYED_HELP, withOperatorStage } from '../operator.ts';

export function register(program: Command): void {
  const rec = program.command('recording').description('call recordings');
  rec
    .command('url <contactId>')
    .description('print a short-lived signed URL for the contact recording (the request is audited)')
    .option('--expires <seconds>', 'URL lifetime in seconds (30–3600)', '300')
    .option(
      '--as <name>',
      'who is asking (audited; default: the OS user; on --deployed: your verified AWS identity)',
    )
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the result as JSON')
    .action(
      async (contactId: string, o: { expires: string; as?: string; deployed?: boolean; json?: boolean }) => {
        const expires = Number(o.expires);
        if (!Number.isInteger(expires) || expires < 30 || expires > 3600)
          throw new Error(`--expires: expected whole seconds between 30 and 3600, got "${o.expires}"`);
        await withOperatorStage(program, o, async (stage) => {
          const s3 = stage.s3;
          const store = new DynamoCtrStore(stage.doc, stage.resources.tables.interactions);
          const presign = (bucket: string, key: string, s: number) =>
            getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: s });
          const out = await recordingUrl(
            { interactions: store, audit: store, presign, clock: systemClock },
            contactId,
            stage.actor.id,
            expires,
          );
          if (!out.found) throw new Error(`no recording is linked to contact ${contactId}`);
          console.log(o.json ? JSON.stringify(out, null, 2) : `${out.url}\n(expires ${out.expiresAt})`);
        });
      },
    );
}
