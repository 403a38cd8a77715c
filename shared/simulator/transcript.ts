/**
 * The readable side of a simulated call: one line per event, minutes:seconds from the start, phone
 * numbers masked (ARCHITECTURE.md principle 7 — transcripts end up in terminals and CI logs).
 */
import { maskPhoneNumber } from '#shared/domain/phone.ts';
import type { CallEvent, CallOutcome, CallResult, HANG_UP, Keypad } from './types.ts';

/**
 * Mask phone numbers: E.164 anywhere, and long keyed digit runs (a callback number typed on the keypad).
 * Narrower than maskPhoneNumbersInText so dates and ARNs in the transcript stay readable.
 */
export function maskNumbers(text: string): string {
  return text
    .replace(/\+[1-9]\d{6,14}\b/g, (m) => maskPhoneNumber(m))
    .replace(
      /(presses |Number=|number=)(\d{7,15})\b/g,
      (_, p: string, d: string) => `${p}${maskPhoneNumber(d)}`,
    );
}

const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

export function describeOutcome(o: CallOutcome): string {
  switch (o.type) {
    case 'queued':
      return `queued to ${o.queue} at priority ${o.priority}`;
    case 'transferred':
      return `transferred to ${o.number}`;
    case 'callback':
      return `callback to ${o.number} in ${o.queue}`;
    case 'disconnected':
      return o.reason ? `disconnected (${o.reason})` : 'disconnected';
  }
}

export function formatEvent(e: CallEvent): string {
  let line: string;
  switch (e.kind) {
    case 'prompt':
      line = `${e.to === 'agent' ? 'agent hears' : 'caller hears'}${e.voice ? ` [${e.voice}]` : ''}: "${e.text}"`;
      break;
    case 'input':
      line = `⌨ ${e.text}`;
      break;
    case 'lambda':
      line = `λ ${e.text}`;
      break;
    case 'stop':
      line = `STOPPED: ${e.text}`;
      break;
    default:
      line = `· ${e.text}`;
  }
  return `  ${clock(e.seconds).padStart(5)}  ${maskNumbers(line)}`;
}

export function formatTranscript(result: Pick<CallResult, 'events' | 'trace'>): string {
  const lines = result.events.map(formatEvent);
  lines.push(`  ⇒ ${maskNumbers(describeOutcome(result.trace.outcome))}`);
  return lines.join('\n');
}

/**
 * A scripted keypad. A string is consumed key by key: one key per menu, and for stored input up to the
 * block's maximum length or a "#" terminator; "_" means "no input" (the block times out). An array gives
 * each input block its own entry ("" = no input). When the script runs out, input blocks time out.
 */
export class ScriptedKeypad implements Keypad {
  private readonly entries: string[] | undefined;
  private rest: string;

  constructor(script: string | readonly string[] = '') {
    this.entries = Array.isArray(script) ? [...script] : undefined;
    this.rest = typeof script === 'string' ? script : '';
  }

  read(request: { mode: 'digit' | 'digits'; maxLength: number }): string | undefined | typeof HANG_UP {
    if (this.entries) {
      const next = this.entries.shift();
      return next === undefined || next === '' || next === '_' ? undefined : next;
    }
    if (this.rest.length === 0) return undefined;
    if (this.rest[0] === '_') {
      this.rest = this.rest.slice(1);
      return undefined;
    }
    if (request.mode === 'digit') {
      const key = this.rest[0]!;
      this.rest = this.rest.slice(1);
      return key;
    }
    let taken = '';
    while (this.rest.length > 0 && taken.length < request.maxLength) {
      const key = this.rest[0]!;
      this.rest = this.rest.slice(1);
      if (key === '#') break;
      if (key === '_') break;
      taken += key;
    }
    return taken === '' ? undefined : taken;
  }

  /** Keys not consumed by the call. */
  get remaining(): string {
    return this.entries ? this.entries.join(',') : this.rest;
  }
}
