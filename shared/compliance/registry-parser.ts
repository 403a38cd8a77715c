/**
 * Tolerant, streaming parser for do-not-call registry flat files (FTC full and change lists, state lists,
 * UK TPS). The exact column order of change lists is documented only inside the subscriber portal, so:
 * - a number is 10 digits (`NPANXXXXXX`, optionally prefixed `1`) or two columns `NPA,NXXXXXX`
 *   (UK: `07…`, `447…` or `+447…`, 10-digit national number);
 * - the add/delete flag sits in a configurable 1-based column (default: the last one), `A`/`D` or
 *   `Add`/`Delete` in any case;
 * - a BOM, CRLF line ends, surrounding quotes/spaces and empty lines are accepted;
 * - anything else is malformed: the whole file is rejected and every problem (up to a limit) is
 *   reported with its line number. A partly understood registry file is never applied.
 *
 * Works on bytes (not strings) for the common line shapes: ≥ 2 M numbers/s is the target.
 */

export type RegistryFileKind = 'full' | 'change';
export type NumberPlan = 'NANP' | 'GB';

export interface RegistryParseOptions {
  kind: RegistryFileKind;
  /** 1-based column of the add/delete flag in change lists; default: the last column. */
  flagColumn?: number;
  plan?: NumberPlan;
  /** Stop collecting problems after this many (the file is rejected anyway). */
  maxErrors?: number;
}

export interface RegistryLineError {
  line: number;
  message: string;
}

/** areaId = countryCode * 1000 + area code; index = the remaining 7 digits. */
export type RegistryRecordSink = (areaId: number, index: number, add: boolean) => void;

const MAX_LINE_BYTES = 512;
const NL = 10;
const CR = 13;
const COMMA = 44;
const D0 = 48;
const D9 = 57;

