/** A mocked Connect instance (aws-sdk-client-mock) serving flows resolved with fake ARNs, for pull tests. */
import {
  ConnectClient,
  DescribeContactFlowCommand,
  DescribeContactFlowModuleCommand,
  ListContactFlowModulesCommand,
  ListContactFlowsCommand,
  ListHoursOfOperationsCommand,
  ListLambdaFunctionsCommand,
  ListPhoneNumbersV2Command,
  ListPromptsCommand,
  ListQueuesCommand,
  ListQuickConnectsCommand,
} from '@aws-sdk/client-connect';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { loadStageConfig } from '#shared/config/load.ts';
import { hoursText } from '#shared/flows/hours-text.ts';
import type { FlowContent } from '#shared/flows/model.ts';
import { phoneNumberDescription } from '#shared/flows/phone-numbers.ts';
import { resolveReferences } from '#shared/flows/references.ts';
import { KNOWN_LAMBDAS } from '#shared/flows/validator.ts';

export const config = loadStageConfig('dev');
export const INSTANCE =
  'arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const connectMock = mockClient(ConnectClient);
export const lambdaMock = mockClient(LambdaClient);

let counter = 0;
const fakeId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

/**
 * A fake deployed instance: every named resource gets an ARN; flows are served resolved, MODULE files as flow
 * modules (ListContactFlowModules / DescribeContactFlowModule, their Settings inside the content as the
 * designer's exports have them, or — `settingsApart` — only in the response's separate Settings field).
 */
export function fakeInstance(
  all: { name: string; type: string; description: string; content: FlowContent }[],
  options: { settingsApart?: boolean } = {},
) {
  const flows = all.filter((f) => f.type !== 'MODULE');
  const modules = all.filter((f) => f.type === 'MODULE');
  const arns = {
    Queue: new Map(config.queues.map((q) => [q.name, `${INSTANCE}/queue/${fakeId()}`])),
    Hours: new Map(config.hours.map((h) => [h.name, `${INSTANCE}/operating-hours/${fakeId()}`])),
    QuickConnect: new Map(
      config.quickConnects.map((q) => [q.name, `${INSTANCE}/transfer-destination/${fakeId()}`]),
    ),
    Flow: new Map(flows.map((f) => [f.name, `${INSTANCE}/contact-flow/${fakeId()}`])),
    Module: new Map(modules.map((f) => [f.name, `${INSTANCE}/flow-module/${fakeId()}`])),
    PhoneNumber: new Map(
      config.phoneNumbers.map((p) => [
        p.name,
        `arn:aws:connect:us-east-1:111122223333:phone-number/${fakeId()}`,
      ]),
    ),
    Lambda: new Map<string, string>(
      KNOWN_LAMBDAS.map((n) => [n, `arn:aws:lambda:us-east-1:111122223333:function:Santral-dev-${n}-X1Y2Z3`]),
    ),
  };
  const promptArn = `${INSTANCE}/prompt/${fakeId()}`;
  const resolve = (kind: string, name: string) =>
    kind === 'HoursText'
      ? hoursText(config, name)
      : kind === 'Prompt' && name === 'hold-music'
        ? promptArn
        : arns[kind as keyof typeof arns]?.get(name);
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
  connectMock
    .on(ListContactFlowModulesCommand)
    .resolves({ ContactFlowModulesSummaryList: summaries(arns.Module) });
  const describedModules = new Map(
    modules.map((f) => {
      const { Settings, ...content } = resolveReferences(f.content, resolve);
      const apart = options.settingsApart && Settings !== undefined;
      return [
        arns.Module.get(f.name)!.split('/').pop()!,
        {
          Arn: arns.Module.get(f.name)!,
          Name: f.name,
          Description: f.description,
          Content: JSON.stringify(apart ? content : { ...content, ...(Settings ? { Settings } : {}) }),
          ...(apart ? { Settings: JSON.stringify(Settings) } : {}),
        },
      ];
    }),
  );
  connectMock
    .on(DescribeContactFlowModuleCommand)
    .callsFake(({ ContactFlowModuleId }: { ContactFlowModuleId: string }) => {
      const m = describedModules.get(ContactFlowModuleId);
      if (!m) throw new Error(`no module ${ContactFlowModuleId}`);
      return { ContactFlowModule: m };
    });
  connectMock.on(ListContactFlowsCommand).resolves({
    ContactFlowSummaryList: [
      ...summaries(arns.Flow),
      { Name: 'Default agent whisper', Arn: `${INSTANCE}/contact-flow/${fakeId()}` },
    ],
  });
  // Claimed numbers carry the description Telephony gives them (config description + `[santral:<name>]`).
  connectMock.on(ListPhoneNumbersV2Command).resolves({
    ListPhoneNumbersSummaryList: config.phoneNumbers.map((p, i) => ({
      PhoneNumberArn: arns.PhoneNumber.get(p.name)!,
      PhoneNumber: `+1206555${String(1000 + i)}`,
      PhoneNumberDescription: phoneNumberDescription(p),
    })),
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
