/**
 * `flows pull` round trip: the repo's flows resolved with fake ARNs (what we would deploy) and served by a
 * mocked Connect instance must come back byte-identical to the files; unknown ARNs are reported.
 */
import { readFileSync } from 'node:fs';
import {
  ConnectClient,
  DescribeContactFlowCommand,
  ListContactFlowsCommand,
  ListPhoneNumbersV2Command,
} from '@aws-sdk/client-connect';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { hoursText } from '#shared/flows/hours-text.ts';
import { type FlowContent, type FlowFile, flowFilesIn, loadAllFlows } from '#shared/flows/model.ts';
import { phoneNumberConfigName } from '#shared/flows/phone-numbers.ts';
import { maskArn, pullFlows } from '#shared/flows/pull.ts';
import { config, connectMock, fakeInstance, INSTANCE, lambdaMock } from './fake-instance.ts';

const pull = (flows?: string[]) =>
  pullFlows(new ConnectClient({ region: 'us-east-1' }), new LambdaClient({ region: 'us-east-1' }), {
    instanceId: INSTANCE,
    config,
    ...(flows ? { flows } : {}),
  });

const tiny = (content: Partial<FlowContent> & Pick<FlowContent, 'Actions'>): FlowFile => ({
  name: 'tiny',
  type: 'CONTACT_FLOW',
  description: 'tiny',
  content: { Version: '2019-10-30', StartAction: content.Actions[0]!.Identifier, Metadata: {}, ...content },
});

beforeEach(() => {
  connectMock.reset();
  lambdaMock.reset();
});

