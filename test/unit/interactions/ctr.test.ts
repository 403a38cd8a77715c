import { describe, expect, it } from 'vitest';
import {
  ctrVersion,
  isAbandoned,
  normalizeCtr,
  parseCtr,
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
    ).toThrow(/InitiationTimestamp: expected an ISO timestamp/);
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
      { location: loc, bucket: 'bucket', key: recordingKey(uuid(2)), status: 'AVAILABLE', type: 'AUDIO' },
    ]);
    expect(parseRecordingLocation('s3://b/k/x.wav')).toMatchObject({ bucket: 'b', key: 'k/x.wav' });
    expect(parseRecordingLocation('no-key')).toBeUndefined();
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
