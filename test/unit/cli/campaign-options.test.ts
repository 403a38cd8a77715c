import { describe, expect, it } from 'vitest';
import * as campaign from '#infra/cli/commands/campaign.ts';
import { runSantral } from '../../support/cli.ts';

describe('campaign run options', () => {
  it.each(['0', '-5', '1.5', '1441', 'ten'])(
    'refuses --tick-minutes %s before touching the sandbox',
    async (v) => {
      await expect(
        runSantral([campaign], ['campaign', 'run', 'spring', '--sim', '--tick-minutes', v]),
      ).rejects.toThrow(/--tick-minutes.*whole minutes between 1 and 1440/);
    },
  );

  it('reads an AMD mix of Connect statuses', () => {
    expect(campaign.parseMix('HUMAN_ANSWERED=0.5, VOICEMAIL_BEEP=0.3,AMD_UNANSWERED=0.2')).toEqual({
      HUMAN_ANSWERED: 0.5,
      VOICEMAIL_BEEP: 0.3,
      AMD_UNANSWERED: 0.2,
    });
  });

  it.each([
    ['BOGUS=1', /"BOGUS" is not an AMD status; expected one of HUMAN_ANSWERED, /],
    ['HUMAN_ANSWERED', /expected STATUS=weight pairs/],
    ['HUMAN_ANSWERED=', /expected STATUS=weight pairs/],
    ['HUMAN_ANSWERED=-1', /weight a number ≥ 0/],
    ['HUMAN_ANSWERED=1=2', /expected STATUS=weight pairs/],
    ['HUMAN_ANSWERED=1,HUMAN_ANSWERED=2', /HUMAN_ANSWERED is given twice/],
    ['HUMAN_ANSWERED=0,VOICEMAIL_BEEP=0', /add up to 0/],
  ])('refuses --amd %s', (mix, message) => {
    expect(() => campaign.parseMix(mix)).toThrow(message);
  });
});