describe('pullFlows', () => {
  it('gives back byte-identical files for every flow we would deploy', async () => {
    const repo = loadAllFlows();
    fakeInstance(repo);
    const result = await pull(repo.map((f) => f.name));
    expect(result.unmapped).toEqual([]);
    expect(result.missing).toEqual([]);
    const files = flowFilesIn();
    expect(result.pulled.map((p) => p.name)).toEqual(repo.map((f) => f.name).sort());
    for (const p of result.pulled) {
      const file = files.find((f) => f.endsWith(`/${p.name}.json`))!;
      expect(p.text).toBe(readFileSync(file, 'utf8'));
    }
  });

  it('pulls a flow module as a MODULE file: designer positions, Settings and ${Module:…} in its callers kept', async () => {
    const repo = loadAllFlows();
    const module = structuredClone(repo.find((f) => f.name === 'set-caller-language')!);
    module.content.Metadata = {
      entryPointPosition: { x: 14, y: 14 },
      ActionMetadata: Object.fromEntries(
        module.content.Actions.map((a, i) => [a.Identifier, { position: { x: 200 + 10 * i, y: 30 } }]),
      ),
    };
    module.content.Settings = {
      InputParameters: [],
      OutputParameters: [],
      Transitions: [{ DisplayName: 'Success', ReferenceName: 'Success', Description: '' }],
    };
    const { arns } = fakeInstance([...repo.filter((f) => f.name !== module.name), module]);
    const result = await pull(['set-caller-language', 'inbound-main']);
    expect(result.unmapped).toEqual([]);
    const pulledModule = result.pulled.find((p) => p.name === 'set-caller-language')!;
    expect(pulledModule.file.type).toBe('MODULE');
    expect(pulledModule.file.content.Metadata).toEqual(module.content.Metadata);
    expect(pulledModule.file.content.Settings).toEqual(module.content.Settings);
    const invoke = result.pulled
      .find((p) => p.name === 'inbound-main')!
      .file.content.Actions.find((a) => a.Identifier === 'apply-language-tr')!;
    expect(invoke.Parameters['FlowModuleId']).toBe('${Module:set-caller-language}');
    expect(arns.Module.get('set-caller-language')).toMatch(/\/flow-module\//);
  });

  it("takes a module's Settings from DescribeContactFlowModule's separate Settings field when the content has none", async () => {
    const module = loadAllFlows().find((f) => f.type === 'MODULE')!;
    fakeInstance([module], { settingsApart: true });
    const connectSettings = { InputParameters: [], OutputParameters: [], Transitions: [] };
    const [pulled] = (await pull([module.name])).pulled;
    expect(pulled!.file.content.Settings).toEqual(connectSettings);
    expect(pulled!.text).toBe(
      readFileSync(flowFilesIn().find((f) => f.endsWith(`/${module.name}.json`))!, 'utf8'),
    );
  });

  it('pulls only the named flows and reports names the instance lacks', async () => {
    fakeInstance(loadAllFlows());
    const result = await pull(['agent-whisper', 'no-such-flow']);
    expect(result.pulled.map((p) => p.name)).toEqual(['agent-whisper']);
    expect(result.missing).toEqual(['no-such-flow']);
  });

  it('keeps designer Metadata and maps the ARNs inside it', async () => {
    const flow = tiny({
      Metadata: {
        ActionMetadata: {
          q: { position: { x: 120, y: 40 }, queue: { id: '${Queue:Support}', text: 'Support' } },
        },
      },
      Actions: [
        {
          Identifier: 'q',
          Type: 'UpdateContactTargetQueue',
          Parameters: { QueueId: '${Queue:Support}' },
          Transitions: {},
        },
      ],
    });
    fakeInstance([flow]);
    const [pulled] = (await pull(['tiny'])).pulled;
    expect(pulled!.file.content.Metadata).toEqual(flow.content.Metadata);
    expect(pulled!.file.content.Actions[0]!.Parameters['QueueId']).toBe('${Queue:Support}');
  });

  it('maps a version-qualified Lambda ARN like the function and reports ARNs it cannot map', async () => {
    const { arns } = fakeInstance([]);
    const stranger =
      'arn:aws:connect:us-east-1:444455556666:instance/x/queue/ffffffff-0000-4000-8000-000000000000';
    const content = {
      Version: '2019-10-30',
      StartAction: 'call',
      Metadata: {},
      Actions: [
        {
          Identifier: 'call',
          Type: 'InvokeLambdaFunction',
          Parameters: {
            LambdaFunctionARN: `${arns.Lambda.get('route')}:live`,
            InvocationTimeLimitSeconds: '3',
          },
          Transitions: {},
        },
        {
          Identifier: 'q',
          Type: 'UpdateContactTargetQueue',
          Parameters: { QueueId: stranger },
          Transitions: {},
        },
      ],
    };
    connectMock
      .on(ListContactFlowsCommand)
      .resolves({ ContactFlowSummaryList: [{ Name: 'odd', Arn: `${INSTANCE}/contact-flow/odd` }] });
    connectMock.on(DescribeContactFlowCommand).resolves({
      ContactFlow: {
        Name: 'odd',
        Type: 'CONTACT_FLOW',
        Description: 'odd',
        Content: JSON.stringify(content),
      },
    });
    const result = await pull(['odd']);
    const actions = result.pulled[0]!.file.content.Actions;
    expect(actions[0]!.Parameters['LambdaFunctionARN']).toBe('${Lambda:route}');
    expect(actions[1]!.Parameters['QueueId']).toBe(stranger);
    expect(result.unmapped).toEqual([
      { flow: 'odd', action: 'q', path: 'Actions[1].Parameters.QueueId', value: stranger },
    ]);
    expect(maskArn(stranger)).toContain(':4444****6666:');
  });

  it('maps a claimed phone number back to ${PhoneNumber:name} by its description tag', async () => {
    const flow = tiny({
      Actions: [
        {
          Identifier: 'cb',
          Type: 'UpdateContactAttributes',
          Parameters: { Attributes: { callerId: '${PhoneNumber:main-line}' }, TargetContact: 'Current' },
          Transitions: {},
        },
      ],
    });
    const { arns } = fakeInstance([flow]);
    // The served content really carries the number's ARN, not the placeholder.
    const result = await pull(['tiny']);
    expect(result.unmapped).toEqual([]);
    const attrs = result.pulled[0]!.file.content.Actions[0]!.Parameters['Attributes'] as Record<
      string,
      string
    >;
    expect(attrs['callerId']).toBe('${PhoneNumber:main-line}');
    expect(arns.PhoneNumber.get('main-line')).toMatch(/:phone-number\//);
  });

  it('matches an untagged number by the config description, and reports a number it cannot name', async () => {
    const numberArn =
      'arn:aws:connect:us-east-1:111122223333:phone-number/11111111-0000-4000-8000-000000000001';
    const strangerArn =
      'arn:aws:connect:us-east-1:111122223333:phone-number/11111111-0000-4000-8000-000000000002';
    const flow = tiny({
      Actions: [
        {
          Identifier: 'a',
          Type: 'UpdateContactAttributes',
          Parameters: { Attributes: { x: numberArn, y: strangerArn }, TargetContact: 'Current' },
          Transitions: {},
        },
      ],
    });
    fakeInstance([]);
    connectMock.on(ListPhoneNumbersV2Command).resolves({
      ListPhoneNumbersSummaryList: [
        {
          PhoneNumberArn: numberArn,
          PhoneNumber: '+12065550001',
          PhoneNumberDescription: "Acme's main customer service number",
        },
        { PhoneNumberArn: strangerArn, PhoneNumber: '+12065550002', PhoneNumberDescription: 'someone else' },
      ],
    });
    connectMock
      .on(ListContactFlowsCommand)
      .resolves({ ContactFlowSummaryList: [{ Name: 'tiny', Arn: `${INSTANCE}/contact-flow/tiny` }] });
    connectMock.on(DescribeContactFlowCommand).resolves({
      ContactFlow: {
        Name: 'tiny',
        Type: 'CONTACT_FLOW',
        Description: 'tiny',
        Content: JSON.stringify(flow.content),
      },
    });
    const result = await pull(['tiny']);
    const attrs = result.pulled[0]!.file.content.Actions[0]!.Parameters['Attributes'] as Record<
      string,
      string
    >;
    expect(attrs['x']).toBe('${PhoneNumber:main-line}');
    expect(attrs['y']).toBe(strangerArn);
    expect(result.unmapped.map((u) => u.value)).toEqual([strangerArn]);
  });

  it('turns spoken opening hours rendered from config back into ${HoursText:…}', async () => {
    const repo = loadAllFlows();
    fakeInstance(repo);
    const [main] = (await pull(['inbound-main'])).pulled;
    const closed = main!.file.content.Actions.find((a) => a.Identifier === 'closed-en')!;
    expect(closed.Parameters['Text']).toContain('${HoursText:Main:en-US}');
    expect(closed.Parameters['Text']).not.toContain(hoursText(config, 'Main:en-US'));
  });
});

describe('phoneNumberConfigName', () => {
  it('prefers the tag, falls back to a unique description, else nothing', () => {
    const cfg = {
      phoneNumbers: [
        { name: 'a', description: 'Shared' },
        { name: 'b', description: 'Shared' },
        { name: 'c' },
      ],
    } as unknown as Parameters<typeof phoneNumberConfigName>[1];
    expect(phoneNumberConfigName('Shared [santral:b]', cfg)).toBe('b');
    expect(phoneNumberConfigName('Shared', cfg)).toBeUndefined();
    expect(phoneNumberConfigName('c', cfg)).toBe('c');
    expect(phoneNumberConfigName(undefined, cfg)).toBeUndefined();
  });
});
