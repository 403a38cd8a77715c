import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as flowsCommand from '#infra/cli/commands/flows.ts';
import { ssmlToText } from '#shared/flows/block-text.ts';
import { diffFlows, diffFlowTexts, flowDiffMarkdown } from '#shared/flows/flow-diff.ts';
import { type FlowFile, formatFlowFile, parseFlowFile } from '#shared/flows/model.ts';
import { runSantral } from '../../support/cli.ts';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/flows/valid.json');
const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/external-flows');

/** A fresh copy of the validator's valid fixture: hello → menu (press 1) → bye. */
const base = (): FlowFile => parseFlowFile(readFileSync(FIXTURE, 'utf8'), 'valid.json');
const action = (f: FlowFile, id: string) => f.content.Actions.find((a) => a.Identifier === id)!;

describe('diffFlows: block-level changes', () => {
  it('reports nothing for the same flow', () => {
    expect(diffFlows(base(), base())).toEqual({
      name: 'valid',
      change: 'unchanged',
      flow: [],
      blocks: [],
      interface: [],
      layoutChanges: 0,
    });
  });

  it('shows a prompt before → after', () => {
    const after = base();
    action(after, 'hello').Parameters['Text'] = 'Hello and welcome.';
    expect(diffFlows(base(), after).blocks).toEqual([
      {
        identifier: 'hello',
        title: 'hello',
        type: 'MessageParticipant',
        change: 'changed',
        details: [{ what: 'prompt', kind: 'prompt', before: 'Hello.', after: 'Hello and welcome.' }],
      },
    ]);
  });

  it('shows a rewired menu branch, a new digit and a changed parameter', () => {
    const after = base();
    const menu = action(after, 'menu');
    menu.Parameters['InputTimeLimitSeconds'] = '8';
    menu.Transitions.Conditions![0]!.NextAction = 'hello';
    menu.Transitions.Conditions!.push({
      NextAction: 'bye',
      Condition: { Operator: 'Equals', Operands: ['2'] },
    });
    expect(diffFlows(base(), after).blocks[0]?.details).toEqual([
      { what: 'InputTimeLimitSeconds', kind: 'parameter', before: '5', after: '8' },
      { what: 'press 1', kind: 'branch', before: 'bye', after: 'hello' },
      { what: 'press 2', kind: 'branch', after: 'bye' },
    ]);
  });

  it('lists added and removed blocks with what they say and where they go', () => {
    const after = base();
    after.content.Actions = after.content.Actions.filter((a) => a.Identifier !== 'hello');
    after.content.StartAction = 'menu';
    after.content.Actions.push({
      Identifier: 'sorry',
      Type: 'MessageParticipant',
      Parameters: { SSML: '<speak>Sorry <break time="1s"/>&amp; goodbye.</speak>' },
      Transitions: { NextAction: 'bye' },
    });
    const d = diffFlows(base(), after);
    expect(d.flow).toEqual([{ what: 'StartAction', kind: 'parameter', before: 'hello', after: 'menu' }]);
    expect(d.blocks.map((b) => [b.change, b.identifier, b.details])).toEqual([
      [
        'added',
        'sorry',
        [
          { what: 'prompt', kind: 'prompt', after: 'Sorry & goodbye.' },
          { what: 'next', kind: 'branch', after: 'bye' },
        ],
      ],
      [
        'removed',
        'hello',
        [
          { what: 'prompt', kind: 'prompt', before: 'Hello.' },
          { what: 'next', kind: 'branch', before: 'menu' },
          { what: 'error NoMatchingError', kind: 'branch', before: 'bye' },
        ],
      ],
    ]);
  });

  it('counts designer moves without listing them as behaviour', () => {
    const after = base();
    after.content.Metadata = { ActionMetadata: { hello: { position: { x: 10, y: 20 } } } };
    expect(diffFlows(base(), after)).toMatchObject({ change: 'changed', blocks: [], layoutChanges: 1 });
  });

  it('diffs a flow that exists on one side only', () => {
    expect(diffFlowTexts(undefined, readFileSync(FIXTURE, 'utf8'), 'valid.json')).toMatchObject({
      change: 'added',
      blocks: [{ change: 'added' }, { change: 'added' }, { change: 'added' }],
    });
  });

  it('names designer-UUID blocks by type and text (a real designer export)', () => {
    const text = readFileSync(join(CORPUS, 'gitlab-tf--acme-main-auto.json'), 'utf8');
    const before = parseFlowFile(text, 'corpus');
    const after = parseFlowFile(text, 'corpus');
    const prompt = after.content.Actions.find(
      (a) => a.Type === 'MessageParticipant' && a.Parameters['SSML'],
    )!;
    prompt.Parameters['SSML'] = 'Welcome to ACME corporation, now open on Sundays';
    const [block] = diffFlows(before, after).blocks;
    expect(block?.title).toBe('Play prompt “Welcome to ACME corporation, now open o…”');
    expect(block?.identifier).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** A module with an interface (Settings), built on the valid fixture's blocks. */
const moduleWith = (settings: Record<string, unknown>): FlowFile => ({
  ...base(),
  name: 'balance',
  type: 'MODULE',
  content: { ...base().content, Settings: settings },
});
const BEFORE = {
  InputParameters: [
    { ReferenceName: 'accountId', Type: 'String', Required: true },
    { ReferenceName: 'attempts', Type: 'Number' },
  ],
  OutputParameters: [{ ReferenceName: 'balance', Type: 'Number' }],
  Transitions: [{ DisplayName: 'Success', ReferenceName: 'Success' }],
};
const AFTER = {
  InputParameters: [
    { ReferenceName: 'accountId', Type: 'Number', Required: true },
    { ReferenceName: 'currency', Type: 'String' },
  ],
  OutputParameters: [
    { ReferenceName: 'balance', Type: 'Number', Description: 'in cents' },
    { ReferenceName: 'status' },
  ],
  Transitions: [
    { DisplayName: 'Success', ReferenceName: 'Success' },
    { DisplayName: 'Not found', ReferenceName: 'NotFound' },
  ],
};

describe("diffFlows: a module's interface (Settings)", () => {
  it('lists inputs, outputs and results added, removed and changed (type, required, description)', () => {
    const d = diffFlows(moduleWith(BEFORE), moduleWith(AFTER));
    expect(d.change).toBe('changed');
    expect(d.blocks).toEqual([]);
    expect(d.interface).toEqual([
      {
        direction: 'input',
        name: 'accountId',
        change: 'changed',
        fields: ['type'],
        before: 'String, required',
        after: 'Number, required',
      },
      { direction: 'input', name: 'attempts', change: 'removed', before: 'Number' },
      { direction: 'input', name: 'currency', change: 'added', after: 'String' },
      {
        direction: 'output',
        name: 'balance',
        change: 'changed',
        fields: ['description'],
        before: 'Number',
        after: 'Number — in cents',
      },
      { direction: 'output', name: 'status', change: 'added', after: 'String' },
      { direction: 'result', name: 'NotFound', change: 'added', after: 'Not found' },
    ]);
  });

  it('sees a module gaining its first required input, and nothing when the Settings are equal', () => {
    const none = moduleWith({ InputParameters: [], OutputParameters: [], Transitions: [] });
    const one = moduleWith({ InputParameters: [{ Name: 'language', Required: 'true' }] });
    expect(diffFlows(none, one).interface).toEqual([
      { direction: 'input', name: 'language', change: 'added', after: 'String, required' },
    ]);
    expect(
      diffFlows(one, moduleWith({ InputParameters: [{ Name: 'language', Required: false }] })).interface,
    ).toEqual([
      {
        direction: 'input',
        name: 'language',
        change: 'changed',
        fields: ['required'],
        before: 'String, required',
        after: 'String',
      },
    ]);
    expect(diffFlows(moduleWith(BEFORE), moduleWith(structuredClone(BEFORE))).change).toBe('unchanged');
  });
});

describe('flowDiffMarkdown', () => {
  it('reads as a review in a pull request', () => {
    const after = base();
    action(after, 'hello').Parameters['Text'] = 'Hello and welcome.';
    action(after, 'menu').Transitions.Conditions![0]!.NextAction = 'hello';
    expect(flowDiffMarkdown([diffFlows(base(), after)])).toBe(
      [
        '## Contact flow changes',
        '',
        '### `valid` — 2 blocks changed',
        '',
        '- **changed** `hello` — Play prompt',
        '  - prompt: “Hello.” → “Hello and welcome.”',
        '- **changed** `menu` — Get customer input',
        '  - branch **press 1**: `bye` → `hello`',
        '',
      ].join('\n'),
    );
  });

  it("shows a module's interface changes before its blocks", () => {
    expect(flowDiffMarkdown([diffFlows(moduleWith(BEFORE), moduleWith(AFTER))])).toBe(
      [
        '## Contact flow changes',
        '',
        '### `balance` — module interface changed (6 entries)',
        '',
        '- module input **accountId** changed (type): `String, required` → `Number, required`',
        '- module input **attempts** removed (was `Number`)',
        '- module input **currency** added: `String`',
        '- module output **balance** changed (description): `Number` → `Number — in cents`',
        '- module output **status** added: `String`',
        '- module result **NotFound** added: `Not found`',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing changed', () => {
    expect(flowDiffMarkdown([diffFlows(base(), base())])).toBe(
      '## Contact flow changes\n\nNo flow changed.\n',
    );
  });
});

describe('ssmlToText', () => {
  it('keeps the words, drops the tags, decodes entities', () => {
    expect(
      ssmlToText('<speak>You are on hold<break time="2s"/>please <emphasis>wait</emphasis> &lt;3</speak>'),
    ).toBe('You are on hold please wait <3');
  });
});

describe('santral flows diff (a git repository)', () => {
  let repo: string | undefined;
  afterEach(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
    repo = undefined;
  });

  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo!, ...args], {
      stdio: 'pipe',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    });

  function repoWithFlow(): string {
    repo = mkdtempSync(join(tmpdir(), 'santral-flow-diff-'));
    git('init', '-q');
    writeFileSync(join(repo, 'valid.json'), formatFlowFile(base()));
    git('add', '.');
    git('commit', '-qm', 'flow');
    return repo;
  }

  it('compares HEAD with the working tree by default', async () => {
    const dir = repoWithFlow();
    const changed = base();
    action(changed, 'hello').Parameters['Text'] = 'Hi.';
    writeFileSync(join(dir, 'valid.json'), formatFlowFile(changed));
    const r = await runSantral([flowsCommand], ['flows', 'diff', '--dir', dir]);
    expect(r.out).toBe(
      [
        '## Contact flow changes: HEAD → working tree',
        '',
        '### `valid` — 1 block changed',
        '',
        '- **changed** `hello` — Play prompt',
        '  - prompt: “Hello.” → “Hi.”',
      ].join('\n'),
    );
    const json = await runSantral([flowsCommand], ['flows', 'diff', '--dir', dir, '--json']);
    expect(JSON.parse(json.out).flows[0].blocks[0].details).toEqual([
      { what: 'prompt', kind: 'prompt', before: 'Hello.', after: 'Hi.' },
    ]);
  });

  it('compares two revisions with --to', async () => {
    const dir = repoWithFlow();
    const changed = base();
    changed.description = 'Second version';
    writeFileSync(join(dir, 'valid.json'), formatFlowFile(changed));
    git('commit', '-qam', 'second');
    writeFileSync(join(dir, 'valid.json'), 'not even JSON'); // the working tree is not read
    const r = await runSantral(
      [flowsCommand],
      ['flows', 'diff', 'HEAD~1', '--to', 'HEAD', '--dir', dir, '--json'],
    );
    expect(JSON.parse(r.out).flows[0].flow).toEqual([
      { what: 'description', kind: 'parameter', before: 'Validator fixture: valid', after: 'Second version' },
    ]);
  });

  it("prints a module's interface changes in --json", async () => {
    const dir = repoWithFlow();
    writeFileSync(join(dir, 'balance.json'), formatFlowFile(moduleWith(BEFORE)));
    git('add', '.');
    git('commit', '-qm', 'module');
    writeFileSync(join(dir, 'balance.json'), formatFlowFile(moduleWith(AFTER)));
    const r = await runSantral([flowsCommand], ['flows', 'diff', '--dir', dir, '--json']);
    const flows = JSON.parse(r.out).flows as {
      name: string;
      interface: { name: string; change: string }[];
    }[];
    expect(flows.find((f) => f.name === 'balance')!.interface.map((c) => `${c.name} ${c.change}`)).toEqual([
      'accountId changed',
      'attempts removed',
      'currency added',
      'balance changed',
      'status added',
      'NotFound added',
    ]);
    const md = await runSantral([flowsCommand], ['flows', 'diff', '--dir', dir]);
    expect(md.out).toContain(
      '- module input **accountId** changed (type): `String, required` → `Number, required`',
    );
  });

  it('names an unknown revision', async () => {
    const dir = repoWithFlow();
    await expect(
      runSantral([flowsCommand], ['flows', 'diff', 'no-such-branch', '--dir', dir]),
    ).rejects.toThrow(`no-such-branch: not a git revision of`);
  });
});
