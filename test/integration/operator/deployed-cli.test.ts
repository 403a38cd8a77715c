import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/**
 * The operator commands with `--deployed`: they find the stage's resources from the stack outputs (mocked
 * CloudFormation), act as the verified identity (mocked STS), and read and write the deployed-named tables and
 * buckets on the embedded DynamoDB/S3 — never the sandbox's. The erasure runs the real erasure handler behind a
 * mocked Lambda Invoke (and a mocked Connect, which has no emulator).
 */
import { ConnectClient, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as campaignCommands from '#infra/cli/commands/campaign.ts';
import * as ctrCommands from '#infra/cli/commands/ctr.ts';
import * as dncCommands from '#infra/cli/commands/dnc.ts';
import * as eraseCommands from '#infra/cli/commands/erase.ts';
import * as evidenceCommands from '#infra/cli/commands/evidence.ts';
import * as kpiCommands from '#infra/cli/commands/kpi.ts';
import * as recordingCommands from '#infra/cli/commands/recording.ts';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { DynamoConsentStore } from '#shared/adapters/dynamo/consent-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoEvidenceStore } from '#shared/adapters/dynamo/evidence-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { buildFailureObject } from '#shared/interactions/replay.ts';
import { inboundCtr, recordingKey, uuid } from '../../fixtures/ctr/factory.ts';
import { runSantral } from '../../support/cli.ts';
import {
  createDeployedStores,
  DEPLOYED_ARN,
  deployedBucket,
  deployedTable,
  mockDeployedStage,
} from '../../support/deployed-stage.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const santral = (...args: string[]) =>
  runSantral(
    [
      ctrCommands,
      eraseCommands,
      kpiCommands,
      recordingCommands,
      campaignCommands,
      dncCommands,
      evidenceCommands,
    ],
    ['--stage', 'prod', ...args],
  );
const interactions = deployedTable('prod', 'interactions');

describe('operator commands --deployed (stack outputs mocked, embedded stores under deployed names)', () => {
  useEmbeddedAws();
  let mocks: ReturnType<typeof mockDeployedStage>;
  const doc = () => createDocumentClient();
  beforeAll(async () => {
    await createDeployedStores('prod');
  });
  beforeEach(() => {
    mocks = mockDeployedStage('prod');
  });
  afterEach(() => {
    mocks.cloudFormation.restore();
    mocks.sts.restore();
  });
  afterAll(() => {
    for (const v of ['CONNECT_INSTANCE_ID']) delete process.env[v];
  });

  it('ctr replay --deployed replays from the deployed ctr-failures bucket into the deployed interactions table', async () => {
    const bucket = deployedBucket('prod', 'ctr-failures');
    const key = 'aws/lambda/0b1c2d3e/shardId-000000000000/2026/11/20/2026-11-20T16.00.06-one';
    await createS3Client().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: buildFailureObject([
          JSON.stringify(inboundCtr({ contactId: uuid(0x9101), at: '2026-11-20T16:00:00Z' })),
        ]),
      }),
    );
    const r = await santral('ctr', 'replay', '--deployed', '--json');
    expect(JSON.parse(r.out)).toMatchObject({ objects: 1, replayed: 1, applied: 1 });
    expect(await new DynamoCtrStore(doc(), interactions).get(uuid(0x9101))).toMatchObject({
      contactId: uuid(0x9101),
    });
    // Moved aside in the deployed bucket.
    const moved = await createS3Client().send(
      new GetObjectCommand({ Bucket: bucket, Key: `replayed/${key}` }),
    );
    expect(moved.ContentLength).toBeGreaterThan(0);
  });

  it('kpi report --deployed reads the deployed interactions table', async () => {
    const store = new DynamoCtrStore(doc(), interactions);
    await processCtr(store, inboundCtr({ contactId: uuid(0x9201), at: '2026-11-10T15:00:00Z' }));
    await processCtr(store, inboundCtr({ contactId: uuid(0x9202), at: '2026-11-10T15:05:00Z' }));
    const r = await santral(
      'kpi',
      'report',
      '--deployed',
      '--from',
      '2026-11-10T00:00:00Z',
      '--to',
      '2026-11-11T00:00:00Z',
      '--json',
    );
    expect(JSON.parse(r.out)).toMatchObject({ contacts: 2, contactsHandled: 2 });
  });

  it('recording url --deployed signs for the deployed bucket and audits the verified identity', async () => {
    const bucket = deployedBucket('prod', 'recordings');
    const key = recordingKey(uuid(0x9301));
    await processCtr(
      new DynamoCtrStore(doc(), interactions),
      inboundCtr({ contactId: uuid(0x9301), recording: `${bucket}/${key}` }),
    );
    const r = await santral('recording', 'url', uuid(0x9301), '--deployed', '--expires', '60', '--json');
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ found: true, bucket, key });
    expect(out.url).toContain('X-Amz-Expires=60');
    const audit = await doc().send(
      new QueryCommand({
        TableName: interactions,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `RECACCESS#${uuid(0x9301)}` },
      }),
    );
    expect(audit.Items?.map((i) => i['requester'])).toEqual([DEPLOYED_ARN]);
  });

  it('--as is refused on --deployed: the verified identity is what gets recorded', async () => {
    await expect(
      santral('recording', 'url', uuid(0x9301), '--deployed', '--as', 'someone-else'),
    ).rejects.toThrow(/--as is for the sandbox: on --deployed the verified AWS identity/);
  });

  it('erase --deployed invokes the stage’s erasure Lambda as the verified identity and prints its report', async () => {
    const phone = '+12065550188';
    await processCtr(
      new DynamoCtrStore(doc(), interactions),
      inboundCtr({ contactId: uuid(0x9401), customer: phone }),
    );
    const lambda = mockClient(LambdaClient);
    const connect = mockClient(ConnectClient);
    connect.on(UpdateContactAttributesCommand).resolves({});
    // The erasure secret is a KMS HMAC key (infra sets ERASURE_HMAC_KEY_ID); KMS has no emulator: GenerateMac
    // is mocked with a real HMAC.
    process.env['ERASURE_HMAC_KEY_ID'] = 'arn:aws:kms:us-east-1:111122223333:key/erasure-hmac';
    const kmsKey = randomBytes(32);
    const kms = mockClient(KMSClient);
    kms.on(GenerateMacCommand).callsFake((input: { Message: Uint8Array }) => ({
      Mac: createHmac('sha256', kmsKey).update(input.Message).digest(),
    }));
    // Lambda invoke has no emulator: the mock runs the real handler in this process (the stage's environment
    // names the deployed tables, as infra sets it for the function).
    lambda.on(InvokeCommand).callsFake(async (input: { Payload: Uint8Array }) => {
      const { handler } = await import('#functions/erasure/handler.ts');
      const answer = await handler(JSON.parse(new TextDecoder().decode(input.Payload)));
      return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(answer)) };
    });
    try {
      const r = await santral('erase', '--phone', phone, '--deployed', '--json');
      const report = JSON.parse(r.out);
      expect(report).toMatchObject({ requestedBy: DEPLOYED_ARN, dryRun: false });
      expect(report.counts.contacts).toBe(1);
      const call = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
      expect(call.FunctionName).toBe('Santral-prod-erasure-FN9X');
      expect(JSON.parse(new TextDecoder().decode(call.Payload as Uint8Array))).toEqual({
        phoneNumber: phone,
        requestedBy: DEPLOYED_ARN,
        dryRun: false,
      });
      expect(await new DynamoCtrStore(doc(), interactions).get(uuid(0x9401))).toBeUndefined();
    } finally {
      lambda.restore();
      connect.restore();
      kms.restore();
    }
  });

  it('erase --deployed: a failing erasure function is reported as such, with the way forward', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      // The SDK wraps the bytes in its blob adapter; the runner only reads them as bytes.
      Payload: new TextEncoder().encode(
        JSON.stringify({
          errorType: 'CampaignStoreError',
          errorMessage: 'campaigns table QueryCommand failed',
        }),
      ) as InvokeCommandOutput['Payload'],
    });
    try {
      await expect(santral('erase', '--phone', '+12065550189', '--deployed')).rejects.toThrow(
        'the erasure function Santral-prod-erasure-FN9X failed: CampaignStoreError: campaigns table QueryCommand failed — nothing is half-done that a re-run cannot finish (erasure is safe to repeat)',
      );
    } finally {
      lambda.restore();
    }
  });
  it('campaign stop --deployed stops the deployed campaign, audited as the verified identity; status and evidence read it back', async () => {
    const campaigns = new DynamoCampaignStore(doc(), deployedTable('prod', 'campaigns'));
    await campaigns.putCampaign({
      name: 'black-friday',
      status: 'active',
      contactFlow: 'outbound-whisper',
      queue: 'Sales',
      callerIds: ['+12065550900'],
      policy: {},
      createdAt: '2026-11-27T08:00:00.000Z',
    });
    await new DynamoEvidenceStore(doc(), deployedTable('prod', 'evidence')).record({
      id: 'ev-1',
      campaign: 'black-friday',
      e164: '+12065550177',
      decision: 'skip',
      reason: 'dnc:registry:federal',
      at: '2026-11-27T15:00:00.000Z',
      attempt: 1,
      gate: {
        number: '+1206***0177',
        evaluatedAt: '2026-11-27T15:00:00.000Z',
        country: 'US',
        rulePack: { id: 'US', version: 'us-2025.1' },
        registryMaxAgeDays: 31,
        sources: [
          { source: 'federal', status: 'listed', area: '1-206', versionDate: '2026-11-20', ageDays: 7 },
        ],
        internalList: { listed: false },
      },
    });
    const stopped = JSON.parse(
      (await santral('campaign', 'stop', 'black-friday', '--reason', 'pricing error', '--deployed', '--json'))
        .out,
    );
    expect(stopped.record).toMatchObject({
      by: DEPLOYED_ARN,
      reason: 'pricing error',
      from: 'active',
      to: 'stopped',
    });
    expect((await campaigns.getCampaign('black-friday'))?.status).toBe('stopped');
    const status = JSON.parse(
      (await santral('campaign', 'status', 'black-friday', '--deployed', '--json')).out,
    );
    expect(status).toMatchObject({
      status: 'stopped',
      evidence: { skip: 1 },
      control: [{ by: DEPLOYED_ARN }],
    });
    const ev = await santral('evidence', '--phone', '+12065550177', '--deployed');
    expect(ev.out).toContain(
      'SKIP +1206***0177 black-friday attempt 1 (dnc:registry:federal): federal [1-206] copy 2026-11-20, 7 days old (max 31), LISTED',
    );
  });

  it('dnc add --deployed writes the deployed dnc table as the verified identity; dnc list --deployed reads it', async () => {
    await santral('dnc', 'add', '+12065550166', '--reason', 'asked in chat', '--deployed');
    const list = JSON.parse((await santral('dnc', 'list', '--deployed', '--json')).out);
    expect(list.entries).toEqual([
      expect.objectContaining({ e164: '+12065550166', addedBy: DEPLOYED_ARN, reason: 'asked in chat' }),
    ]);
  });

  describe('dnc import / consent-import --deployed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'santral-deployed-import-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('dnc import --deployed puts the registry copy in the deployed evidence bucket; dnc check --deployed then blocks the number', async () => {
      const file = join(dir, 'federal-206.txt');
      writeFileSync(file, '2065550188\n2065550189\n');
      const r = await santral(
        'dnc',
        'import',
        file,
        '--source',
        'federal',
        '--version-date',
        '2026-11-25',
        '--deployed',
        '--json',
      );
      expect(JSON.parse(r.out)).toMatchObject({ status: 'imported', version: 1, additions: 2, areas: 1 });
      const deployed = new S3RegistryStore(createS3Client(), deployedBucket('prod', 'evidence'));
      expect(await deployed.readManifest('federal')).toMatchObject({ version: 1 });
      const check = await santral(
        'dnc',
        'check',
        '+12065550188',
        '--deployed',
        '--at',
        '2026-11-26T12:00',
        '--json',
      );
      expect(check.exitCode).toBe(dncCommands.EXIT_BLOCKED);
      expect(JSON.parse(check.out)).toMatchObject({ blocked: true });
      // The same file again: nothing to do, read from the deployed manifest.
      const again = await santral(
        'dnc',
        'import',
        file,
        '--source',
        'federal',
        '--version-date',
        '2026-11-25',
        '--deployed',
        '--json',
      );
      expect(JSON.parse(again.out)).toMatchObject({ status: 'unchanged' });
      // An override on --deployed is audited as the verified identity: --by is refused.
      await expect(
        santral(
          'dnc',
          'import',
          file,
          '--source',
          'federal',
          '--version-date',
          '2026-11-01',
          '--rollback',
          '--reason',
          'x',
          '--by',
          'someone',
          '--deployed',
        ),
      ).rejects.toThrow(/--as is for the sandbox: on --deployed the verified AWS identity/);
    });

    it('dnc consent-import --deployed mirrors the İYS export into the deployed dnc table as the verified identity', async () => {
      const file = join(dir, 'iys.csv');
      writeFileSync(
        file,
        'recipient,type,recipientType,status,consentDate,source\n+905321234567,ARAMA,BIREYSEL,ONAY,2026-11-01 10:00:00,HS_WEB\n',
      );
      const r = await santral(
        'dnc',
        'consent-import',
        file,
        '--version-date',
        '2026-11-20',
        '--deployed',
        '--json',
      );
      expect(JSON.parse(r.out)).toMatchObject({ versionDate: '2026-11-20', records: 1, by: DEPLOYED_ARN });
      const consent = new DynamoConsentStore(doc(), deployedTable('prod', 'dnc'));
      expect(await consent.get('+905321234567', 'ARAMA')).toMatchObject({
        status: 'ONAY',
        recipientType: 'BIREYSEL',
      });
      // A malformed export writes nothing, deployed or not.
      writeFileSync(
        file,
        'recipient,type,recipientType,status,consentDate\n+905321234568,FAX,BIREYSEL,ONAY,2026-11-01\n',
      );
      const bad = await santral('dnc', 'consent-import', file, '--version-date', '2026-11-21', '--deployed');
      expect(bad.exitCode).toBe(1);
      expect(bad.err).toMatch(/iys\.csv:2: type: expected ARAMA, MESAJ or EPOSTA/);
      expect(await consent.get('+905321234568', 'ARAMA')).toBeUndefined();
    });
  });
});
