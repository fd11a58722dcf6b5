/**
 * The batch worker as one plain JavaScript file, built by esbuild once and kept under
 * `node_modules/.cache/hexo-clipper/` while its sources stay the same. A worker that loaded the
 * TypeScript through tsx spent seconds of each run's start compiling and resolving modules
 * through tsx's hooks, in every thread; the bundle loads as plain ESM, packages from node_modules.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
const ROOT = join(dirname(ENTRY), '..', '..');
/** Inside node_modules, so that the bundle's imports of packages resolve as the sources' do. */
const CACHE = join(ROOT, 'node_modules', '.cache', 'hexo-clipper');
const MANIFEST = join(CACHE, 'batch-worker.json');

interface Manifest {
  bundle: string;
  /** Each source file the bundle was built from (relative to the project), with its hash. */
  inputs: Record<string, string>;
}

const hash = (data: Buffer | string) => createHash('sha256').update(data).digest('hex').slice(0, 16);

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** The cached bundle, when every source it was built from is unchanged. */
function cached(): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    for (const [file, sum] of Object.entries(manifest.inputs)) if (hash(readFileSync(join(ROOT, file))) !== sum) return undefined;
    const bundle = join(CACHE, manifest.bundle);
    readFileSync(bundle);
    return bundle;
  } catch {
    return undefined;
  }
}

function build(): string {
  // esbuild is a development dependency, as tsx is: loaded only when the cache is stale.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    outfile: join(CACHE, 'batch-worker.mjs'),
    logLevel: 'silent',
  });
  const code = (result.outputFiles[0] as { text: string }).text;
  const inputs: Record<string, string> = {};
  for (const file of Object.keys(result.metafile.inputs)) inputs[file] = hash(readFileSync(join(ROOT, file)));
  const name = `batch-worker-${hash(code)}.mjs`;
  mkdirSync(CACHE, { recursive: true });
  // The bundle first, then the manifest naming it: a run stopped between the two rebuilds.
  writeAtomic(join(CACHE, name), code);
  writeAtomic(MANIFEST, JSON.stringify({ bundle: name, inputs } satisfies Manifest));
  return join(CACHE, name);
}

/**
 * The worker's entry to start threads with: the bundle, else (no esbuild, a read-only folder)
 * the TypeScript through tsx as before, slower to start but the same code.
 */
export function workerEntry(): URL {
  try {
    return pathToFileURL(cached() ?? build());
  } catch {
    return new URL('./worker-entry.mjs', import.meta.url);
  }
}
