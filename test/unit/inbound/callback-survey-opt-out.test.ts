import { describe, expect, it } from 'vitest';
import { checkCallbackNumber } from '#shared/domain/callback.ts';
import { optOutRequest } from '#shared/domain/opt-out.ts';
import { parseSurveyAnswers } from '#shared/domain/survey.ts';

const guard = {
  allowedCountries: ['US'],
  blockedNumberTypes: ['PREMIUM_RATE', 'PERSONAL_NUMBER'],
  allowList: [],
  denyList: [],
};

describe('checkCallbackNumber', () => {
  it('reads keypad digits in the national format of the default country', () => {
    expect(checkCallbackNumber('2065550100', guard, 'US')).toEqual({ status: 'ok', e164: '+12065550100' });
  });

  it('accepts the caller id Connect passes in E.164', () => {
    expect(checkCallbackNumber('+12065550100', guard, 'US')).toEqual({ status: 'ok', e164: '+12065550100' });
  });

  it('rejects too few digits and nothing at all as invalid', () => {
    expect(checkCallbackNumber('12345', guard, 'US').status).toBe('invalid');
    expect(checkCallbackNumber('', guard, 'US')).toEqual({ status: 'invalid', reason: 'no-number' });
  });

  it('blocks a premium-rate number and a foreign one (toll fraud)', () => {
    expect(checkCallbackNumber('9002530000', guard, 'US')).toEqual({
      status: 'blocked',
      reason: 'number-type-blocked',
    });
    expect(checkCallbackNumber('+905321234567', guard, 'US')).toEqual({
      status: 'blocked',
      reason: 'country-not-allowed',
    });
  });
});

describe('parseSurveyAnswers', () => {
  it('accepts CSAT 1–5 and NPS 0–10', () => {
    expect(parseSurveyAnswers({ csat: '5', nps: '0' })).toEqual({
      status: 'ok',
      answers: { csat: 5, nps: 0 },
    });
    expect(parseSurveyAnswers({ csat: '1', nps: '10' })).toEqual({
      status: 'ok',
      answers: { csat: 1, nps: 10 },
    });
  });

  it('accepts one answer alone', () => {
    expect(parseSurveyAnswers({ nps: '9', csat: '' })).toEqual({ status: 'ok', answers: { nps: 9 } });
  });

  it('rejects out-of-range and non-integer answers', () => {
    expect(parseSurveyAnswers({ csat: '0' })).toEqual({ status: 'invalid', reason: 'csat-out-of-range' });
    expect(parseSurveyAnswers({ csat: '6' })).toEqual({ status: 'invalid', reason: 'csat-out-of-range' });
    expect(parseSurveyAnswers({ nps: '11' })).toEqual({ status: 'invalid', reason: 'nps-out-of-range' });
    expect(parseSurveyAnswers({ nps: '4.5' })).toEqual({ status: 'invalid', reason: 'nps-out-of-range' });
    expect(parseSurveyAnswers({})).toEqual({ status: 'invalid', reason: 'no-answers' });
  });
});

describe('optOutRequest', () => {
  it('builds an ivr DNC entry with the time and the contact', () => {
    const at = new Date('2026-11-23T12:00:00.000Z');
    expect(optOutRequest('+12065550100', 'c-1', at)).toEqual({
      status: 'ok',
      entry: {
        e164: '+12065550100',
        source: 'ivr',
        addedAt: '2026-11-23T12:00:00.000Z',
        addedBy: 'ivr',
        contactId: 'c-1',
        reason: 'caller opted out in the IVR',
      },
    });
  });

  it('cannot list a withheld caller id', () => {
    expect(optOutRequest('anonymous', 'c-1', new Date())).toEqual({
      status: 'invalid',
      reason: 'no-caller-number',
    });
    expect(optOutRequest(undefined, 'c-1', new Date()).status).toBe('invalid');
  });
});
