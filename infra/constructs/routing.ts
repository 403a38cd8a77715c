/**
 * Routing: hours of operation (holidays as overrides), queues, routing profiles and quick connects, all
 * from the config. Names in the config become the resources' names in Connect, so flows pulled from the
 * designer map back to the same symbolic names.
 */
import * as connect from 'aws-cdk-lib/aws-connect';
import { Construct } from 'constructs';
import { type ContactCenterConfig, type HoursConfig, WEEKDAYS, type Weekday } from '#shared/config/schema.ts';
import {
  daysBetween,
  type Holiday,
  holidaySpan,
  parseWindows,
  parseYearlyRule,
  weekdayOf,
} from '#shared/domain/hours.ts';
import type { ConnectAssociations } from './connect-associations.ts';
import type { ConnectInstance } from './connect-instance.ts';
import { pascal } from './data-stores.ts';

export interface RoutingProps {
  config: ContactCenterConfig;
  instance: ConnectInstance;
  /** Phone number ARN by config name (queues' outbound caller id). */
  phoneNumberArn: (name: string) => string;
}

const slice = (minutes: number) => ({ hours: Math.floor(minutes / 60), minutes: minutes % 60 });

/** Connect's hours config entries for one day's windows ("23:59" stays 23:59, Connect's end of day). */
function dayConfig(day: Weekday, spec: string) {
  return parseWindows(spec).map((w) => ({
    day,
    startTime: slice(w.start),
    endTime: w.end === 24 * 60 ? { hours: 23, minutes: 59 } : slice(w.end),
  }));
}

/** The weekdays a span of dates touches (a 3-day closure from Friday: FRIDAY, SATURDAY, SUNDAY). */
function weekdaysIn(from: string, to: string): Weekday[] {
  const n = Math.min(daysBetween(from, to), 6);
  const first = WEEKDAYS.indexOf(weekdayOf(from));
  return WEEKDAYS.filter((_, i) => (i - first + 7) % 7 <= n);
}

/**
 * One holiday → one Connect override. Dates and closures are plain overrides over their span; yearly rules
 * carry a `RecurrenceConfig` (API_RecurrencePattern: Frequency YEARLY, Interval 1, ByMonth + ByMonthDay, or
 * ByMonth + ByWeekdayOccurrence with "the weekday itself … specified separately" in the override's Day) and
 * apply between EffectiveFrom and EffectiveTill. A yearly date falls on any weekday, so its config lists all
 * seven. Closed days are a CLOSED override with a 00:00-00:00 slice; reduced hours an OPEN one per window.
 */
export function holidayOverride(d: Holiday): connect.CfnHoursOfOperation.HoursOfOperationOverrideProperty {
  const span = holidaySpan(d);
  const rule = d.yearly ? parseYearlyRule(d.yearly) : undefined;
  const days: Weekday[] =
    rule?.kind === 'weekday' ? [rule.weekday] : rule ? [...WEEKDAYS] : weekdaysIn(span.from, span.to);
  const overrideConfig = days.flatMap((day) =>
    d.open ? dayConfig(day, d.open) : [{ day, startTime: slice(0), endTime: slice(0) }],
  );
  const when = d.yearly
    ? `every year ${d.yearly}`
    : span.from === span.to
      ? span.from
      : `${span.from} to ${span.to}`;
  return {
    overrideName: d.name.slice(0, 127),
    overrideDescription:
      `${d.name} (${when}): ${d.open ? `reduced hours ${d.open.replaceAll(',', ', ')}` : 'closed'}`.slice(
        0,
        250,
      ),
    overrideType: d.open ? 'OPEN' : 'CLOSED',
    effectiveFrom: span.from,
    effectiveTill: span.to,
    overrideConfig,
    ...(rule
      ? {
          recurrenceConfig: {
            recurrencePattern: {
              frequency: 'YEARLY',
              interval: 1,
              byMonth: [rule.month],
              ...(rule.kind === 'date'
                ? { byMonthDay: [rule.day] }
                : { byWeekdayOccurrence: [rule.occurrence] }),
            },
          },
        }
      : {}),
  };
}

/** Hours config → CfnHoursOfOperation props (weekly windows + one override per holiday). */
export function hoursOfOperationProps(h: HoursConfig, instanceArn: string): connect.CfnHoursOfOperationProps {
  const config = WEEKDAYS.flatMap((day) => {
    const spec = h.weekly[day];
    return spec ? dayConfig(day, spec) : [];
  });
  const overrides = h.holidays.map(holidayOverride);
  return {
    instanceArn,
    name: h.name,
    description: h.description ?? `${h.name} hours`,
    timeZone: h.timeZone,
    config,
    ...(overrides.length > 0 ? { hoursOfOperationOverrides: overrides } : {}),
  };
}

export class Routing extends Construct {
  readonly hours = new Map<string, connect.CfnHoursOfOperation>();
  readonly queues = new Map<string, connect.CfnQueue>();
  readonly routingProfiles = new Map<string, connect.CfnRoutingProfile>();
  readonly quickConnects = new Map<string, connect.CfnQuickConnect>();
  private readonly props: RoutingProps;

