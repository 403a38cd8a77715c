import { describe, expect, it } from 'vitest';
import {
  ctrVersion,
  isAbandoned,
  normalizeCtr,
  parseCtr,
  parseCtrText,
  parseRecordingLocation,
  surveyFromAttributes,
} from '#shared/interactions/ctr.ts';
import { contactIdFromKey, isRedactedCopy } from '#shared/interactions/recordings.ts';
import { inboundCtr, recordingKey, uuid } from '../../fixtures/ctr/factory.ts';

describe('CTR parsing and normalisation', () => {
  it('accepts unknown fields and nulls where Connect sends them', () => {
    const ctr = parseCtr({
      ...inboundCtr(),
      BrandNewField: [1, 2],
      Agent: null,
      Queue: null,
      Attributes: null,
    });
    const n = normalizeCtr(ctr);
    expect(n.agent).toBeUndefined();
    expect(n.queue).toBeUndefined();
    expect(n.attributes).toEqual({});
  });

  it('names the missing field of a malformed CTR', () => {
    expect(() =>
      parseCtr({ ContactId: 'c', InitiationMethod: 'INBOUND', InitiationTimestamp: 'yesterday' }),
    ).toThrow(/InitiationTimestamp: expected an ISO-8601 instant/);
  });

  it('normalises the customer number to E.164 and the initial contact to itself', () => {
    const n = normalizeCtr(parseCtr(inboundCtr({ contactId: uuid(1), customer: '206-555-0100' })));
    expect(n.customerNumber).toBe('+12065550100');
    expect(n.initialContactId).toBe(uuid(1));
  });

  it('collects recordings from Recording and Recordings without duplicates', () => {
    const loc = `bucket/${recordingKey(uuid(2))}`;
    const n = normalizeCtr(parseCtr(inboundCtr({ recording: loc })));
    expect(n.recordings).toEqual([
      { location: loc, bucket: 'bucket', key: recordingKey(uuid(2)), status: 'AVAILABLE' },
    ]);
    expect(parseRecordingLocation('s3://b/k/x.wav')).toMatchObject({ bucket: 'b', key: 'k/x.wav' });
    expect(parseRecordingLocation('no-key')).toBeUndefined();
  });

  it('links recordings only from Recordings[] entries stored in S3 (not live media streams)', () => {
    const loc = `bucket/${recordingKey(uuid(3))}`;
    const doc = {
      ...inboundCtr(),
      Recording: null,
      Recordings: [
        {
          Location: 'arn:aws:kinesisvideo:us-east-1:111122223333:stream/live/1',
          StorageType: 'KINESIS_VIDEO_STREAM',
        },
        { Location: `bucket/${recordingKey(uuid(4))}`, Status: 'AVAILABLE' },
        { Location: loc, StorageType: 'S3', Status: 'AVAILABLE' },
      ],
    };
    expect(normalizeCtr(parseCtr(doc)).recordings.map((r) => r.location)).toEqual([loc]);
  });

  it('recognises abandoned contacts (queued, customer hung up, no agent, not a callback, not transferred)', () => {
    const ab = (o: Parameters<typeof inboundCtr>[0], extra: Record<string, unknown> = {}) =>
      isAbandoned(parseCtr({ ...inboundCtr(o), ...extra }));
    expect(ab({ answered: false })).toBe(true);
    expect(ab({ answered: true })).toBe(false);
    expect(ab({ answered: false, method: 'CALLBACK' })).toBe(false);
    expect(ab({ answered: false, queue: null })).toBe(false);
    expect(ab({ answered: false, disconnectReason: 'CONTACT_FLOW_DISCONNECT' })).toBe(false);
    expect(ab({ answered: false }, { TransferredToEndpoint: { Address: '+12125550147' } })).toBe(false);
  });

  it('versions sort by LastUpdateTimestamp, then by content; attribute order does not matter', () => {
    const older = normalizeCtr(parseCtr(inboundCtr({ contactId: uuid(3) })));
    const newer = normalizeCtr(parseCtr(inboundCtr({ contactId: uuid(3), lastUpdateOffset: 1 })));
    expect(ctrVersion(older).version < ctrVersion(newer).version).toBe(true);
    const a = normalizeCtr(parseCtr(inboundCtr({ contactId: uuid(4), attributes: { x: '1', y: '2' } })));
    const b = normalizeCtr(parseCtr(inboundCtr({ contactId: uuid(4), attributes: { y: '2', x: '1' } })));
    expect(ctrVersion(a)).toEqual(ctrVersion(b));
  });

  it('reads survey answers from attributes only within their scales', () => {
    expect(surveyFromAttributes({ surveyCsat: '4', surveyNps: '0' })).toEqual({ csat: 4, nps: 0 });
    expect(surveyFromAttributes({ surveyCsat: '0', surveyNps: '11' })).toEqual({});
    expect(surveyFromAttributes({ surveyCsat: 'five' })).toEqual({});
  });

  it('finds contact ids in recording file names and spots redacted copies', () => {
    expect(contactIdFromKey(recordingKey(uuid(5)))).toBe(uuid(5));
    expect(isRedactedCopy('connect/x/Analysis/Voice/Redacted/2026/11/02/a_redacted.wav')).toBe(true);
    expect(isRedactedCopy(recordingKey(uuid(5)))).toBe(false);
  });
});

