import { describe, expect, it } from 'vitest';
import {
  findReferences,
  resolveReferences,
  scanReferences,
  UnresolvedReferenceError,
} from '#shared/flows/references.ts';

const doc = () => ({
  Version: '2019-10-30',
  StartAction: 'lookup',
  Metadata: { ActionMetadata: { q: { queue: { text: '${Queue:Support TR}' } } } },
  Actions: [
    {
      Identifier: 'lookup',
      Type: 'InvokeLambdaFunction',
      Parameters: { LambdaFunctionARN: '${Lambda:ivr-lookup}', InvocationTimeLimitSeconds: '3' },
      Transitions: {},
    },
    {
      Identifier: 'say',
      Type: 'MessageParticipant',
      Parameters: { SSML: '<speak>${Prompt:hold-music} and ${Hours:Main}</speak>' },
      Transitions: {},
    },
  ],
});

describe('findReferences', () => {
  it('finds whole-string and embedded references with their action and path', () => {
    const refs = findReferences(doc());
    expect(refs.map((r) => [r.kind, r.name, r.action, r.path])).toEqual([
      ['Queue', 'Support TR', undefined, 'Metadata.ActionMetadata.q.queue.text'],
      ['Lambda', 'ivr-lookup', 'lookup', 'Actions[0].Parameters.LambdaFunctionARN'],
      ['Prompt', 'hold-music', 'say', 'Actions[1].Parameters.SSML'],
      ['Hours', 'Main', 'say', 'Actions[1].Parameters.SSML'],
    ]);
  });

  it('reports unknown kinds and unterminated placeholders as malformed', () => {
    const { malformed } = scanReferences({
      Actions: [{ Identifier: 'a', X: '${Queu:Support}', Y: '${Queue:' }],
    });
    expect(malformed.map((m) => [m.action, m.problem.split(';')[0]])).toEqual([
      ['a', 'unknown reference kind "Queu"'],
      ['a', 'malformed reference'],
    ]);
  });
});

describe('resolveReferences', () => {
  it('replaces every reference through the resolver and leaves the input untouched', () => {
    const input = doc();
    const out = resolveReferences(input, (kind, name) => `arn:${kind}/${name}`);
    expect(out.Actions[0]?.Parameters.LambdaFunctionARN).toBe('arn:Lambda/ivr-lookup');
    expect(out.Actions[1]?.Parameters.SSML).toBe('<speak>arn:Prompt/hold-music and arn:Hours/Main</speak>');
    expect(input.Actions[0]?.Parameters.LambdaFunctionARN).toBe('${Lambda:ivr-lookup}');
  });

  it('throws one error naming every unresolved reference and its action', () => {
    const resolve = () =>
      resolveReferences(doc(), (kind, name) => (kind === 'Lambda' ? undefined : name), 'inbound-main');
    expect(resolve).toThrow(UnresolvedReferenceError);
    expect(resolve).toThrow(/flow "inbound-main": cannot resolve \$\{Lambda:ivr-lookup\} at action lookup/);
  });

  it('treats a throwing resolver as unresolved and keeps the cause', () => {
    try {
      resolveReferences(doc(), () => {
        throw new Error('no such queue');
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UnresolvedReferenceError);
      expect(((err as Error).cause as Error).message).toBe('no such queue');
    }
  });
});
