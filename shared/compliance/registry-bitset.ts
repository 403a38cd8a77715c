/**
 * Exact registry storage: one bitset per area code. A NANP number is NPA + 7 digits, so one area code
 * holds 10⁷ possible numbers = 10⁷ bits = 1.25 MB; a lookup is one memory access, deletes are exact, and
 * a verdict can name the source that matched (a Bloom filter can do neither: see outbound-compliance.md).
 *
 * Areas are identified by a number `countryCode * 1000 + areaCode` (1206 = +1 206, 44770 = +44 770) and
 * named `1-206`, `44-770` in storage. UK numbers use the first three digits of their 10-digit national
 * number as the "area" (TPS); numbers of other lengths are not representable and fail closed upstream.
 */

export const AREA_BITS = 10_000_000;
export const AREA_BYTES = AREA_BITS / 8;

export interface NumberSlot {
  /** countryCode * 1000 + area code. */
  areaId: number;
  /** The remaining 7 digits as a number 0..9_999_999. */
  index: number;
}

export const areaName = (areaId: number): string =>
  `${Math.floor(areaId / 1000)}-${String(areaId % 1000).padStart(3, '0')}`;

export function parseAreaName(name: string): number | undefined {
  const m = /^(\d{1,3})-(\d{3})$/.exec(name);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}

/**
 * The area id of an E.164 number the registry layout can hold (`+1` + 10 digits → 1000 + NPA, `+44` +
 * 10 digits → 44_000 + the first three), or -1; the bit index is `slotIndexOf`. Digits only, read in place
 * with no substring or object: this runs once per registry lookup, so each digit is read independently
 * (no serial multiply chain) and checked in one comparison.
 */
export function slotAreaOf(e164: string): number {
  const len = e164.length;
  if (e164.charCodeAt(0) !== 43 /* + */) return -1;
  if (len === 12 && e164.charCodeAt(1) === 49) return allDigits(e164, 2) ? 1000 + threeDigits(e164, 2) : -1;
  if (len === 13 && e164.charCodeAt(1) === 52 && e164.charCodeAt(2) === 52)
    return allDigits(e164, 3) ? 44_000 + threeDigits(e164, 3) : -1;
  return -1;
}

/** The bit index (the 7 digits after the area) of a number `slotAreaOf` accepted. */
export function slotIndexOf(e164: string): number {
  const at = e164.length - 7;
  return (
    (e164.charCodeAt(at) - 48) * 1_000_000 +
    (e164.charCodeAt(at + 1) - 48) * 100_000 +
    (e164.charCodeAt(at + 2) - 48) * 10_000 +
    (e164.charCodeAt(at + 3) - 48) * 1000 +
    (e164.charCodeAt(at + 4) - 48) * 100 +
    (e164.charCodeAt(at + 5) - 48) * 10 +
    (e164.charCodeAt(at + 6) - 48)
  );
}

function threeDigits(s: string, at: number): number {
  return (s.charCodeAt(at) - 48) * 100 + (s.charCodeAt(at + 1) - 48) * 10 + (s.charCodeAt(at + 2) - 48);
}

/** Every character from `at` to the end is 0–9. */
function allDigits(s: string, at: number): boolean {
  let bad = 0;
  for (let i = at; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bad |= (c - 48) | (57 - c);
  }
  return bad >= 0;
}

/** The bitset slot of an E.164 number, or undefined when the registry layout cannot hold it. */
export function slotOf(e164: string): NumberSlot | undefined {
  const areaId = slotAreaOf(e164);
  return areaId < 0 ? undefined : { areaId, index: slotIndexOf(e164) };
}

export const newAreaBitset = (): Uint8Array => new Uint8Array(AREA_BYTES);

export function setBit(bits: Uint8Array, index: number): void {
  bits[index >>> 3]! |= 1 << (index & 7);
}

export function clearBit(bits: Uint8Array, index: number): void {
  bits[index >>> 3]! &= ~(1 << (index & 7));
}

export function hasBit(bits: Uint8Array, index: number): boolean {
  return ((bits[index >>> 3]! >>> (index & 7)) & 1) === 1;
}

const POPCOUNT = new Uint8Array(256);
for (let i = 0; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >>> 1]!;

/** Number of set bits (registered numbers in the area). */
export function countBits(bits: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) n += POPCOUNT[bits[i]!]!;
  return n;
}
