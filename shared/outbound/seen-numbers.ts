/**
 * The numbers a list has already given (the `duplicate` category). A million-row list holds a million
 * numbers here for the whole scrub: NANP numbers (`+1` and 10 digits, nearly every row of a US list) are kept
 * as their 10-digit value in an open-addressing table of doubles (exact below 2⁵³), so they cost 8 bytes each
 * and no string the garbage collector must copy and promote; any other number is kept as its string.
 */
export class SeenNumbers {
  private table = new Float64Array(1 << 16);
  private used = 0;
  private readonly others = new Set<string>();

  /** true when `e164` was added before; otherwise adds it and returns false. */
  addIfNew(e164: string): boolean {
    const n = nanpValue(e164);
    if (n < 0) {
      if (this.others.has(e164)) return false;
      this.others.add(e164);
      return true;
    }
    // Slot value 0 = empty: NANP values are ≥ 2_000_000_000 (area codes start 2–9).
    const mask = this.table.length - 1;
    let i = hash(n) & mask;
    for (;;) {
      const v = this.table[i]!;
      if (v === 0) break;
      if (v === n) return false;
      i = (i + 1) & mask;
    }
    this.table[i] = n;
    if (++this.used * 2 > this.table.length) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    const mask = this.table.length - 1;
    for (const v of old) {
      if (v === 0) continue;
      let i = hash(v) & mask;
      while (this.table[i] !== 0) i = (i + 1) & mask;
      this.table[i] = v;
    }
  }
}

/** The 10 digits of a `+1` number as a value ≥ 2·10⁹, or -1 for anything else. */
function nanpValue(e164: string): number {
  if (e164.length !== 12 || e164.charCodeAt(0) !== 43 || e164.charCodeAt(1) !== 49) return -1;
  let n = 0;
  for (let i = 2; i < 12; i++) {
    const d = e164.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n >= 2_000_000_000 ? n : -1;
}

function hash(n: number): number {
  const lo = (n % 4_294_967_296) | 0;
  const hi = Math.floor(n / 4_294_967_296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
}
