/**
 * Config × flows cross-checks: one broken fixture per rule (test/fixtures/crosscheck/), the finding matched
 * exactly; run by `flows validate`, `config check` and synth.
 */
import { resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import * as configCommand from '#infra/cli/commands/config.ts';
import * as flowsCommand from '#infra/cli/commands/flows.ts';
import { ContactFlows } from '#infra/constructs/contact-flows.ts';
import { loadConfigFile, loadStageConfig } from '#shared/config/load.ts';
import { crossCheckConfigAndFlows } from '#shared/flows/config-crosscheck.ts';
import { loadAllFlows, loadFlowFile } from '#shared/flows/model.ts';
import { FlowValidationError } from '#shared/flows/validator.ts';
import { runSantral } from '../../support/cli.ts';
import { buildFoundation } from '../../support/foundation.ts';

const FIXTURES = 'test/fixtures/crosscheck';
const fixture = (name: string) => resolve(import.meta.dirname, '../../fixtures/crosscheck', name);
const repoFlows = () => loadAllFlows();

const MENU_WITHOUT_BILLING =
  "routing.intents.billing: digit 3 — menu inbound-main › menu never branches on 3 (it takes 0, 1, 2, 4); its callers cannot reach queue Billing. Add a condition for 3 or change the intent's digit";
const NUMBER_TO_QUEUE_FLOW =
  'phoneNumbers[0] (main-line): flow "customer-queue" is of type CUSTOMER_QUEUE; a phone number answers with an inbound flow (CONTACT_FLOW) — point it at one';
const QUICK_CONNECT_TO_WHISPER =
  'quickConnects[0] (To Support): flow "agent-whisper" is of type AGENT_WHISPER; a QUEUE quick connect\'s flow must be of type Transfer to Queue (QUEUE_TRANSFER)';

describe('crossCheckConfigAndFlows', () => {
  it('finds nothing in the repository config and flows', () => {
    expect(crossCheckConfigAndFlows(loadStageConfig('dev'), repoFlows())).toEqual([]);
    expect(crossCheckConfigAndFlows(loadStageConfig('prod'), repoFlows())).toEqual([]);
  });

  it('an intent whose digit the menu never branches on', () => {
    const menu = loadFlowFile(fixture('menu-without-billing/inbound-main.json'));
    const flows = [...repoFlows().filter((f) => f.name !== 'inbound-main'), menu];
    expect(crossCheckConfigAndFlows(loadStageConfig('dev'), flows, 'dev.yaml')).toEqual([
      { severity: 'error', rule: 'config', file: 'dev.yaml', message: MENU_WITHOUT_BILLING },
    ]);
  });

  it('a phone number whose flow is not a CONTACT_FLOW', () => {
    const config = loadConfigFile(fixture('number-to-queue-flow.yaml'));
    expect(crossCheckConfigAndFlows(config, repoFlows(), 'c.yaml')).toEqual([
      { severity: 'error', rule: 'config', file: 'c.yaml', message: NUMBER_TO_QUEUE_FLOW },
    ]);
  });

  it('a QUEUE quick connect whose flow is not a QUEUE_TRANSFER flow', () => {
    const config = loadConfigFile(fixture('quick-connect-to-whisper.yaml'));
    expect(crossCheckConfigAndFlows(config, repoFlows(), 'c.yaml')).toEqual([
      { severity: 'error', rule: 'config', file: 'c.yaml', message: QUICK_CONNECT_TO_WHISPER },
    ]);
  });
});

describe('where the cross-checks run', () => {
  it('santral config check exits 1 naming the config file', async () => {
    const r = await runSantral(
      [configCommand],
      ['--config', `${FIXTURES}/quick-connect-to-whisper.yaml`, 'config', 'check'],
    );
    expect(r.exitCode).toBe(1);
    expect(r.err).toContain(`error: ${FIXTURES}/quick-connect-to-whisper.yaml: ${QUICK_CONNECT_TO_WHISPER}`);
  });

  it('santral flows validate reports the menu of the flow being validated', async () => {
    const r = await runSantral(
      [flowsCommand],
      ['flows', 'validate', `${FIXTURES}/menu-without-billing/inbound-main.json`],
    );
    expect(r.exitCode).toBe(1);
    expect(r.err).toContain(`error: infra/config/dev.yaml: ${MENU_WITHOUT_BILLING}`);
  });

  it('synth fails with the finding', () => {
    const config = loadConfigFile(fixture('number-to-queue-flow.yaml'));
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'CrossCheck', { env: { region: config.region } });
    const { instance, telephony, routing } = buildFoundation(stack, config);
    const build = () =>
      new ContactFlows(stack, 'Flows', {
        config,
        instance,
        routing,
        telephony,
        externalLambdaArn: (name) => `arn:aws:lambda:us-east-1:111122223333:function:ext-${name}`,
      });
    let thrown: unknown;
    try {
      build();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FlowValidationError);
    expect((thrown as Error).message).toContain(NUMBER_TO_QUEUE_FLOW);
  });
});
