/**
 * Colour only on a terminal: never when the output is a file or a pipe, nor with NO_COLOR set
 * (https://no-color.org) or TERM=dumb. Words carry the meaning; colour only helps the eye.
 */
const CODES = { red: 31, green: 32, yellow: 33, bold: 1 } as const;
export type Colour = keyof typeof CODES;

export function colourEnabled(stream: { isTTY?: boolean } = process.stdout): boolean {
  return Boolean(stream.isTTY) && process.env['NO_COLOR'] === undefined && process.env['TERM'] !== 'dumb';
}

export function paint(text: string, colour: Colour, stream: { isTTY?: boolean } = process.stdout): string {
  return colourEnabled(stream) ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}