describe('CTR input is strict (shared/time/strict.ts, bounded durations, DynamoDB limits)', () => {
  const issuesOf = (doc: Record<string, unknown>) => {
    try {
      parseCtr(doc);
      return [];
    } catch (err) {
      return (err as { issues: string[] }).issues;
    }
  };

  it('takes a timestamp only as an ISO-8601 instant that exists', () => {
    for (const bad of [
      '7',
      '2031-02-30T10:00:00Z',
      '2026-11-02',
      '2026-11-02T14:00:00',
      'Mon, 02 Nov 2026 14:00:00 GMT',
    ])
      expect(issuesOf({ ...inboundCtr(), InitiationTimestamp: bad })).toEqual([
        'InitiationTimestamp: expected an ISO-8601 instant with an offset (e.g. 2026-11-20T15:00:00Z)',
      ]);
    expect(issuesOf({ ...inboundCtr(), InitiationTimestamp: '2026-11-02T17:00:00+03:00' })).toEqual([]);
    expect(
      normalizeCtr(parseCtr({ ...inboundCtr(), InitiationTimestamp: '2026-11-02T17:00:00+03:00' }))
        .initiationTimestamp,
    ).toBe('2026-11-02T14:00:00.000Z');
  });

  it('refuses a negative duration and one longer than the record itself', () => {
    const ctr = inboundCtr({ at: '2026-11-02T14:00:00Z' });
    const agent = ctr['Agent'] as Record<string, unknown>;
    expect(issuesOf({ ...ctr, Agent: { ...agent, AgentInteractionDuration: -1 } })).toEqual([
      'Agent.AgentInteractionDuration: expected a duration ≥ 0 seconds',
    ]);
    expect(issuesOf({ ...ctr, Agent: { ...agent, AfterContactWorkDuration: 1e12 } })).toEqual([
      expect.stringMatching(
        /^Agent\.AfterContactWorkDuration: expected a duration within the record's span \(\d+ s/,
      ),
    ]);
    expect(issuesOf({ ...ctr, Queue: { ...(ctr['Queue'] as object), Duration: 86_400 } })).toEqual([
      expect.stringMatching(/^Queue\.Duration: expected a duration within the record's span/),
    ]);
    expect(
      issuesOf({ ...ctr, LastUpdateTimestamp: '2026-11-02T13:00:00Z', DisconnectTimestamp: null }),
    ).toEqual(['LastUpdateTimestamp: expected an instant at or after InitiationTimestamp']);
  });

  it('refuses ids longer than a key can hold and a record over the item size, with the reason', () => {
    expect(issuesOf({ ...inboundCtr(), ContactId: 'x'.repeat(3000) })).toEqual([
      'ContactId: expected at most 256 characters (a Connect contact id)',
    ]);
    const big = JSON.stringify({ ...inboundCtr(), Attributes: { blob: 'x'.repeat(5 * 1024 * 1024) } });
    expect(() => parseCtrText(big)).toThrow(
      /record is \d+ bytes; a stored record must fit DynamoDB's 409600-byte item limit/,
    );
  });
});