  constructor(scope: Construct, id: string, props: RoutingProps) {
    super(scope, id);
    this.props = props;
    const { config, instance } = props;

    for (const h of config.hours) {
      const res = new connect.CfnHoursOfOperation(
        this,
        `Hours${pascal(h.name)}`,
        hoursOfOperationProps(h, instance.instanceArn),
      );
      res.addResourceDependency(instance.lastStorageConfig);
      this.hours.set(h.name, res);
    }
    for (const q of config.queues) {
      const res = new connect.CfnQueue(this, `Queue${pascal(q.name)}`, {
        instanceArn: instance.instanceArn,
        name: q.name,
        description: q.description ?? q.name,
        hoursOfOperationArn: this.hoursArn(q.hours),
        ...(q.maxContacts ? { maxContacts: q.maxContacts } : {}),
        ...(q.outboundCallerId
          ? {
              outboundCallerConfig: {
                outboundCallerIdNumberArn: props.phoneNumberArn(q.outboundCallerId),
                outboundCallerIdName: q.outboundCallerIdName ?? config.name.slice(0, 50),
              },
            }
          : {}),
      });
      this.queues.set(q.name, res);
    }
    for (const rp of config.routingProfiles) {
      const res = new connect.CfnRoutingProfile(this, `RoutingProfile${pascal(rp.name)}`, {
        instanceArn: instance.instanceArn,
        name: rp.name,
        description: rp.description,
        defaultOutboundQueueArn: this.queueArn(rp.defaultOutboundQueue),
        mediaConcurrencies: [{ channel: 'VOICE', concurrency: rp.voiceConcurrency }],
        queueConfigs: rp.queues.map((q) => ({
          priority: q.priority,
          delay: q.delaySeconds,
          queueReference: { channel: 'VOICE', queueArn: this.queueArn(q.queue) },
        })),
      });
      this.routingProfiles.set(rp.name, res);
    }
  }

  hoursArn(name: string): string {
    const h = this.hours.get(name);
    if (!h) throw new Error(`unknown hours "${name}"; defined: ${[...this.hours.keys()].join(', ')}`);
    return h.attrHoursOfOperationArn;
  }

  queueArn(name: string): string {
    const q = this.queues.get(name);
    if (!q) throw new Error(`unknown queue "${name}"; defined: ${[...this.queues.keys()].join(', ')}`);
    return q.attrQueueArn;
  }

  quickConnectArn(name: string): string {
    const q = this.quickConnects.get(name);
    if (!q)
      throw new Error(
        `unknown quick connect "${name}"; defined: ${[...this.quickConnects.keys()].join(', ')}`,
      );
    return q.attrQuickConnectArn;
  }

  /**
   * Quick connects need the transfer flows (QUEUE_TRANSFER / AGENT_TRANSFER), which need the queues: they
   * are added once the flows exist, and attached to every queue so agents see them in the CCP.
   */
  addQuickConnects(
    flowArn: (flowName: string) => string,
    associations: ConnectAssociations,
    /** Connect user ARN by agent login (USER quick connects; infra/constructs/agents.ts). */
    userArn?: (login: string) => string,
  ): void {
    const { config, instance } = this.props;
    for (const qc of config.quickConnects) {
      let quickConnectConfig: connect.CfnQuickConnect.QuickConnectConfigProperty;
      if (qc.type === 'QUEUE') {
        quickConnectConfig = {
          quickConnectType: 'QUEUE',
          queueConfig: { queueArn: this.queueArn(qc.queue), contactFlowArn: flowArn(qc.flow) },
        };
      } else if (qc.type === 'USER') {
        if (!userArn)
          throw new Error(
            `quick connect "${qc.name}" transfers to agent "${qc.agent}", but no agents are built`,
          );
        quickConnectConfig = {
          quickConnectType: 'USER',
          userConfig: { userArn: userArn(qc.agent), contactFlowArn: flowArn(qc.flow) },
        };
      } else {
        quickConnectConfig = {
          quickConnectType: 'PHONE_NUMBER',
          phoneConfig: { phoneNumber: qc.phoneNumber },
        };
      }
      const res = new connect.CfnQuickConnect(this, `QuickConnect${pascal(qc.name)}`, {
        instanceArn: instance.instanceArn,
        name: qc.name,
        description: qc.description ?? qc.name,
        quickConnectConfig,
      });
      this.quickConnects.set(qc.name, res);
    }
    // Through a custom resource: Queue.QuickConnectArns would make a queue and its own quick connect a cycle.
    const arns = [...this.quickConnects.values()].map((q) => q.attrQuickConnectArn);
    if (arns.length === 0) return;
    for (const [name, q] of this.queues) {
      associations.queueQuickConnects(`Queue${pascal(name)}QuickConnects`, q.attrQueueArn, arns);
    }
  }
}
