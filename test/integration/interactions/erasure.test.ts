import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  ConnectClient,
  ResourceNotFoundException,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectContactScrubber } from '#shared/adapters/connect/contact-scrubber.ts';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { DynamoConsentStore } from '#shared/adapters/dynamo/consent-store.ts';
import { contactKey, DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { DynamoErasureStore } from '#shared/adapters/dynamo/erasure-store.ts';
import { DynamoEvidenceStore } from '#shared/adapters/dynamo/evidence-store.ts';
import { DynamoInternalDncStore } from '#shared/adapters/dynamo/internal-dnc-store.ts';
import { DynamoNotesStore } from '#shared/adapters/dynamo/notes-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { LocalSubjectHasher } from '#shared/adapters/kms/subject-hasher.ts';
import { S3CtrFailureStore } from '#shared/adapters/s3/ctr-failure-store.ts';
import { S3RecordingEraser } from '#shared/adapters/s3/recording-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { BUCKET_KEYS, bucketName, TABLE_KEYS, tableName } from '#shared/data/tables.ts';
import { type ErasureDeps, eraseByPhone, RETENTION_REASONS } from '#shared/interactions/erasure.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { indexRecording } from '#shared/interactions/recordings.ts';
import { buildFailureObject, parseFailureObject } from '#shared/interactions/replay.ts';
import type { Campaign, CampaignTarget, DialEvidence } from '#shared/outbound/campaign.ts';
import { inboundCtr, recordingKey, uuid } from '../../fixtures/ctr/factory.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const PERSON = { number: '+12065550142', other: '+12065550143', customerId: 'cust-erase-1', name: 'Zeynep' };
const BYSTANDER = { number: '+12065550199', customerId: 'cust-keep-1', name: 'Bob' };
const clock = { now: () => new Date('2026-11-20T12:00:00Z') };

describe('erasure leaves nothing of the person behind', () => {
  useEmbeddedAws();
  let deps: ErasureDeps;
  let doc: ReturnType<typeof createDocumentClient>;
  const s3 = () => createS3Client();
  const ids = { a: uuid(501), b: uuid(502), c: uuid(503), keep: uuid(599) };

  beforeAll(async () => {
    doc = createDocumentClient();
    const ctrStore = new DynamoCtrStore(doc, tableName('interactions'));
    const notes = new DynamoNotesStore(doc, tableName('interactions'));
    const dnc = new DynamoInternalDncStore(doc, tableName('dnc'));
    deps = {
      store: new DynamoErasureStore(doc, {
        customers: tableName('customers'),
        interactions: tableName('interactions'),
      }),
      interactions: ctrStore,
      recordings: new S3RecordingEraser(s3()),
      dnc,
      clock,
      queues: ['Support', 'Billing'],
      ctrFailures: new S3CtrFailureStore(s3(), bucketName('ctr-failures')),
      hasher: new LocalSubjectHasher(randomBytes(32)),
    };
    // Profile with two numbers (a customer-store-like layout: profile item + one item per number).
    const put = (table: string, Item: Record<string, unknown>) =>
      doc.send(new PutCommand({ TableName: table, Item }));
    // Profiles through the inbound area's customer store (profile + one item per number + caller activity).
    const customers = new DynamoCustomerStore(doc);
    for (const p of [PERSON, BYSTANDER]) {
      await customers.putCustomer({
        customerId: p.customerId,
        firstName: p.name,
        tier: 'standard',
        preferredLanguage: 'en-US',
        phoneNumbers: p === PERSON ? [PERSON.number, PERSON.other] : [p.number],
      });
    }
    await customers.recordAgentContact(PERSON.number, {
      contactId: ids.a,
      agent: 'ayse',
      at: new Date('2026-11-02T14:00:30Z'),
    });
    // Interactions: a transferred call with a recording (+ redacted copy, two versions in AWS), a call from
    // the second number, the bystander's call.
    const bucket = bucketName('recordings');
    const recA = recordingKey(ids.a);
    const redactedA = `connect/acme-online-store-dev/Analysis/Voice/Redacted/2026/11/02/${ids.a}_call_recording_redacted_2026-11-02T14:00:00Z.wav`;
    const recKeep = recordingKey(ids.keep);
    for (const key of [recA, redactedA, recKeep])
      await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'RIFF' }));
    await processCtr(
      ctrStore,
      inboundCtr({
        contactId: ids.a,
        customer: PERSON.number,
        recording: `${bucket}/${recA}`,
        attributes: { surveyCsat: '5', firstName: PERSON.name },
      }),
    );
    await indexRecording(ctrStore, { bucket, key: recA }, clock);
    await processCtr(
      ctrStore,
      inboundCtr({
        contactId: ids.b,
        customer: PERSON.number,
        initialContactId: ids.a,
        method: 'TRANSFER',
        queue: 'Billing',
      }),
    );
    await processCtr(
      ctrStore,
      inboundCtr({ contactId: ids.c, customer: PERSON.other, at: '2026-11-05T10:00:00Z' }),
    );
    await processCtr(
      ctrStore,
      inboundCtr({ contactId: ids.keep, customer: BYSTANDER.number, recording: `${bucket}/${recKeep}` }),
    );
    await indexRecording(ctrStore, { bucket, key: recKeep }, clock);
    await doc.send(
      new UpdateCommand({
        TableName: tableName('interactions'),
        Key: contactKey(ids.a),
        UpdateExpression: 'SET surveyCsat = :c, surveyNps = :n',
        ExpressionAttributeValues: { ':c': 5, ':n': 10 },
      }),
    );
    // What the agent workspace writes (shared/agent-api): notes on the contacts, an agent DNC entry.
    const savedAt = clock.now().toISOString();
    const author = 'ayse';
    await notes.saveNote({
      noteId: 'note-erase-1',
      contactId: ids.a,
      text: 'Zeynep asked for a refund',
      author,
      savedAt,
    });
    await notes.saveNote({ noteId: 'note-keep-1', contactId: ids.keep, text: 'Bob happy', author, savedAt });
    await dnc.add({
      e164: PERSON.other,
      source: 'agent',
      addedAt: savedAt,
      addedBy: author,
      contactId: ids.c,
    });
    await put(tableName('interactions'), {
      pk: `CALLBACK#${PERSON.number}#Support`,
      sk: 'PENDING',
      e164: PERSON.number,
      contactId: ids.a,
    });
    await put(tableName('interactions'), {
      pk: `CONTACT#${ids.b}`,
      sk: `TRANSFER#2026-11-02T14:03:00Z#t1`,
      note: 'to billing',
    });
    await put(tableName('interactions'), {
      pk: 'TRANSFERKEY#t1',
      sk: 'KEY',
      contactId: ids.b,
      transferSk: 'TRANSFER#2026-11-02T14:03:00Z#t1',
    });
    await put(tableName('interactions'), {
      pk: `CALLBACK#${PERSON.number}#Support`,
      sk: `REQUEST#${ids.a}`,
      contactId: ids.a,
    });

    // Outbound: two campaigns with the person (one target mid-dial) and the bystander as targets, attempt
    // ledger entries (one with the contact id of the person's call), a daily cap counter, dial evidence.
    const campaigns = new DynamoCampaignStore(doc);
    for (const name of ['renewals', 'winback'])
      await campaigns.putCampaign({
        name,
        status: 'active',
        contactFlow: 'outbound-whisper',
        queue: 'Support',
        callerIds: ['+12065550100'],
        policy: {} as Campaign['policy'],
        createdAt: '2026-11-01T00:00:00Z',
      });
    const target = (campaign: string, e164: string, firstName: string): CampaignTarget => ({
      campaign,
      e164,
      country: 'US',
      line: 2,
      hints: { state: 'WA' },
      attributes: { firstName, plan: 'gold' },
      state: 'pending',
      attempts: 0,
      nextAttemptAt: '2026-11-20T09:00:00Z',
    });
    await campaigns.addTarget(target('renewals', PERSON.number, PERSON.name));
    await campaigns.addTarget(target('renewals', BYSTANDER.number, BYSTANDER.name));
    await campaigns.addTarget(target('winback', PERSON.other, PERSON.name));
    await campaigns.updateTarget('winback', PERSON.other, { state: 'dialing', attempts: 1 });
    for (const [campaign, e164, attempt] of [
      ['renewals', PERSON.number, 1],
      ['renewals', PERSON.number, 2],
      ['winback', PERSON.other, 1],
      ['renewals', BYSTANDER.number, 1],
    ] as const)
      await campaigns.reserveAttempt({
        campaign,
        e164,
        attempt,
        clientToken: `tok-${campaign}-${attempt}-${e164.slice(-4)}`,
        callerId: '+12065550100',
        status: 'reserved',
        reservedAt: `2026-11-1${attempt}T09:00:00Z`,
      });
    await campaigns.updateAttempt('renewals', PERSON.number, 1, {
      status: 'placed',
      contactId: ids.c,
      disposition: 'interested',
    });
    await campaigns.reserveCap('number', PERSON.number, '2026-11-20', 3);
    // İYS mirror: an approval for one number (erased), a refusal for the other (kept like a DNC entry).
    await new DynamoConsentStore(doc).putAll([
      {
        e164: PERSON.number,
        channel: 'ARAMA',
        recipientType: 'BIREYSEL',
        status: 'ONAY',
        consentDate: '2026-01-01',
      },
      {
        e164: PERSON.number,
        channel: 'MESAJ',
        recipientType: 'BIREYSEL',
        status: 'ONAY',
        consentDate: '2026-01-01',
      },
      {
        e164: PERSON.other,
        channel: 'ARAMA',
        recipientType: 'BIREYSEL',
        status: 'RET',
        consentDate: '2026-02-01',
      },
      {
        e164: BYSTANDER.number,
        channel: 'ARAMA',
        recipientType: 'BIREYSEL',
        status: 'ONAY',
        consentDate: '2026-01-01',
      },
    ]);
    // Failed CTR batches kept for replay: one with the person's call and the bystander's, one (already
    // replayed) with only the person's second number.
    const failures = bucketName('ctr-failures');
    const shard = 'aws/lambda/0b1c2d3e-1111-4222-8333-444455556666/shardId-000000000000/2026/11/02';
    await s3().send(
      new PutObjectCommand({
        Bucket: failures,
        Key: `${shard}/2026-11-02T14.10.00-a`,
        Body: buildFailureObject([
          JSON.stringify(
            inboundCtr({ contactId: ids.a, customer: PERSON.number, attributes: { firstName: PERSON.name } }),
          ),
          JSON.stringify(inboundCtr({ contactId: ids.keep, customer: BYSTANDER.number })),
        ]),
      }),
    );
    await s3().send(
      new PutObjectCommand({
        Bucket: failures,
        Key: `replayed/${shard}/2026-11-05T10.10.00-c`,
        Body: buildFailureObject([
          JSON.stringify(
            inboundCtr({ contactId: ids.c, customer: PERSON.other, at: '2026-11-05T10:00:00Z' }),
          ),
        ]),
      }),
    );
    const evidence = new DynamoEvidenceStore(doc);
    for (const [i, e164] of [PERSON.number, PERSON.number, PERSON.other].entries())
      await evidence.record({
        id: `ev-${i}`,
        campaign: 'renewals',
        e164,
        decision: 'dial',
        reason: 'accepted',
        at: `2026-11-1${i}T09:00:00Z`,
        attempt: 1,
        callerId: '+12065550100',
        gate: { number: e164 } as DialEvidence['gate'],
      });
  });

  /** Every item of every table and every object of every bucket that mentions the person. */
  /** Items kept on purpose (asserted separately): DNC entries, İYS refusals, dial evidence, cap counters. */
  const keptOnPurpose = (t: string, item: Record<string, unknown>) => {
    const pk = String(item['pk']);
    if (t === 'dnc') return pk.startsWith('DNC#') || (pk.startsWith('CONSENT#') && item['status'] === 'RET');
    if (t === 'evidence') return pk.startsWith('EVIDENCE#');
    if (t === 'campaigns') return pk.startsWith('CAP#number#');
    return false;
  };

  async function traces(): Promise<string[]> {
    const needles = [PERSON.number, PERSON.other, PERSON.customerId, PERSON.name, ids.a, ids.b, ids.c];
    const found: string[] = [];
    for (const t of TABLE_KEYS) {
      const out = await doc.send(new ScanCommand({ TableName: tableName(t) }));
      for (const item of out.Items ?? []) {
        if (keptOnPurpose(t, item)) continue;
        const text = JSON.stringify(item, (_k, v) => (v instanceof Set ? [...v] : v));
        if (needles.some((n) => text.includes(n))) found.push(`${t}: ${item['pk']} ${item['sk']}`);
      }
    }
    for (const b of BUCKET_KEYS) {
      const out = await s3().send(new ListObjectsV2Command({ Bucket: bucketName(b) }));
      for (const o of out.Contents ?? []) {
        if (needles.some((n) => o.Key?.includes(n))) found.push(`${b}: ${o.Key}`);
        // Failed CTR batches: the records are base64 inside the payload, so look at them decoded.
        if (b === 'ctr-failures') {
          const body = await (
            await s3().send(new GetObjectCommand({ Bucket: bucketName(b), Key: o.Key }))
          ).Body?.transformToString();
          const text = parseFailureObject(body ?? '')
            .records.map((r) => r.text)
            .join('\n');
          if (needles.some((n) => text.includes(n))) found.push(`${b}: records in ${o.Key}`);
        }
      }
    }
    return found;
  }

  it('dry run reports what would go and deletes nothing', async () => {
    const before = await traces();
    const report = await eraseByPhone(deps, PERSON.number, { requestedBy: 'dpo', dryRun: true });
    expect(report.counts).toMatchObject({
      contacts: 3,
      notes: 1,
      surveyAnswers: 1,
      callbacks: 2,
      recordingObjects: 2,
      campaignTargets: 2,
      campaignTargetsInFlight: 1,
      campaignAttempts: 3,
      consents: 2,
      ctrFailureRecords: 2,
      ctrFailureObjects: 2,
      ctrFailureUnreadable: 0,
    });
    expect(report.kept).toEqual({ dncEntries: 1, consentRefusals: 1, evidenceRecords: 3, capCounters: 1 });
    expect(report.retained).toEqual([
      { what: 'dncEntries', count: 1, why: RETENTION_REASONS.dncEntries },
      { what: 'consentRefusals', count: 1, why: RETENTION_REASONS.consentRefusals },
      { what: 'evidenceRecords', count: 3, why: RETENTION_REASONS.evidenceRecords },
      { what: 'capCounters', count: 1, why: RETENTION_REASONS.capCounters },
    ]);
    expect(report.subject).toBe('+1206***0142');
    // The profile, its two number items and caller activity (how many items that is belongs to the inbound
    // customer store's layout; the store-wide scan below is the real check).
    expect(report.counts.profileItems).toBeGreaterThanOrEqual(3);
    expect(await traces()).toEqual(before);
    expect(before.length).toBeGreaterThan(10);
    // The scan does look inside the failed CTR batches.
    expect(before.filter((f) => f.startsWith('ctr-failures: records in '))).toHaveLength(2);
  });

  it('erases profile, interactions, notes, survey answers, callbacks and every recording copy; keeps DNC', async () => {
    const report = await eraseByPhone(deps, PERSON.number, { requestedBy: 'dpo', dryRun: false });
    expect(report.connectContactIds).toEqual([ids.a, ids.b, ids.c].sort());
    expect(report.dncEntryKept).toBe(true);
    expect(await traces()).toEqual([]);
    expect(await deps.dnc.get(PERSON.other)).toMatchObject({ source: 'agent' });
    // Kept on purpose and nothing else: the DNC entry (+ audit), the İYS refusal, the evidence, the cap counter.
    const keptItems: string[] = [];
    for (const t of TABLE_KEYS) {
      const out = await doc.send(new ScanCommand({ TableName: tableName(t) }));
      for (const item of out.Items ?? [])
        if (
          keptOnPurpose(t, item) &&
          [PERSON.number, PERSON.other].some((n) => String(item['pk']).includes(n) || item['e164'] === n)
        )
          keptItems.push(
            `${t}: ${String(item['pk']).replace(/\+\d+/, 'N')} ${String(item['sk']).replace(/^\d{4}.*#/, 'T#')}`,
          );
    }
    expect(keptItems.sort()).toEqual(
      [
        'campaigns: CAP#number#N DAY#2026-11-20',
        'dnc: CONSENT#N IYS#ARAMA',
        'dnc: DNC#N CURRENT',
        ...keptItems.filter((k) => k.startsWith('dnc: DNC#N AUDIT#')),
        'evidence: EVIDENCE#renewals T#ev-0',
        'evidence: EVIDENCE#renewals T#ev-1',
        'evidence: EVIDENCE#renewals T#ev-2',
      ].sort(),
    );
    // The bystander's campaign data and consent are untouched; the campaigns themselves remain.
    const campaigns = new DynamoCampaignStore(doc);
    expect(await campaigns.getTarget('renewals', BYSTANDER.number)).toMatchObject({
      attributes: { firstName: 'Bob' },
    });
    expect(await campaigns.getAttempt('renewals', BYSTANDER.number, 1)).toBeDefined();
    expect(await campaigns.getTarget('renewals', PERSON.number)).toBeUndefined();
    expect(await campaigns.getCampaign('winback')).toBeDefined();
    expect(await new DynamoConsentStore(doc).get(BYSTANDER.number, 'ARAMA')).toMatchObject({
      status: 'ONAY',
    });
    expect(await new DynamoConsentStore(doc).get(PERSON.other, 'ARAMA')).toMatchObject({ status: 'RET' });
    // The bystander is untouched.
    expect((await deps.interactions.get(ids.keep))?.recordingKey).toBe(recordingKey(ids.keep));
    expect(await deps.interactions.history(BYSTANDER.number)).toHaveLength(1);
    // The failed batch that also held the bystander's CTR keeps it (rewritten); the person-only one is gone.
    const left = await s3().send(new ListObjectsV2Command({ Bucket: bucketName('ctr-failures') }));
    expect(left.Contents?.map((o) => o.Key)).toEqual([
      'aws/lambda/0b1c2d3e-1111-4222-8333-444455556666/shardId-000000000000/2026/11/02/2026-11-02T14.10.00-a',
    ]);
    expect(report.counts).toMatchObject({ ctrFailureRecords: 2, ctrFailureObjects: 2 });
    const customers = await doc.send(new ScanCommand({ TableName: tableName('customers') }));
    expect(customers.Items?.map((i) => i['customerId'])).toEqual([
      BYSTANDER.customerId,
      BYSTANDER.customerId,
    ]);
    // The erasure record keeps counts and a salted hash, never the number.
    const records = (await doc.send(new ScanCommand({ TableName: tableName('interactions') }))).Items?.filter(
      (i) => String(i['pk']).startsWith('ERASURE#'),
    );
    expect(records).toHaveLength(1);
    expect(JSON.stringify(records)).not.toContain('5550142');
  });

  it('is safe to re-run: nothing left to find', async () => {
    const report = await eraseByPhone(deps, PERSON.number, { requestedBy: 'dpo', dryRun: false });
    expect(report.counts).toEqual({
      connectContactsScrubbed: 0,
      profileItems: 0,
      contacts: 0,
      contactsAnonymised: 0,
      contactItems: 0,
      notes: 0,
      surveyAnswers: 0,
      callbacks: 0,
      recordingLinks: 0,
      recordingObjects: 0,
      campaignTargets: 0,
      campaignTargetsInFlight: 0,
      campaignAttempts: 0,
      consents: 0,
      ctrFailureRecords: 0,
      ctrFailureObjects: 0,
      ctrFailureUnreadable: 0,
    });
    // What is kept stays kept; with the profile gone, the second number is no longer linked to this one, so
    // only the requested number's kept data is found (its evidence and cap counter).
    expect(report.kept).toEqual({ dncEntries: 0, consentRefusals: 0, evidenceRecords: 2, capCounters: 1 });
  });

  it('never deletes a DNC entry through the consent path', async () => {
    await expect(
      deps.store.deleteConsentItems([{ pk: `DNC#${PERSON.other}`, sk: 'CURRENT' }]),
    ).rejects.toMatchObject({ name: 'ErasureStoreError' });
    expect(await deps.dnc.get(PERSON.other)).toBeDefined();
  });

  it('blanks contact attributes in Connect, which keeps its own records; a contact Connect lost is fine', async () => {
    const connectMock = mockClient(ConnectClient);
    connectMock
      .on(UpdateContactAttributesCommand, { InitialContactId: uuid(701) })
      .resolves({})
      .on(UpdateContactAttributesCommand, { InitialContactId: uuid(702) })
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    try {
      const store = deps.interactions as DynamoCtrStore;
      await processCtr(
        store,
        inboundCtr({
          contactId: uuid(701),
          customer: '+12065550161',
          attributes: { firstName: 'Ali', intent: 'support' },
        }),
      );
      await processCtr(
        store,
        inboundCtr({
          contactId: uuid(702),
          customer: '+12065550161',
          attributes: { firstName: 'Ali' },
          at: '2026-11-03T10:00:00Z',
        }),
      );
      const connect = new ConnectContactScrubber(new ConnectClient({ region: 'us-east-1' }), 'instance-1');
      const report = await eraseByPhone({ ...deps, connect }, '+12065550161', {
        requestedBy: 'dpo',
        dryRun: false,
      });
      expect(report.counts.connectContactsScrubbed).toBe(1);
      const first = connectMock.commandCalls(UpdateContactAttributesCommand, {
        InitialContactId: uuid(701),
      })[0];
      expect(first?.args[0].input).toEqual({
        InstanceId: 'instance-1',
        InitialContactId: uuid(701),
        Attributes: { firstName: '', intent: '' },
      });
      expect(await deps.interactions.history('+12065550161')).toEqual([]);
    } finally {
      connectMock.restore();
    }
  });

  it('the Lambda validates its input and erases through the same code (subject hash from the KMS HMAC key)', async () => {
    // KMS has no emulator: GenerateMac is mocked with a real HMAC under a key only the mock knows.
    const kmsKey = randomBytes(32);
    const kms = mockClient(KMSClient);
    const macs: string[] = [];
    kms
      .on(GenerateMacCommand)
      .callsFake((input: { KeyId: string; MacAlgorithm: string; Message: Uint8Array }) => {
        expect(input).toMatchObject({
          KeyId: 'arn:aws:kms:us-east-1:111122223333:key/hmac',
          MacAlgorithm: 'HMAC_SHA_256',
        });
        macs.push(Buffer.from(input.Message).toString('utf8'));
        return { Mac: createHmac('sha256', kmsKey).update(input.Message).digest() };
      });
    process.env['ERASURE_HMAC_KEY_ID'] = 'arn:aws:kms:us-east-1:111122223333:key/hmac';
    const { handler } = await import('#functions/erasure/handler.ts');
    expect(await handler({ phoneNumber: 'nope', requestedBy: 'dpo' })).toMatchObject({ ok: false });
    expect(await handler({ phoneNumber: '(206) 555-0199', requestedBy: 'dpo', dryRun: true })).toMatchObject({
      ok: true,
      // The bystander's CTR is still in a (rewritten) failed batch: the Lambda scans that bucket too.
      report: {
        dryRun: true,
        counts: { contacts: 1, recordingObjects: 1, ctrFailureRecords: 1 },
        subjectHash: createHmac('sha256', kmsKey).update('erasure-record:+12065550199').digest('hex'),
      },
    });
    expect(macs).toContain('erasure-record:+12065550199');
    kms.restore();
  });

  it('the erasure record keeps no salt and its hash cannot be recomputed without the secret', async () => {
    const secret = randomBytes(32);
    const report = await eraseByPhone({ ...deps, hasher: new LocalSubjectHasher(secret) }, '+12065550177', {
      requestedBy: 'dpo',
      dryRun: true,
    });
    expect(report).not.toHaveProperty('salt');
    const number = '+12065550177';
    // Anyone with the table but not the secret: no plain or "salted" hash of the number matches…
    expect(report.subjectHash).not.toBe(createHash('sha256').update(number).digest('hex'));
    expect(report.subjectHash).not.toBe(
      createHash('sha256').update(`erasure-record:${number}`).digest('hex'),
    );
    // …nor an HMAC under any other key;
    expect(report.subjectHash).not.toBe(
      createHmac('sha256', randomBytes(32)).update(`erasure-record:${number}`).digest('hex'),
    );
    // only the holder of the secret can confirm which number it was.
    expect(report.subjectHash).toBe(
      createHmac('sha256', secret).update(`erasure-record:${number}`).digest('hex'),
    );
  });
});
