/**
 * A person at the keypad: the sandbox's interactive mode. Prompts print as they are spoken (the engine's
 * onEvent), and each input block asks for keys: digits, Enter for "no input" (the block times out), or
 * "h" to hang up.
 */
import type { Interface } from 'node:readline/promises';
import { HANG_UP, type InputRequest, type Keypad } from './types.ts';

export class TerminalKeypad implements Keypad {
  constructor(private readonly rl: Interface) {}

  async read(request: InputRequest): Promise<string | undefined | typeof HANG_UP> {
    const what =
      request.mode === 'digit' ? 'press a key' : `enter up to ${request.maxLength} digits, # to finish`;
    const answer = (await this.rl.question(`        ⌨  ${what} (Enter = no input, h = hang up): `)).trim();
    if (answer.toLowerCase() === 'h') return HANG_UP;
    if (answer === '') return undefined;
    const keys = answer.replace(/[^0-9*#]/g, '');
    if (request.mode === 'digit') return keys.slice(0, 1) || undefined;
    const upToTerminator = keys.split('#')[0] ?? '';
    return upToTerminator.slice(0, request.maxLength) || undefined;
  }
}
