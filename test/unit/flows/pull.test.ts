/**
 * `flows pull` round trip: the repo's flows resolved with fake ARNs (what we would deploy) and served by a
 * mocked Connect instance must come back byte-identical to the files; unknown ARNs are reported.
 */
import { readFileSync } from 'node:fs';
import {
  ConnectClient,
  DescribeContactFlowCommand,
  ListContactFlowModulesCommand,
  ListContactFlowsCommand,
  ListHoursOfOperationsCommand,
  ListLambdaFunctionsCommand,
  ListPromptsCommand,
  ListQueuesCommand,
  ListQuickConnectsCommand,
} from '@aws-sdk/client-connect';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadStageConfig } from '#shared/config/load.ts';
import { type FlowContent, type FlowFile, flowFilesIn, loadAllFlows } from '#shared/flows/model.ts';
import { maskArn, pullFlows } from '#shared/flows/pull.ts';
import { resolveReferences } from '#shared/flows/references.ts';
import { KNOWN_LAMBDAS } from '#shared/flows/validator.ts';

const config = loadStageConfig('dev');
const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const connectMock = mockClient(ConnectClient);
const lambdaMock = mockClient(LambdaClient);

let counter = 0;
const fakeId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

/** A fake deployed instance: every named resource gets an ARN; flows are served resolved. */
function fakeInstance(flows: { name: string; type: string; description: string; content: FlowContent }[]) {
  const arns = {
    Queue: new Map(config.queues.map((q) => [q.name, `${INSTANCE}/queue/${fakeId()}`])),
    Hours: new Map(config.hours.map((h) => [h.name, `${INSTANCE}/operating-hours/${fakeId()}`])),
    QuickConnect: new Map(
      config.quickConnects.map((q) => [q.name, `${INSTANCE}/transfer-destination/${fakeId()}`]),
    ),
    Flow: new Map(flows.map((f) => [f.name, `${INSTANCE}/contact-flow/${fakeId()}`])),
    Lambda: new Map<string, string>(
      KNOWN_LAMBDAS.map((n) => [n, `arn:aws:lambda:us-east-1:111122223333:function:Santral-dev-${n}-X1Y2Z3`]),
    ),
  };
  const promptArn = `${INSTANCE}/prompt/${fakeId()}`;
  const resolve = (kind: string, name: string) =>
    kind === 'Prompt' && name === 'hold-music' ? promptArn : arns[kind as keyof typeof arns]?.get(name);
  const described = new Map(
    flows.map((f) => [
      arns.Flow.get(f.name)!,
      {
        Name: f.name,
        Type: f.type,
        Description: f.description,
        // Connect returns the content as one compact JSON string.
        Content: JSON.stringify(resolveReferences(f.content, resolve)),
      },
    ]),
  );
  const summaries = (m: Map<string, string>) =>
    [...m].map(([Name, Arn]) => ({ Name, Arn, Id: Arn.split('/').pop() }));
  connectMock.on(ListQueuesCommand).resolves({ QueueSummaryList: summaries(arns.Queue) });
  connectMock
    .on(ListHoursOfOperationsCommand)
    .resolves({ HoursOfOperationSummaryList: summaries(arns.Hours) });
  connectMock
    .on(ListQuickConnectsCommand)
    .resolves({ QuickConnectSummaryList: summaries(arns.QuickConnect) });
  connectMock.on(ListPromptsCommand).resolves({
    PromptSummaryList: [
      { Name: 'CustomerQueue.wav', Arn: promptArn },
      { Name: 'Music_Jazz.wav', Arn: `${INSTANCE}/prompt/${fakeId()}` },
    ],
  });
  connectMock.on(ListContactFlowModulesCommand).resolves({ ContactFlowModulesSummaryList: [] });
  connectMock.on(ListContactFlowsCommand).resolves({
    ContactFlowSummaryList: [
      ...summaries(arns.Flow),
      { Name: 'Default agent whisper', Arn: `${INSTANCE}/contact-flow/${fakeId()}` },
    ],
  });
  connectMock.on(ListLambdaFunctionsCommand).resolves({ LambdaFunctions: [...arns.Lambda.values()] });
  lambdaMock.on(GetFunctionConfigurationCommand).callsFake(({ FunctionName }: { FunctionName: string }) => {
    const name = [...arns.Lambda].find(([, arn]) => arn === FunctionName)?.[0];
    return { Environment: { Variables: name ? { POWERTOOLS_SERVICE_NAME: name } : {} } };
  });
  connectMock.on(DescribeContactFlowCommand).callsFake(({ ContactFlowId }: { ContactFlowId: string }) => {
    const cf = described.get(ContactFlowId);
    if (!cf) throw new Error(`no flow ${ContactFlowId}`);
    return { ContactFlow: { ...cf, Arn: ContactFlowId } };
  });
  return { arns, promptArn };
}

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
});
