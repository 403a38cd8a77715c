import { describe, expect, it } from 'vitest';
import {
  chooseQueue,
  decideRoute,
  estimateWaitSeconds,
  type QueueMetricsSnapshot,
  type RouteRequest,
} from '#shared/domain/routing.ts';
import { routingSettings } from './settings.ts';

// Monday 2026-11-23 15:00 New York: Main hours are open (09:00–18:00).
const open = new Date('2026-11-23T20:00:00.000Z');
// Monday 2026-11-23 20:00 New York: closed.
const closed = new Date('2026-11-24T01:00:00.000Z');
// Christmas Day 2026, 12:00 New York: a holiday on Main hours.
const christmas = new Date('2026-12-25T17:00:00.000Z');

const request = (over: Partial<RouteRequest> = {}): RouteRequest => ({
  intent: 'support',
  language: 'en-US',
  tier: 'standard',
  repeatCaller: false,
  lastAgent: '',
  ...over,
});
const metrics = (over: Partial<QueueMetricsSnapshot> = {}): QueueMetricsSnapshot => ({
  agentsAvailable: 2,
  agentsOnline: 4,
  agentsStaffed: 4,
  contactsInQueue: 0,
  oldestContactAgeSeconds: 0,
  ...over,
});

describe('chooseQueue (rules from config › routing)', () => {
  it('sends each menu intent to its queue', () => {
    const s = routingSettings();
    expect(chooseQueue({ intent: 'orders', language: 'en-US' }, s)).toEqual({
      queueName: 'Orders',
      reason: 'intent',
    });
    expect(chooseQueue({ intent: 'operator', language: 'en-US' }, s).queueName).toBe('General');
  });

  it('sends Turkish callers to the Turkish queue for that intent', () => {
    expect(chooseQueue({ intent: 'billing', language: 'tr-TR' }, routingSettings())).toEqual({
      queueName: 'Support TR',
      reason: 'language-queue',
    });
  });

  it('sends an unknown intent to the default queue', () => {
    expect(chooseQueue({ intent: 'toString', language: 'en-US' }, routingSettings())).toEqual({
      queueName: 'General',
      reason: 'unknown-intent',
    });
  });
});

describe('decideRoute', () => {
  it('routes VIPs with the VIP priority and returns the queue ARN', () => {
    const d = decideRoute(request({ tier: 'VIP' }), routingSettings(), open, metrics());
    expect(d).toMatchObject({
      routeStatus: 'ok',
      queueName: 'Support',
      priority: 1,
      offerCallback: false,
      reason: 'intent',
    });
    expect(d.queueArn).toMatch(/queue\//);
  });

  it('routes standard callers with the standard priority', () => {
    expect(decideRoute(request(), routingSettings(), open, metrics()).priority).toBe(5);
  });

  it('routes by rules alone when metrics are unavailable', () => {
    expect(decideRoute(request(), routingSettings(), open, undefined)).toMatchObject({
      routeStatus: 'fallback',
      queueName: 'Support',
      offerCallback: false,
      expectedWaitSeconds: -1,
    });
  });

  it('offers a callback when no agent is staffed', () => {
    const d = decideRoute(
      request(),
      routingSettings(),
      open,
      metrics({ agentsStaffed: 0, agentsAvailable: 0 }),
    );
    expect(d).toMatchObject({ offerCallback: true, reason: 'no-agents-staffed' });
  });

  it('offers a callback when the expected wait exceeds the threshold', () => {
    const d = decideRoute(
      request(),
      routingSettings(),
      open,
      metrics({ agentsAvailable: 0, contactsInQueue: 3, agentsStaffed: 2 }),
    );
    expect(d.expectedWaitSeconds).toBeGreaterThan(120);
    expect(d).toMatchObject({ offerCallback: true, reason: 'long-wait' });
  });

  it('offers a callback after hours and on holidays', () => {
    expect(decideRoute(request(), routingSettings(), closed, metrics()).reason).toBe('after-hours');
    expect(decideRoute(request(), routingSettings(), christmas, metrics())).toMatchObject({
      reason: 'after-hours',
      offerCallback: true,
    });
  });

  it('prefers the last agent for a repeat caller (sticky routing)', () => {
    expect(
      decideRoute(request({ repeatCaller: true, lastAgent: 'jane' }), routingSettings(), open, metrics())
        .preferredAgent,
    ).toBe('jane');
    expect(
      decideRoute(request({ repeatCaller: false, lastAgent: 'jane' }), routingSettings(), open, metrics())
        .preferredAgent,
    ).toBe('');
  });
});

describe('estimateWaitSeconds', () => {
  it('is zero when more agents are free than contacts wait', () => {
    expect(estimateWaitSeconds(metrics({ agentsAvailable: 3, contactsInQueue: 1 }))).toBe(0);
  });

  it('is at least the age of the oldest waiting contact', () => {
    expect(
      estimateWaitSeconds(
        metrics({ agentsAvailable: 0, contactsInQueue: 1, agentsStaffed: 10, oldestContactAgeSeconds: 900 }),
      ),
    ).toBe(900);
  });
});
