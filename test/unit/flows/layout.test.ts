/**
 * Designer layout (shared/flows/layout.ts): deployed flows carry Metadata.ActionMetadata positions from a
 * deterministic layered layout; positions a file already has (designer saves, kept by flows pull) stay.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ContactFlows } from '#infra/constructs/contact-flows.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import {
  COLUMN_WIDTH,
  ENTRY_POSITION,
  FIRST_COLUMN_X,
  layoutFlow,
  ROW_HEIGHT,
} from '#shared/flows/layout.ts';
import { type FlowFile, formatFlowFile, loadAllFlows, parseFlowFile } from '#shared/flows/model.ts';
import { buildFoundation } from '../../support/foundation.ts';

const VALID = resolve(import.meta.dirname, '../../fixtures/flows/valid.json');
const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/external-flows');
const valid = (): FlowFile => parseFlowFile(readFileSync(VALID, 'utf8'), 'valid.json');

type Meta = {
  entryPointPosition?: unknown;
  ActionMetadata?: Record<string, { position?: { x: number; y: number } }>;
};
const metaOf = (f: Pick<FlowFile, 'content'>) => f.content.Metadata as Meta;

describe('layoutFlow', () => {
  it('places blocks in columns by distance from the start, rows by discovery', () => {
    // hello → menu (next) and bye (error): menu and bye share column 1, in that order.
    expect(metaOf(layoutFlow(valid()))).toEqual({
      entryPointPosition: ENTRY_POSITION,
      ActionMetadata: {
        hello: { position: { x: FIRST_COLUMN_X, y: 40 } },
        menu: { position: { x: FIRST_COLUMN_X + COLUMN_WIDTH, y: 40 } },
        bye: { position: { x: FIRST_COLUMN_X + COLUMN_WIDTH, y: 40 + ROW_HEIGHT } },
      },
    });
  });

  it('is deterministic and leaves the file untouched', () => {
    const flow = valid();
    const before = formatFlowFile(flow);
    expect(layoutFlow(flow)).toEqual(layoutFlow(valid()));
    expect(formatFlowFile(flow)).toBe(before);
  });

  it('keeps a designer-laid-out flow exactly as saved (a real export)', () => {
    const text = readFileSync(join(CORPUS, 'cdk-constructs--inbound-contact-flow.json'), 'utf8');
    const flow = parseFlowFile(text, 'corpus');
    expect(layoutFlow(flow)).toBe(flow);
  });

  it('keeps saved positions and places only the blocks without one, right of them', () => {
    const flow = valid();
    flow.content.Metadata = {
      snapToGrid: false,
      ActionMetadata: { menu: { position: { x: 900, y: 300 }, useDynamic: false } },
    };
    const meta = metaOf(layoutFlow(flow));
    expect(meta.ActionMetadata).toEqual({
      menu: { position: { x: 900, y: 300 }, useDynamic: false },
      hello: { position: { x: 900 + COLUMN_WIDTH, y: 40 } },
      bye: { position: { x: 900 + 2 * COLUMN_WIDTH, y: 40 } },
    });
    expect((layoutFlow(flow).content.Metadata as Record<string, unknown>)['snapToGrid']).toBe(false);
  });

  it('gives every block of every corpus flow its own position once the designer metadata is removed', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(80);
    for (const f of files) {
      const flow = parseFlowFile(readFileSync(join(CORPUS, f), 'utf8'), f);
      flow.content.Metadata = {};
      const am = metaOf(layoutFlow(flow)).ActionMetadata ?? {};
      const ids = flow.content.Actions.map((a) => a.Identifier);
      expect(Object.keys(am).sort(), f).toEqual([...ids].sort());
      const spots = new Set(ids.map((id) => JSON.stringify(am[id]?.position)));
      expect(spots.size, f).toBe(ids.length);
    }
  });
});

/** A flow's Content from the template, CloudFormation tokens replaced by a marker, parsed. */
function deployedContent(content: unknown): FlowFile['content'] {
  if (typeof content === 'string') return JSON.parse(content);
  const [sep, parts] = (content as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(sep));
}

