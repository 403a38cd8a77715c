import { describe, expect, it } from 'vitest';
import {
  defaultQueueTarget,
  InboundSettingsError,
  inboundEnvironment,
  readInboundSettings,
  readQueueArns,
  readRoutingSettings,
} from '#shared/middleware/inbound-settings.ts';
import { demoConfig } from './settings.ts';

describe('inbound settings in the environment', () => {
  it('round-trips each function’s slice of the config', () => {
    const env = inboundEnvironment(demoConfig(), 'route');
    const settings = readRoutingSettings({ ...env, QUEUE_ARNS: '{"Support":"arn:1"}' });
    expect(settings.rules.defaultQueue).toBe('General');
    expect(settings.queueArns).toEqual({ Support: 'arn:1' });
    expect(settings.hours.map((h) => h.name).sort()).toEqual(['Always', 'Main', 'Returns']);
  });

  it('gives a function only what it needs', () => {
    const lookup = readInboundSettings(inboundEnvironment(demoConfig(), 'ivr-lookup'));
    expect(lookup.routing).toBeUndefined();
    expect(lookup.transferGuard).toBeUndefined();
    expect(lookup.repeatCallerWindowHours).toBe(72);
    expect(lookup.supportedLanguages).toEqual(['en-US', 'tr-TR']);
  });

  it('names the variable and the path of a broken value', () => {
    expect(() => readInboundSettings({ SANTRAL_INBOUND: '{oops' })).toThrow(InboundSettingsError);
    expect(() => readInboundSettings({ SANTRAL_INBOUND: '{"repeatCallerWindowHours":"soon"}' })).toThrow(
      /SANTRAL_INBOUND: repeatCallerWindowHours/,
    );
    expect(() => readRoutingSettings({ SANTRAL_INBOUND: '{}' })).toThrow(/no routing rules/);
    expect(() => readQueueArns({ QUEUE_ARNS: '{"Support":1}' })).toThrow(/QUEUE_ARNS/);
  });

  it('falls back to the General queue when the environment is broken', () => {
    expect(defaultQueueTarget({ QUEUE_ARNS: 'nope' })).toEqual({ queueName: 'General', queueArn: '' });
    expect(() => readQueueArns({ QUEUE_ARNS: 'nope' })).toThrow(InboundSettingsError);
  });

  it('takes the default queue from the routing rules', () => {
    const env = { ...inboundEnvironment(demoConfig(), 'route'), QUEUE_ARNS: '{"General":"arn:g"}' };
    expect(defaultQueueTarget(env)).toEqual({ queueName: 'General', queueArn: 'arn:g' });
  });
});
