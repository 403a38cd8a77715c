import { describe, expect, it } from 'vitest';
import {
  buildFailureObject,
  InvalidFailureObjectError,
  parseFailureObject,
} from '#shared/interactions/replay.ts';

const CTR = '{"ContactId":"00000000-0000-4000-8000-000000000001"}';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('parseFailureObject (Lambda S3 on-failure destination, Kinesis source)', () => {
  it('reads the records from the escaped-JSON payload, with batch metadata', () => {
    // Written by hand in the documented shape: metadata + "payload" holding the whole event as a string.
    const text = `{
      "requestContext": {"requestId": "r-1", "functionArn": "arn:aws:lambda:us-east-1:111122223333:function:f",
        "condition": "RecordAgeExceeded", "approximateInvokeCount": 1},
      "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
      "version": "1.0", "timestamp": "2026-11-20T00:38:06.021Z",
      "KinesisBatchInfo": {"shardId": "shardId-000000000001", "startSequenceNumber": "4960",
        "endSequenceNumber": "4961", "batchSize": 2, "streamArn": "arn:aws:kinesis:us-east-1:111122223333:stream/s"},
      "payload": "{\\"Records\\":[{\\"kinesis\\":{\\"sequenceNumber\\":\\"4960\\",\\"data\\":\\"${b64(CTR)}\\"},\\"eventSource\\":\\"aws:kinesis\\"},{\\"kinesis\\":{\\"sequenceNumber\\":\\"4961\\",\\"data\\":\\"${b64('not json')}\\"}}]}"
    }`;
    expect(parseFailureObject(text)).toEqual({
      condition: 'RecordAgeExceeded',
      timestamp: '2026-11-20T00:38:06.021Z',
      batch: expect.objectContaining({ shardId: 'shardId-000000000001', batchSize: 2 }),
      records: [
        { sequenceNumber: '4960', text: CTR },
        { sequenceNumber: '4961', text: 'not json' },
      ],
    });
  });

  it('round-trips what buildFailureObject writes (the sandbox drill helper), keeping UTF-8', () => {
    const texts = [CTR, '{"ContactId":"x","Attributes":{"note":"Şükrü çağrı"}}'];
    const parsed = parseFailureObject(buildFailureObject(texts, { shardId: 'shardId-000000000009' }));
    expect(parsed.records.map((r) => r.text)).toEqual(texts);
    expect(parsed.batch?.shardId).toBe('shardId-000000000009');
    expect(new Set(parsed.records.map((r) => r.sequenceNumber)).size).toBe(2);
  });

  it.each([
    ['not JSON', 'nope', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    [
      'an SQS-style pointer record',
      '{"KinesisBatchInfo":{"shardId":"s"},"requestContext":{}}',
      /pointer record.*not an S3 on-failure object/,
    ],
    ['a foreign JSON object', '{"hello":1}', /no "payload" string/],
    ['a payload that is not JSON', '{"payload":"{"}', /"payload" is not JSON/],
    ['a payload without Records', '{"payload":"{}"}', /no Records array/],
    [
      'a record without data',
      '{"payload":"{\\"Records\\":[{\\"kinesis\\":{}}]}"}',
      /Records\[0\] has no kinesis\.data/,
    ],
  ])('rejects %s with a clear reason', (_what, text, reason) => {
    expect(() => parseFailureObject(text)).toThrow(InvalidFailureObjectError);
    expect(() => parseFailureObject(text)).toThrow(reason);
  });
});
