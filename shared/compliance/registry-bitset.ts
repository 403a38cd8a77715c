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

/** The bitset slot of an E.164 number, or undefined when the registry layout cannot hold it. */
export function slotOf(e164: string): NumberSlot | undefined {
  if (e164.length === 12 && e164.startsWith('+1')) {
    const area = Number(e164.slice(2, 5));
    const index = Number(e164.slice(5));
    if (!Number.isInteger(area) || !Number.isInteger(index)) return undefined;
    return { areaId: 1000 + area, index };
  }
  if (e164.length === 13 && e164.startsWith('+44')) {
    const area = Number(e164.slice(3, 6));
    const index = Number(e164.slice(6));
    if (!Number.isInteger(area) || !Number.isInteger(index)) return undefined;
    return { areaId: 44_000 + area, index };
  }
  return undefined;
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
