/**
 * One recording key layout (shared/interactions/recording-layout.ts): the prefix the stack gives Connect's
 * CALL_RECORDINGS storage config and the parser the indexer, erasure, demo data and fixtures use agree on a key
 * written the way Connect writes it: `<BucketPrefix>/YYYY/MM/DD/<ContactId>_<YYYYMMDD>T<HH:MM>_UTC.wav`.
 */
import { describe, expect, it } from 'vitest';
import {
  callRecordingsPrefix,
  contactIdFromKey,
  isRedactedCopy,
  parseRecordingKey,
  recordingKeyFor,
  relatedRecordingPrefixes,
} from '#shared/interactions/recording-layout.ts';
import { recordingKey } from '../fixtures/ctr/factory.ts';
import { exampleConfig, synth } from './support.ts';

const CONTACT = '5c0a7a1e-1111-4222-8333-444455556666';

function bucketPrefixOf(template: ReturnType<typeof synth>['template']): string {
  const configs = Object.values(template.findResources('AWS::Connect::InstanceStorageConfig'));
  const recordings = configs.find((r) => r['Properties'].ResourceType === 'CALL_RECORDINGS');
  const prefix = recordings?.['Properties'].S3Config.BucketPrefix;
  if (typeof prefix !== 'string')
    throw new Error(`no literal CALL_RECORDINGS BucketPrefix: ${JSON.stringify(prefix)}`);
  return prefix;
}

describe('recording layout: the stack and the parser agree', () => {
  const { template } = synth(exampleConfig('dev'));
  const prefix = bucketPrefixOf(template);

  it("configures Connect's default layout, connect/<instance alias>/CallRecordings, within the 128-character limit", () => {
    expect(prefix).toBe('connect/acme-online-store-dev/CallRecordings');
    expect(prefix.length).toBeLessThanOrEqual(128);
    expect(prefix).toBe(callRecordingsPrefix('acme-online-store-dev'));
  });

  it('parses a key built as Connect builds it under that prefix', () => {
    // Built by hand, the way Connect writes it (not through the module under test).
    const key = `${prefix}/2026/11/02/${CONTACT}_20261102T14:05_UTC.wav`;
    expect(parseRecordingKey(key)).toEqual({
      root: 'connect/acme-online-store-dev',
      prefix,
      day: '2026/11/02',
      file: `${CONTACT}_20261102T14:05_UTC.wav`,
    });
    expect(contactIdFromKey(key)).toBe(CONTACT);
    expect(recordingKeyFor(prefix, CONTACT, new Date('2026-11-02T14:05:59Z'))).toBe(key);
    // Erasure looks in the recording's day folder and beside it, where Contact Lens writes.
    expect(relatedRecordingPrefixes(key)).toEqual([
      `${prefix}/2026/11/02/`,
      'connect/acme-online-store-dev/Analysis/Voice/Redacted/2026/11/02/',
      'connect/acme-online-store-dev/Analysis/Voice/2026/11/02/',
    ]);
  });

  it('the test fixtures and the demo data write that same layout', () => {
    const key = recordingKey(CONTACT, '2026-11-02T14:05:00Z');
    expect(key.startsWith(`${prefix}/`)).toBe(true);
    expect(parseRecordingKey(key)?.prefix).toBe(prefix);
  });

  it('an imported instance without an alias still gets a prefix of the layout', () => {
    const config = exampleConfig('dev');
    config.instance = {
      import: {
        arn: 'arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-4333-8444-555555555555',
        manageStorage: ['CALL_RECORDINGS'],
      },
    };
    const p = bucketPrefixOf(synth(config).template);
    expect(p).toBe('connect/santral-dev/CallRecordings');
    expect(parseRecordingKey(`${p}/2026/01/31/${CONTACT}_20260131T23:59_UTC.wav`)?.prefix).toBe(p);
  });

  it('refuses keys outside the layout (the old connect/recordings prefix, impossible dates)', () => {
    expect(
      parseRecordingKey(`connect/recordings/2026/11/02/${CONTACT}_20261102T14:05_UTC.wav`),
    ).toBeUndefined();
    expect(parseRecordingKey(`${prefix}/2026/13/02/${CONTACT}.wav`)).toBeUndefined();
    expect(relatedRecordingPrefixes('elsewhere/x/file.wav')).toEqual(['elsewhere/x/']);
    expect(
      isRedactedCopy(
        `connect/a/Analysis/Voice/Redacted/2026/11/02/${CONTACT}_call_recording_redacted_2026-11-02T14:05:00Z.wav`,
      ),
    ).toBe(true);
  });
});
