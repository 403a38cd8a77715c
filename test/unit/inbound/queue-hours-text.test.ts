import { describe, expect, it } from 'vitest';
import { loadStageConfig } from '#shared/config/load.ts';
import { decideRoute, type RoutingSettings, routeRequestFrom } from '#shared/domain/routing.ts';
import { parseInstant } from '#shared/time/strict.ts';

const dev = loadStageConfig('dev');
const settings: RoutingSettings = {
  rules: dev.routing,
  queues: dev.queues,
  hours: dev.hours,
  defaultLanguage: 'en-US',
  queueArns: { Returns: 'arn:returns', Support: 'arn:support' },
};
const at = parseInstant('2026-11-24T08:00:00-08:00'); // Tuesday: 11:00 in New York, 08:00 Pacific

describe('route returns the working queue’s spoken hours', () => {
  it('speaks the Returns hours (Pacific, split shift) for a closed Returns queue, with after-hours', () => {
    const d = decideRoute(
      routeRequestFrom({ intent: 'returns', language: 'en-US' }),
      settings,
      at,
      undefined,
    );
    expect(d).toMatchObject({ queueName: 'Returns', reason: 'after-hours', offerCallback: true });
    expect(d.queueHoursText).toBe(
      'Our opening hours are Monday to Friday, 9 AM to noon and 1 PM to 5 PM, Pacific Time. We are closed on public holidays, and some days have reduced hours.',
    );
  });

  it('speaks in the caller’s language and falls back to English for a language without a sentence', () => {
    const tr = decideRoute(
      routeRequestFrom({ intent: 'returns', language: 'tr-TR' }),
      settings,
      at,
      undefined,
    );
    expect(tr.queueHoursText).toMatch(/^Çalışma saatlerimiz hafta içi 09:00 ile 12:00 ve 13:00 ile 17:00/);
    const de = decideRoute(
      routeRequestFrom({ intent: 'support', language: 'de-DE' }),
      settings,
      at,
      undefined,
    );
    expect(de.queueHoursText).toMatch(/^Our opening hours are Monday to Friday, 9 AM to 6 PM/);
  });
});
