import { describe, expect, it } from 'vitest';
import { checkDialableNumber, type TollFraudGuardSettings } from '#shared/domain/toll-fraud-guard.ts';
import { planTransfer, type TransferSettings } from '#shared/domain/transfer.ts';

const guard: TollFraudGuardSettings = {
  allowedCountries: ['US'],
  blockedNumberTypes: ['PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOIP', 'PERSONAL_NUMBER', 'PAGER'],
  allowList: ['+12125550147'],
  denyList: ['+12065550999'],
};
const settings: TransferSettings = {
  guard,
  queueArns: { Billing: 'arn:aws:connect:us-east-1:111122223333:instance/x/queue/billing' },
  queueNames: ['Billing', 'Support'],
};
const at = new Date('2026-11-23T12:00:00.000Z');

describe('toll-fraud guard', () => {
  it('allows an ordinary number in an allowed country', () => {
    expect(checkDialableNumber('+12065550100', guard)).toMatchObject({
      allowed: true,
      reason: 'allowed',
      country: 'US',
    });
  });

  it('blocks premium-rate numbers', () => {
    expect(checkDialableNumber('+19002530000', guard)).toMatchObject({
      allowed: false,
      reason: 'number-type-blocked',
    });
  });

  it('blocks international numbers unless their country is allowed', () => {
    expect(checkDialableNumber('+905321234567', guard)).toMatchObject({
      allowed: false,
      reason: 'country-not-allowed',
    });
    expect(checkDialableNumber('+905321234567', { ...guard, allowedCountries: ['US', 'TR'] }).allowed).toBe(
      true,
    );
  });

  it('requires E.164 for agent-entered numbers', () => {
    expect(checkDialableNumber('2065550100', guard)).toMatchObject({ allowed: false, reason: 'not-e164' });
  });

  it('lets the deny list beat everything and the allow list beat the generic rules', () => {
    expect(checkDialableNumber('+12065550999', guard).reason).toBe('deny-list');
    expect(checkDialableNumber('+12125550147', guard).reason).toBe('allow-list');
    expect(checkDialableNumber('+19002530000', { ...guard, allowList: ['+19002530000'] }).allowed).toBe(true);
  });
});

describe('planTransfer', () => {
  it('plans a cold transfer to a queue with the whisper the receiving agent hears', () => {
    const plan = planTransfer(
      'c-1',
      {
        mode: 'cold',
        target: 'Billing',
        fromAgent: 'jane',
        reason: 'refund',
        note: 'wants a refund for order 42',
        tags: 'refund, VIP',
      },
      settings,
      at,
    );
    expect(plan.status).toBe('ok');
    if (plan.status !== 'ok') return;
    expect(plan.record.target).toEqual({
      kind: 'queue',
      queueName: 'Billing',
      queueArn: settings.queueArns['Billing'],
    });
    expect(plan.record.tags).toEqual(['refund', 'vip']);
    expect(plan.whisperText).toContain('Cold transfer');
    expect(plan.whisperText).toContain('refund for order 42');
  });

  it('says "they will stay on" for a warm transfer', () => {
    const plan = planTransfer('c-1', { mode: 'warm', target: 'Support', fromAgent: 'jane' }, settings, at);
    expect(plan.status === 'ok' && plan.whisperText).toContain('stay on');
  });

  it('blocks an external transfer to a premium-rate number, with the reason', () => {
    expect(planTransfer('c-1', { target: '+19002530000' }, settings, at)).toEqual({
      status: 'blocked',
      reason: 'number-type-blocked',
    });
  });

  it('plans an external transfer to an allow-listed partner', () => {
    const plan = planTransfer('c-1', { target: '+12125550147', mode: 'cold' }, settings, at);
    expect(plan.status === 'ok' && plan.record.target).toMatchObject({
      kind: 'external',
      e164: '+12125550147',
    });
  });

  it('takes a name that is no configured queue as an agent’s queue (USER quick connects)', () => {
    const plan = planTransfer('c-1', { target: 'jane.doe', mode: 'warm' }, settings, at);
    expect(plan.status === 'ok' && plan.record.target).toEqual({ kind: 'agent', agentQueue: 'jane.doe' });
  });

  it('takes the working queue ARN the transfer flows pass: an agent queue (/queue/agent/) or a configured queue', () => {
    // Connect gives agent queues no name ($.Queue.Name is null): transfer-to-agent passes $.Queue.ARN.
    const agentArn =
      'arn:aws:connect:us-east-1:111122223333:instance/x/queue/agent/3c7e6b6a-1111-4222-8333-444455556666';
    const toAgent = planTransfer(
      'c-1',
      { target: agentArn, reason: 'billing dispute', fromAgent: 'ayse' },
      settings,
      at,
    );
    expect(toAgent).toMatchObject({
      status: 'ok',
      record: {
        target: { kind: 'agent', agentQueue: '3c7e6b6a-1111-4222-8333-444455556666', queueArn: agentArn },
      },
      whisperText: 'Transfer from ayse. Cold transfer. Reason: billing dispute.',
    });
    const toQueue = planTransfer('c-1', { target: settings.queueArns['Billing'] }, settings, at);
    expect(toQueue.status === 'ok' && toQueue.record.target).toEqual({
      kind: 'queue',
      queueName: 'Billing',
      queueArn: settings.queueArns['Billing'],
    });
    expect(
      planTransfer(
        'c-1',
        { target: 'arn:aws:connect:us-east-1:111122223333:instance/x/queue/unknown' },
        settings,
        at,
      ),
    ).toEqual({
      status: 'invalid',
      reason: 'bad-target',
    });
  });

  it('rejects an unusable target, an unknown mode and a missing target', () => {
    expect(planTransfer('c-1', { target: 'x'.repeat(300) }, settings, at)).toEqual({
      status: 'invalid',
      reason: 'bad-target',
    });
    expect(planTransfer('c-1', { target: 'Billing', mode: 'lukewarm' }, settings, at)).toEqual({
      status: 'invalid',
      reason: 'bad-mode',
    });
    expect(planTransfer('c-1', {}, settings, at)).toEqual({ status: 'invalid', reason: 'no-target' });
  });

  it('gives a retried request the same transfer id, and a different request another', () => {
    const a = planTransfer('c-1', { target: 'Billing', note: 'x' }, settings, at);
    const b = planTransfer('c-1', { target: 'Billing', note: 'x' }, settings, new Date(at.getTime() + 2000));
    const c = planTransfer('c-1', { target: 'Billing', note: 'y' }, settings, at);
    if (a.status !== 'ok' || b.status !== 'ok' || c.status !== 'ok') throw new Error('expected ok');
    expect(a.record.transferId).toBe(b.record.transferId);
    expect(a.record.transferId).not.toBe(c.record.transferId);
  });
});