export class RegistryParser {
  readonly errors: RegistryLineError[] = [];
  errorCount = 0;
  lines = 0;
  records = 0;
  private carry: Uint8Array | undefined;
  private carryOverflow = false;
  private first = true;
  private readonly maxErrors: number;
  private readonly plan: NumberPlan;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly options: RegistryParseOptions,
    private readonly sink: RegistryRecordSink,
  ) {
    this.maxErrors = options.maxErrors ?? 50;
    this.plan = options.plan ?? 'NANP';
  }

  push(chunk: Uint8Array): void {
    let buf = chunk;
    let start = 0;
    if (this.first) {
      this.first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    }
    if (this.carry) {
      const nl = buf.indexOf(NL, start);
      if (nl < 0) {
        this.appendCarry(buf.subarray(start));
        return;
      }
      this.appendCarry(buf.subarray(start, nl));
      const line = this.carry;
      this.carry = undefined;
      const overflow = this.carryOverflow;
      this.carryOverflow = false;
      this.line(line, 0, line.length, overflow);
      start = nl + 1;
    }
    buf = buf.subarray(0);
    const len = buf.length;
    while (start < len) {
      const nl = buf.indexOf(NL, start);
      if (nl < 0) {
        this.appendCarry(buf.subarray(start));
        return;
      }
      this.line(buf, start, nl, false);
      start = nl + 1;
    }
  }

  end(): void {
    if (this.carry) {
      const line = this.carry;
      this.carry = undefined;
      this.line(line, 0, line.length, this.carryOverflow);
    }
  }

  get ok(): boolean {
    return this.errorCount === 0;
  }

  private appendCarry(part: Uint8Array): void {
    if (this.carryOverflow) return;
    const prev = this.carry ?? new Uint8Array(0);
    if (prev.length + part.length > MAX_LINE_BYTES) {
      // Keep only a prefix: the line is malformed anyway, and a 1 MB line must not be buffered.
      this.carryOverflow = true;
      this.carry = prev;
      return;
    }
    const next = new Uint8Array(prev.length + part.length);
    next.set(prev, 0);
    next.set(part, prev.length);
    this.carry = next;
  }

  private fail(message: string): void {
    this.errorCount++;
    if (this.errors.length < this.maxErrors) this.errors.push({ line: this.lines, message });
  }

  private line(buf: Uint8Array, s: number, e: number, overflow: boolean): void {
    this.lines++;
    if (overflow || e - s > MAX_LINE_BYTES) {
      this.fail(`line longer than ${MAX_LINE_BYTES} bytes`);
      return;
    }
    if (e > s && buf[e - 1] === CR) e--;
    if (e === s) return; // empty line
    // Fast paths (full lists): "NPANXXXXXX" and "NPA,NXXXXXX".
    if (this.options.kind === 'full' && this.plan === 'NANP') {
      const n = e - s;
      if (n === 10 && allDigits(buf, s, e)) {
        this.nanp(digitsToInt(buf, s, s + 3), digitsToInt(buf, s + 3, e));
        return;
      }
      if (n === 11 && buf[s + 3] === COMMA && allDigits(buf, s, s + 3) && allDigits(buf, s + 4, e)) {
        this.nanp(digitsToInt(buf, s, s + 3), digitsToInt(buf, s + 4, e));
        return;
      }
    }
    this.slowLine(this.decoder.decode(buf.subarray(s, e)));
  }

  private nanp(npa: number, rest: number): void {
    if (npa < 200) {
      this.fail(`area code ${String(npa).padStart(3, '0')} is not a NANP area code`);
      return;
    }
    if (rest < 2_000_000) {
      this.fail('exchange (NXX) must start with 2–9');
      return;
    }
    this.records++;
    this.sink(1000 + npa, rest, true);
  }

  private slowLine(text: string): void {
    const fields = text.split(',').map((f) =>
      f
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    );
    if (fields.every((f) => f === '')) return; // a line of only separators/spaces counts as empty
    const parsed = this.plan === 'NANP' ? parseNanpFields(fields) : parseGbFields(fields);
    if (typeof parsed === 'string') {
      this.fail(parsed);
      return;
    }
    const { areaId, index, used } = parsed;
    let add = true;
    if (this.options.kind === 'change') {
      const col = this.options.flagColumn ?? fields.length;
      if (col <= used) {
        this.fail(`flag column ${col} overlaps the phone number column(s)`);
        return;
      }
      const flag = fields[col - 1];
      if (flag === undefined) {
        this.fail(`expected an add/delete flag in column ${col}, found ${fields.length} columns`);
        return;
      }
      const f = flag.toUpperCase();
      if (f === 'A' || f === 'ADD') add = true;
      else if (f === 'D' || f === 'DELETE' || f === 'DEL') add = false;
      else {
        this.fail(`column ${col}: expected A/D or Add/Delete, found "${truncate(flag)}"`);
        return;
      }
    } else if (fields.length > used) {
      this.fail(`unexpected extra column(s) after the number in a full list: "${truncate(text)}"`);
      return;
    }
    if (this.plan === 'NANP') {
      const npa = areaId - 1000;
      if (npa < 200) {
        this.fail(`area code ${String(npa).padStart(3, '0')} is not a NANP area code`);
        return;
      }
      if (index < 2_000_000) {
        this.fail('exchange (NXX) must start with 2–9');
        return;
      }
    }
    this.records++;
    this.sink(areaId, index, add);
  }
}

function parseNanpFields(fields: string[]): { areaId: number; index: number; used: number } | string {
  const a = fields[0] ?? '';
  const digits = a.replace(/^\+/, '');
  if (/^1?\d{10}$/.test(digits)) {
    const ten = digits.length === 11 ? digits.slice(1) : digits;
    return { areaId: 1000 + Number(ten.slice(0, 3)), index: Number(ten.slice(3)), used: 1 };
  }
  const b = fields[1] ?? '';
  if (/^\d{3}$/.test(a) && /^\d{7}$/.test(b)) return { areaId: 1000 + Number(a), index: Number(b), used: 2 };
  return `expected a 10-digit number or "NPA,NXXXXXX", found "${truncate(fields.slice(0, 2).join(','))}"`;
}

function parseGbFields(fields: string[]): { areaId: number; index: number; used: number } | string {
  const raw = (fields[0] ?? '').replace(/[\s-]/g, '');
  let nsn: string | undefined;
  if (/^0\d{10}$/.test(raw)) nsn = raw.slice(1);
  else if (/^\+?44\d{10}$/.test(raw)) nsn = raw.replace(/^\+?44/, '');
  if (!nsn) return `expected a UK number with a 10-digit national number, found "${truncate(raw)}"`;
  return { areaId: 44_000 + Number(nsn.slice(0, 3)), index: Number(nsn.slice(3)), used: 1 };
}

const truncate = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

function allDigits(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if (c < D0 || c > D9) return false;
  }
  return true;
}

function digitsToInt(buf: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) n = n * 10 + (buf[i]! - D0);
  return n;
}
