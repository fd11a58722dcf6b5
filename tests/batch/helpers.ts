import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../scripts/clip';

export const ROOT = join(import.meta.dirname, '..', '..');
export const tmp = (prefix = 'batch-') => mkdtempSync(join(tmpdir(), prefix));

/** The CLI's main() in this process, its output captured (no terminal: plain progress lines). */
export async function clipMain(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** Every file below `dir`, hidden ones (the journal, temp files) included, relative paths. */
export function allFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

export const posts = (dir: string) => allFiles(dir).filter((f) => f.endsWith('.md') && !f.split('/').some((p) => p.startsWith('.')));

/** The `title:` of each post, as the YAML wrote it. */
export function titles(dir: string): string[] {
  return posts(dir).map((f) => /^title: (.*)$/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1] ?? '');
}

export const jsonLines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string | null>);

export const mtime = (p: string) => statSync(p).mtimeMs;
