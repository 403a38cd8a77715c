/**
 * Flow files' formatting, checked by `santral flows validate` and fixed by `santral flows format`.
 *
 * Two levels, because they fail differently:
 * - **Biome's layout** (error): `npm test` runs `biome check .`, which rejects any file in the repository
 *   Biome would print differently. The check asks Biome itself (the repository's biome.json), so it
 *   rejects exactly what `npm test` rejects.
 * - **Canonical form** (warning): the key order and fully expanded layout that `flows pull` and
 *   `flows format` write (model.ts › formatFlowFile), so a pulled flow is byte-identical to the file it was
 *   deployed from and a designer round trip shows only real changes in `flows diff`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { REPO_ROOT } from '#shared/config/load.ts';
import { formatFlowFile, parseFlowFile } from './model.ts';
import type { FlowIssue } from './validator.ts';

export class BiomeUnavailableError extends Error {
  override name = 'BiomeUnavailableError';
}

function biomeBin(): string | undefined {
  try {
    const bin = createRequire(`${REPO_ROOT}/package.json`).resolve('@biomejs/biome/bin/biome');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What Biome prints for `text` as a JSON file of contact-flows/ (the repository's settings apply);
 * `undefined` when Biome cannot parse it (the validator reports the JSON error).
 */
export function biomeFormat(text: string, file: string): Promise<string | undefined> {
  const bin = biomeBin();
  if (!bin) return Promise.reject(new BiomeUnavailableError('Biome is not installed (npm ci installs it)'));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [bin, 'format', `--stdin-file-path=contact-flows/${basename(file)}`],
      {
        cwd: REPO_ROOT,
        stdio: ['pipe', 'pipe', 'ignore'],
      },
    );
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', (err) =>
      reject(new BiomeUnavailableError(`Biome could not run: ${err.message}`, { cause: err })),
    );
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(out).toString('utf8') : undefined));
    child.stdin.end(text);
  });
}

/** The canonical text of a flow file's text; throws FlowFileError when it is not a flow file. */
export function canonicalFlowText(text: string, file: string): string {
  return formatFlowFile(parseFlowFile(text, file));
}

/** Formatting findings for one flow file's text (none for text that is not a flow file: the validator says why). */
export async function formattingIssues(text: string, file: string): Promise<FlowIssue[]> {
  let canonical: string;
  try {
    canonical = canonicalFlowText(text, file);
  } catch {
    return [];
  }
  if (text === canonical) return [];
  const fix = `run \`npx santral flows format ${file}\``;
  const biome = await biomeFormat(text, file).catch((err: Error) => err);
  if (biome instanceof Error)
    return [
      { severity: 'warning', rule: 'format', file, message: `formatting not checked: ${biome.message}` },
    ];
  if (biome !== undefined && biome !== text)
    return [
      {
        severity: 'error',
        rule: 'format',
        file,
        message: `not formatted the way \`npm test\` (biome check) requires; ${fix}`,
      },
    ];
  return [
    {
      severity: 'warning',
      rule: 'format',
      file,
      message: `not in the canonical form \`flows pull\` writes (key order, expanded layout), so a designer round trip would rewrite it; ${fix}`,
    },
  ];
}
