/**
 * The after-hours message speaks the opening hours rendered from config (`${HoursText:Main:<lang>}`), so
 * changing the hours in config changes what callers hear — in the simulator and in what infra deploys.
 */
import { describe, expect, it } from 'vitest';
import { loadStageConfig } from '#shared/config/load.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { HoursTextError, hoursText, renderHoursText } from '#shared/flows/hours-text.ts';
import { loadAllFlows } from '#shared/flows/model.ts';
import { flowValidationContext, validateFlow } from '#shared/flows/validator.ts';
import { runScenario } from '#shared/simulator/scenarios.ts';
import { createSimulatorContext, resolveFlowsLocally } from '#shared/simulator/simulator.ts';
import { prepareScenarioState } from '#shared/simulator/suite.ts';
import { useEmbeddedAws } from '../support/embedded-aws.ts';

const dev = loadStageConfig('dev');

/** The dev config with the Main hours changed to Monday–Thursday 08:00–16:30, Sunday 12:00–15:00. */
function changedHours(): ContactCenterConfig {
  const config = structuredClone(dev);
  const main = config.hours.find((h) => h.name === 'Main')!;
  main.weekly = {
    MONDAY: '08:00-16:30',
    TUESDAY: '08:00-16:30',
    WEDNESDAY: '08:00-16:30',
    THURSDAY: '08:00-16:30',
    SUNDAY: '12:00-15:00',
  };
  main.holidays = [];
  return config;
}

const closedText = (config: ContactCenterConfig, id: string) => {
  const flow = resolveFlowsLocally(config, loadAllFlows()).flows.get('inbound-main')!;
  return String(flow.content.Actions.find((a) => a.Identifier === id)!.Parameters['Text']);
};

describe('opening hours spoken from config', () => {
  it('renders the demo hours in both languages', () => {
    const main = dev.hours.find((h) => h.name === 'Main')!;
    expect(renderHoursText(main, 'en-US')).toBe(
      'Our opening hours are Monday to Friday, 9 AM to 6 PM, and Saturday, 10 AM to 2 PM, Eastern Time. We are closed on public holidays.',
    );
    expect(renderHoursText(main, 'tr-TR')).toContain('hafta içi 09:00 ile 18:00, cumartesi 10:00 ile 14:00');
    expect(renderHoursText(main, 'tr-TR')).toContain('Resmi tatillerde kapalıyız.');
  });

  it('speaks both windows of a split shift and the reduced holiday hours', () => {
    const returns = dev.hours.find((h) => h.name === 'Returns')!;
    expect(renderHoursText(returns, 'en-US')).toBe(
      'Our opening hours are Monday to Friday, 9 AM to noon and 1 PM to 5 PM, Pacific Time. We are closed on public holidays, and some days have reduced hours.',
    );
    expect(renderHoursText(returns, 'tr-TR')).toContain(
      'hafta içi 09:00 ile 12:00 ve 13:00 ile 17:00 arasıdır',
    );
  });

  it('changes the after-hours prompts when the config hours change (English and Turkish)', () => {
    const before = closedText(dev, 'closed-en');
    const after = closedText(changedHours(), 'closed-en');
    expect(before).toContain('Monday to Friday, 9 AM to 6 PM');
    expect(after).toContain('Monday to Thursday, 8 AM to 4:30 PM, and Sunday, noon to 3 PM, Eastern Time.');
    expect(after).not.toContain('public holidays');
    expect(after).not.toContain('${');
    const tr = closedText(changedHours(), 'closed-tr');
    expect(tr).toContain('pazartesi, salı, çarşamba ve perşembe 08:00 ile 16:30, pazar 12:00 ile 15:00');
    expect(closedText(changedHours(), 'callback-blocked-en')).toContain('Monday to Thursday');
  });

  it('rejects an unknown hours name or language, at resolution and in the validator', () => {
    expect(() => hoursText(dev, 'Nope:en-US')).toThrow(HoursTextError);
    expect(() => hoursText(dev, 'Main:de-DE')).toThrow(/language of en-US, tr-TR/);
    const flows = loadAllFlows();
    const ctx = flowValidationContext(dev, flows);
    const file = {
      name: 'hours',
      type: 'CONTACT_FLOW' as const,
      description: 'hours',
      content: {
        Version: '2019-10-30',
        StartAction: 'say',
        Metadata: {},
        Actions: [
          {
            Identifier: 'say',
            Type: 'MessageParticipant',
            Parameters: { Text: 'We are closed. ${HoursText:Main:de-DE} ${HoursText:Main:en-US}' },
            Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] },
          },
          { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
        ],
      },
    };
    const issues = validateFlow(file, 'hours.json', ctx);
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('${HoursText:Main:de-DE}')]);
  });

  describe('a simulated after-hours call', () => {
    useEmbeddedAws();
    it('hears the changed hours', async () => {
      const ctx = createSimulatorContext(changedHours());
      const run = await runScenario(
        ctx,
        {
          name: 'closed Friday',
          source: 'hours-text.test.ts',
          from: '+12065550101',
          at: '2026-11-27T11:00:00-05:00',
          press: '2',
          agents: 2,
          customers: [],
          dnc: [],
          lambdaFailures: {},
          callerStaysAfterAgent: false,
          attributes: {},
          expect: {
            outcome: { type: 'disconnected' },
            prompts: ['We are closed right now', 'Monday to Thursday, 8 AM to 4:30 PM'],
            notPrompts: ['Monday to Friday'],
            attributes: {},
            lambdas: [],
            notLambdas: ['route'],
            lambdaResults: {},
          },
        },
        { prepare: prepareScenarioState },
      );
      expect(run.failures).toEqual([]);
    });
  });
});
