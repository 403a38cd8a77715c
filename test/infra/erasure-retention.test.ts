/**
 * The erasure Lambda knows the interactions retention: an anonymised contact whose original had no TTL gets
 * initiation + retention.interactionsDays (shared/interactions/anonymise.ts), the same days the CTR processor
 * uses for retainUntil.
 */
import { describe, expect, it } from 'vitest';
import { exampleConfig, synth } from './support.ts';

describe('erasure function: retention for anonymised contacts', () => {
  const config = exampleConfig('dev');
  config.retention.interactionsDays = 777;
  const { template } = synth(config);
  const fns = template.findResources('AWS::Lambda::Function');
  const envOf = (idPrefix: string) => {
    const entry = Object.entries(fns).find(([id]) => id.startsWith(idPrefix) && !id.includes('Hmac'));
    return entry?.[1]['Properties'].Environment?.Variables as Record<string, unknown> | undefined;
  };

  it('passes retention.interactionsDays to the erasure function as to the CTR processor', () => {
    expect(envOf('InteractionsErasure')?.['INTERACTIONS_RETENTION_DAYS']).toBe('777');
    expect(envOf('InteractionsCtrProcessor')?.['INTERACTIONS_RETENTION_DAYS']).toBe('777');
  });
});
