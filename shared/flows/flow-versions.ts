/**
 * The flow files of a folder at a git revision and in the working tree, for `santral flows diff`. Git is
 * read with `git ls-tree` and `git show <ref>:<path>` (no checkout, nothing written).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { flowFilesIn } from './model.ts';

export class GitRevisionError extends Error {
  override name = 'GitRevisionError';
}

function git(repo: string, args: string[]): string {
  try {
    return execFileSync('git', ['-C', repo, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    throw new GitRevisionError(`git ${args.join(' ')}: ${stderr.split('\n')[0] || (err as Error).message}`, {
      cause: err,
    });
  }
}

/** Flow texts by flow name (file name without .json) in `dir` at git revision `ref`. */
export function flowTextsAtRevision(dir: string, ref: string): Map<string, string> {
  if (!existsSync(dir)) throw new GitRevisionError(`${dir}: no such folder`);
  const repo = git(dir, ['rev-parse', '--show-toplevel']).trim();
  try {
    git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch (err) {
    throw new GitRevisionError(`${ref}: not a git revision of ${repo}`, { cause: err });
  }
  const folder = relative(repo, realpathSync(dir)).split('\\').join('/') || '.';
  const listing = git(repo, ['ls-tree', '--name-only', `${ref}`, folder === '.' ? '.' : `${folder}/`]);
  const out = new Map<string, string>();
  for (const path of listing.split('\n').filter((p) => p.endsWith('.json') && !p.endsWith('.scenarios.json')))
    out.set(basename(path, '.json'), git(repo, ['show', `${ref}:${path}`]));
  return out;
}

/** Flow texts by flow name in the working tree. */
export function flowTextsInWorkingTree(dir: string): Map<string, string> {
  return new Map(
    flowFilesIn(dir)
      .filter((f) => existsSync(f))
      .map((f) => [basename(f, '.json'), readFileSync(f, 'utf8')]),
  );
}
