/**
 * Alerts that reach a person, on the prod template: every alarm notifies the alarm topic, the center key admits
 * CloudWatch for that topic (scoped by aws:SourceAccount/aws:SourceArn), the new alarms exist with the config's
 * thresholds, the dashboards carry the supervisor's per-queue figures, and a production config without
 * `alerts` fails (config check and synth) naming the path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_DIR, ConfigError, loadConfigFile } from '#shared/config/load.ts';
import { exampleConfig, synth } from './support.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('alerts on the prod template', () => {
  let template: Template;
  let resources: Record<string, Resource>;
  const config = exampleConfig('prod');
  const thresholds = config.alerts!.thresholds;
  beforeAll(() => {
    template = synth(config).template;
    resources = template.toJSON()['Resources'] as Record<string, Resource>;
  });
  const alarms = () => Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
  const topicId = () => Object.keys(template.findResources('AWS::SNS::Topic'))[0]!;

  it('has a KMS-encrypted alarm topic with the config’s e-mail subscriptions', () => {
    expect(config.alerts!.emails).toEqual(['contact-center-ops@acme.example']);
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'contact-center-ops@acme.example',
      TopicArn: { Ref: topicId() },
    });
  });

  it('every alarm has an action: the alarm topic; every alarm is named after the stack', () => {
    expect(alarms().length).toBeGreaterThan(20);
    for (const [id, a] of alarms()) {
      expect(a.Properties['AlarmActions'], id).toEqual([{ Ref: topicId() }]);
      expect(String(a.Properties['AlarmName']), id).toMatch(/^Santral-prod-/);
    }
  });

  it('the center key lets CloudWatch use it for this stack’s alarms only (SourceAccount + SourceArn)', () => {
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0]!;
    const statements = key['Properties'].KeyPolicy.Statement as Record<string, unknown>[];
    const cw = statements.filter((s) => JSON.stringify(s['Principal']).includes('cloudwatch.amazonaws.com'));
    expect(cw).toEqual([
      {
        Sid: 'CloudWatchAlarmsUseKeyForAlarmTopic',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  `:cloudwatch:${config.region}:`,
                  { Ref: 'AWS::AccountId' },
                  ':alarm:Santral-prod-*',
                ],
              ],
            },
          },
        },
      },
    ]);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchAlarmsPublish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  it('alarms on every IVR function’s safe-default rate and faults (the handlers’ EMF metrics)', () => {
    for (const name of ['ivr-lookup', 'route', 'transfer', 'callback', 'survey', 'opt-out']) {
      const rate = alarms().find(([, a]) =>
        JSON.stringify(a.Properties['Metrics'] ?? []).includes(`"Value":"santral-${name}"`),
      );
      expect(rate, name).toBeDefined();
      expect(rate![1].Properties).toMatchObject({
        Threshold: thresholds.safeDefaultPercent,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Santral',
        MetricName: 'Fault',
        Dimensions: [{ Name: 'service', Value: `santral-${name}` }],
        Threshold: 0,
      });
    }
  });

  it('alarms on dialer, list ingest and registry import errors, ExecutionsFailed and the registry copy’s age', () => {
    for (const fn of ['OutboundDialer', 'OutboundIngest', 'OutboundDncImport']) {
      const found = alarms().find(
        ([, a]) =>
          a.Properties['MetricName'] === 'Errors' && JSON.stringify(a.Properties['Dimensions']).includes(fn),
      );
      expect(found, fn).toBeDefined();
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [
        { Name: 'StateMachineArn', Value: { Ref: Match.stringLikeRegexp('^OutboundRegistryImport') } },
      ],
      Threshold: 0,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Santral',
      MetricName: 'RegistryCopyAgeDays',
      Dimensions: [{ Name: 'service', Value: 'campaign-dialer' }],
      Statistic: 'Maximum',
      Threshold: 25,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('abandonment, service level, ASA and CTR-failure alarms use the config’s thresholds', () => {
    const byExpression = (e: string) =>
      alarms().find(([, a]) => JSON.stringify(a.Properties['Metrics'] ?? []).includes(e))?.[1].Properties;
    expect(byExpression('100 * abandoned / queued')).toMatchObject({
      Threshold: thresholds.abandonmentPercent,
    });
    expect(byExpression('100 * within / queued')).toMatchObject({
      Threshold: thresholds.serviceLevelPercent,
      ComparisonOperator: 'LessThanThreshold',
    });
    expect(byExpression('waited / handled')).toMatchObject({ Threshold: thresholds.asaSeconds });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OnFailureDestinationDeliveredEventCount',
      Threshold: thresholds.ctrFailures,
    });
  });

  it('the dashboard shows abandonment, service level, ASA, AHT, CSAT and FCR per queue', () => {
    // The body is a Fn::Join of JSON text and tokens (region, function names): join with a placeholder, parse.
    type Widget = {
      properties: {
        title: string;
        view?: string;
        metrics: unknown[][];
        period?: number;
        start?: string;
        setPeriodToTimeRange?: boolean;
      };
    };
    const widgets = Object.values(template.findResources('AWS::CloudWatch::Dashboard')).flatMap((d) => {
      const parts = d['Properties'].DashboardBody['Fn::Join'][1] as unknown[];
      const text = parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
      return (JSON.parse(text) as { widgets: Widget[] }).widgets;
    });
    const titled = (title: string) => widgets.find((w) => w.properties.title === title)?.properties;
    const expressions = (w: Widget['properties']) =>
      w.metrics.flatMap((m) =>
        typeof m[0] === 'object' ? [m[0] as { expression: string; label: string; period?: number }] : [],
      );
    for (const title of [
      'Abandonment by queue (%)',
      'Service level 20 s by queue (%)',
      'ASA by queue (s)',
      'AHT by queue (s)',
      'CSAT by queue (% answers 4–5)',
      'FCR by queue, trailing 28 d (%)',
    ]) {
      const w = titled(title);
      expect(w, title).toBeDefined();
      // One line (or value) per queue, each over that queue's metrics.
      expect(expressions(w!).map((e) => e.label)).toEqual(config.queues.map((q) => q.name));
      const queues = new Set(
        w!.metrics.filter((m) => m[0] === 'Santral').map((m) => m[m.indexOf('Queue') + 1]),
      );
      expect([...queues]).toEqual(config.queues.map((q) => q.name));
    }
    // FCR is trailing (a repeat is counted when the customer calls again, days later): one figure per queue
    // over the whole 28-day range (4 × kpi.fcrDays), never an hourly ratio of unrelated contacts, and never
    // below 0 % when more repeats than conversations fall in the range.
    const fcr = titled('FCR by queue, trailing 28 d (%)')!;
    expect(config.kpi.fcrDays).toBe(7);
    expect(fcr).toMatchObject({ view: 'singleValue', start: '-P28D', setPeriodToTimeRange: true });
    for (const e of expressions(fcr)) {
      expect(e.expression).toMatch(
        /^IF\(conversations\d+ > 0, IF\(repeats\d+ < conversations\d+, 100 \* \(1 - repeats\d+ \/ conversations\d+\), 0\)\)$/,
      );
    }
    for (const m of fcr.metrics.filter((m) => m[0] === 'Santral')) {
      expect(m[1]).toMatch(/^Fcr(Conversations|Repeats)$/);
      expect(m.at(-1)).toMatchObject({ stat: 'Sum', period: 28 * 86_400 });
    }
    // The other per-queue figures stay hourly graphs.
    for (const m of titled('CSAT by queue (% answers 4–5)')!.metrics.filter((m) => m[0] === 'Santral'))
      expect(m.at(-1)).toMatchObject({ period: 3600 });
    const body = JSON.stringify(widgets);
    expect(body).toContain('HandleSeconds');
    expect(body).toContain('FcrRepeats');
  });
});

describe('a production config without alerts', () => {
  const dir = mkdtempSync(join(CONFIG_DIR, '.tmp-alerts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the config check naming the path alerts', () => {
    const file = join(dir, 'prod-no-alerts.yaml');
    writeFileSync(file, 'extends: ../prod.yaml\nalerts: null\n');
    const err = (() => {
      try {
        loadConfigFile(file);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(
      /prod-no-alerts\.yaml:2 alerts: required when production: true — alerts\.emails \(addresses\) and\/or alerts\.topicArn/,
    );
  });

  it('fails synth too (the Alerts construct refuses alarms that notify nobody)', () => {
    const config = exampleConfig('prod');
    delete config.alerts;
    expect(() => synth(config)).toThrow(
      'Alerts: stage prod is production but its config has no alerts (alerts.emails and/or alerts.topicArn): alarms would notify nobody',
    );
  });

  it('alerts without any recipient are refused; an existing topic ARN alone is enough', () => {
    const none = join(dir, 'prod-nobody.yaml');
    writeFileSync(none, 'extends: ../prod.yaml\nalerts: { emails: [] }\n');
    expect(() => loadConfigFile(none)).toThrow(
      /alerts\.emails: alerts must reach someone: give emails and\/or topicArn/,
    );
    const topic = join(dir, 'prod-topic.yaml');
    writeFileSync(
      topic,
      'extends: ../prod.yaml\nalerts: { emails: [], topicArn: "arn:aws:sns:us-east-1:111122223333:pager" }\n',
    );
    expect(loadConfigFile(topic).alerts?.topicArn).toBe('arn:aws:sns:us-east-1:111122223333:pager');
  });
});
