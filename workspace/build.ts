/**
 * Builds the workspace app with esbuild into `workspace/dist/` (git-ignored): one ES-module bundle per
 * entry point (the Connect SDK app, the Streams page, the sandbox agent page and the CCP stand-in) with the
 * code they share split into common chunks, so a further entry (the supervisor console) shares components,
 * the API client and the build by adding one line to ENTRIES. `npm start`, the browser tests and the bench
 * call `buildWorkspace()`; `npm run build:workspace` runs it by hand.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
export const WORKSPACE_DIST = join(HERE, 'dist');

/** Entry name → source. The page `<name>.html` loads `<entry>.js`. */
export const ENTRIES = {
  'connect-app': 'src/entries/connect-app.tsx',
  'streams-page': 'src/entries/streams-page.tsx',
  'sandbox-agent': 'src/entries/sandbox-agent.tsx',
  'ccp-stand-in': 'src/entries/ccp-stand-in.tsx',
  'supervisor-console': 'src/entries/supervisor-console.tsx',
} as const;

export type EntryName = keyof typeof ENTRIES;

export interface WorkspaceBuild {
  outdir: string;
  metafile: Metafile;
  /** For each entry: every JS file a browser loads for it (entry + imported chunks), relative to outdir. */
  jsFiles: Record<EntryName, string[]>;
}

export async function buildWorkspace(
  options: { outdir?: string; minify?: boolean } = {},
): Promise<WorkspaceBuild> {
  const outdir = options.outdir ?? WORKSPACE_DIST;
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'vendor'), { recursive: true });
  const result = await build({
    absWorkingDir: HERE,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES)),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(HERE, 'tsconfig.json'),
    metafile: true,
    logLevel: 'silent',
    legalComments: 'linked',
  });
  const pages = join(HERE, 'src/pages');
  for (const f of readdirSync(pages)) copyFileSync(join(pages, f), join(outdir, f));
  // Streams ships as one prebuilt script that defines the global `connect` (its README); it stays a file of
  // its own, loaded by streams.html only.
  const require = createRequire(import.meta.url);
  const streams = join(dirname(require.resolve('amazon-connect-streams')), 'connect-streams-min.js');
  copyFileSync(streams, join(outdir, 'vendor/connect-streams-min.js'));
  return { outdir, metafile: result.metafile, jsFiles: entryFiles(result.metafile, outdir) };
}

function entryFiles(meta: Metafile, outdir: string): Record<EntryName, string[]> {
  const rel = (p: string) =>
    p.slice(p.lastIndexOf(outdir.split('/').pop()!) + outdir.split('/').pop()!.length + 1);
  const byOut = new Map(Object.entries(meta.outputs).map(([path, o]) => [rel(path), o]));
  const out = {} as Record<EntryName, string[]>;
  for (const name of Object.keys(ENTRIES) as EntryName[]) {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const imp of byOut.get(file)?.imports ?? [])
        if (imp.kind === 'import-statement') visit(rel(imp.path));
    };
    visit(`${name}.js`);
    out[name] = [...seen];
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const b = await buildWorkspace();
  console.log(`workspace built into ${b.outdir}`);
}
