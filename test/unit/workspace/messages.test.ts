import { describe, expect, it } from 'vitest';
import { toLocale } from '../../../workspace/src/contact/source.ts';
import { MESSAGES } from '../../../workspace/src/i18n/messages.ts';

/** Every leaf of a message table, as [path, rendered text] (functions called with a sample argument). */
function leaves(table: object, prefix = ''): [string, string][] {
  return Object.entries(table).flatMap(([k, v]): [string, string][] => {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'function') return [[path, String((v as (...a: string[]) => string)('X', 'Y'))]];
    if (typeof v === 'object' && v) return leaves(v, path);
    return [[path, String(v)]];
  });
}

describe('workspace message tables', () => {
  it('Turkish has the same keys as English and no empty string except the idle note status', () => {
    const en = leaves(MESSAGES.en);
    const tr = leaves(MESSAGES.tr);
    expect(tr.map(([k]) => k)).toEqual(en.map(([k]) => k));
    const empty = [...en, ...tr].filter(([, v]) => v === '').map(([k]) => k);
    expect(empty).toEqual(['noteStatus.idle', 'noteStatus.idle']);
  });

  it('Turkish is translated, not copied (labels that are the same word in both are listed)', () => {
    const en = new Map(leaves(MESSAGES.en));
    const same = leaves(MESSAGES.tr)
      .filter(([k, v]) => v !== '' && en.get(k) === v)
      .map(([k]) => k);
    // Functions that pass an unknown value through unchanged (a tier or mode not in the table).
    expect(same).toEqual(['tier', 'mode']);
  });

  it('maps BCP 47 tags and Connect locales to the app locale', () => {
    expect(toLocale('tr-TR')).toBe('tr');
    expect(toLocale('tr_TR')).toBe('tr');
    expect(toLocale('en-US')).toBe('en');
    expect(toLocale('de-DE')).toBeUndefined();
    expect(toLocale(undefined)).toBeUndefined();
  });
});
