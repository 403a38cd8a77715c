/**
 * Input files of CLI commands: a path, or `-` for standard input (`… | santral ctr ingest -`). Every command
 * that reads a file accepts `-`; messages name it `<stdin>`.
 */
import { readFileSync } from 'node:fs';

export const STDIN = '-';

export const inputName = (file: string) => (file === STDIN ? '<stdin>' : file);

/** The whole input: standard input for `-`, else the file (errors name it and say why). */
export async function readInput(file: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  if (file === STDIN) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
    return Buffer.concat(chunks);
  }
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`${file}: cannot read (${(err as Error).message})`);
  }
}
