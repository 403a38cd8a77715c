/**
 * S3 object-created in the imports bucket under `campaigns/<name>/…csv` → scrub the list and queue it for
 * the campaign (shared/outbound/queue-list.ts). Idempotent: targets are conditional puts, so S3's repeated
 * events never reset progress. The summary (counts only, no numbers) is logged.
 */

import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { createHandlerLogger, loggedHandler } from '#shared/middleware/logging.ts';
import { allowedContactAttributes } from '#shared/outbound/contact-attributes.ts';
import { queueCampaignList } from '#shared/outbound/queue-list.ts';
import { createOutboundRuntime } from '#shared/outbound/runtime.ts';
import { outboundSettingsFromEnv } from '#shared/outbound/settings.ts';

const logger = createHandlerLogger('campaign-ingest');
const s3 = createS3Client();
const rt = createOutboundRuntime(createDocumentClient(), s3);
const settings = outboundSettingsFromEnv();

export const handler = loggedHandler(logger, async (event: S3Event) => {
  const out = [];
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const name = /^campaigns\/([A-Za-z0-9][A-Za-z0-9_.-]{0,62})\//.exec(key)?.[1];
    const campaign = name ? await rt.campaigns.getCampaign(name) : undefined;
    if (!campaign) {
      logger.warn('list for an unknown campaign ignored', { key });
      continue;
    }
    const obj = await s3.send(new GetObjectCommand({ Bucket: record.s3.bucket.name, Key: key }));
    const summary = await queueCampaignList(
      rt.campaigns,
      await rt.ingestGate(settings),
      campaign,
      obj.Body as AsyncIterable<Uint8Array>,
      new Date(),
      allowedContactAttributes(settings, campaign.name),
    );
    const { samples: _samples, ...counts } = summary;
    logger.info('campaign list ingested', { campaign: campaign.name, ...counts });
    out.push({ campaign: campaign.name, ...counts });
  }
  return out;
});