function synth(flowsDir?: string) {
  const config = structuredClone(loadStageConfig('dev'));
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'LayoutTest', { env: { region: config.region } });
  const { instance, telephony, routing } = buildFoundation(stack, config);
  new ContactFlows(stack, 'Flows', {
    config,
    instance,
    routing,
    telephony,
    ...(flowsDir ? { flowsDir } : {}),
    externalLambdaArn: (name) => `arn:aws:lambda:us-east-1:111122223333:function:ext-${name}`,
  });
  const template = Template.fromStack(stack);
  // Flows and flow modules alike: a module opens in the same designer and is laid out the same way.
  const flows = {
    ...template.findResources('AWS::Connect::ContactFlow'),
    ...template.findResources('AWS::Connect::ContactFlowModule'),
  };
  return new Map(
    Object.values(flows).map((r) => [
      r['Properties'].Name as string,
      deployedContent(r['Properties'].Content),
    ]),
  );
}

describe('ContactFlows deploys designer positions', () => {
  it('every block of every repo flow has a position in the template', () => {
    const deployed = synth();
    for (const file of loadAllFlows()) {
      const meta = deployed.get(file.name)!.Metadata as Meta;
      expect(meta.entryPointPosition, file.name).toEqual(ENTRY_POSITION);
      expect(meta.ActionMetadata, file.name).toEqual(metaOf(layoutFlow(file)).ActionMetadata);
      for (const a of file.content.Actions)
        expect(meta.ActionMetadata?.[a.Identifier]?.position, `${file.name} › ${a.Identifier}`).toMatchObject(
          {
            x: expect.any(Number),
            y: expect.any(Number),
          },
        );
    }
    expect(deployed.get('inbound-main')!.Metadata).toMatchObject({
      ActionMetadata: { 'set-logging': { position: { x: FIRST_COLUMN_X, y: 40 } } },
    });
  });

  it('a flow whose file has designer positions deploys them unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'santral-layout-'));
    for (const f of loadAllFlows()) {
      const copy = structuredClone(f) as FlowFile & { file?: string };
      delete copy.file;
      if (f.name === 'opt-out')
        copy.content.Metadata = {
          entryPointPosition: { x: 15, y: 25 },
          ActionMetadata: Object.fromEntries(
            f.content.Actions.map((a, i) => [a.Identifier, { position: { x: 100 + i, y: 7 * i } }]),
          ),
        };
      writeFileSync(join(dir, `${f.name}.json`), formatFlowFile(copy));
    }
    const optOut = synth(dir).get('opt-out')!;
    const original = loadAllFlows().find((f) => f.name === 'opt-out')!;
    expect(optOut.Metadata).toEqual({
      entryPointPosition: { x: 15, y: 25 },
      ActionMetadata: Object.fromEntries(
        original.content.Actions.map((a, i) => [a.Identifier, { position: { x: 100 + i, y: 7 * i } }]),
      ),
    });
  });

  it('a flow module keeps its saved positions and its Settings, and gets positions for new blocks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'santral-layout-'));
    const settings = {
      InputParameters: [],
      OutputParameters: [],
      Transitions: [{ Description: '', DisplayName: 'Success', ReferenceName: 'Success' }],
    };
    const module = loadAllFlows().find((f) => f.type === 'MODULE')!;
    for (const f of loadAllFlows()) {
      const copy = structuredClone(f) as FlowFile & { file?: string };
      delete copy.file;
      if (f.name === module.name) {
        // The designer saved positions for all but the last block, then the file gained that block.
        copy.content.Metadata = {
          entryPointPosition: { x: 15, y: 25 },
          ActionMetadata: Object.fromEntries(
            f.content.Actions.slice(0, -1).map((a, i) => [
              a.Identifier,
              { position: { x: 100 + i, y: 7 * i } },
            ]),
          ),
        };
        copy.content.Settings = settings;
      }
      writeFileSync(join(dir, `${f.name}.json`), formatFlowFile(copy));
    }
    const deployed = synth(dir).get(module.name)!;
    const meta = deployed.Metadata as Meta;
    const last = module.content.Actions.at(-1)!.Identifier;
    const saved = module.content.Actions.slice(0, -1);
    for (const [i, a] of saved.entries())
      expect(meta.ActionMetadata?.[a.Identifier]?.position).toEqual({ x: 100 + i, y: 7 * i });
    expect(meta.ActionMetadata?.[last]?.position).toEqual({
      x: 100 + saved.length - 1 + COLUMN_WIDTH,
      y: 40,
    });
    expect(meta.entryPointPosition).toEqual({ x: 15, y: 25 });
    expect(deployed.Settings).toEqual(settings);
  });
});
