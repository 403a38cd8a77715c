/**
 * "Did you mean …?" for the admin's typos: the closest known word by edit distance (keys, enum values,
 * time zones), so `maxContact` points at `maxContacts` and `America/Los_Angles` at `America/Los_Angeles`.
 */

/** Levenshtein distance (insert, delete, substitute), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (s[i - 1] === t[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[t.length] ?? 0;
}

/**
 * The candidate closest to `word`, when it is close enough to be a typo: at most a third of the word's
 * length (minimum 2) edits away. A tie keeps the first candidate, so callers list the likeliest first.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** ` — did you mean "x"?` or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const m = closestMatch(word, candidates);
  return m === undefined ? '' : ` — did you mean "${m}"?`;
}

let zones: readonly string[] | undefined;
/** The IANA zones this runtime knows (Intl.supportedValuesOf), for suggestions. */
export function knownTimeZones(): readonly string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zones;
}
