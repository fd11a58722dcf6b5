/**
 * `--reclean DIR`: every post under DIR through `recleanPost`, on the worker pool. A dry run prints
 * what would go; `--in-place` rewrites the changed posts where they are; `--out DIR` receives the
 * changed posts under the same relative paths (the archive itself stays as it was).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { RemovalCode } from '../core/types';
import { reasonText, removedItem } from '../i18n';
import { cliTranslate } from './i18n';
import type { Pool } from './pool';
import type { Progress } from './progress';
import type { RecleanOptions } from './reclean';
import type { RecleanTaskResult } from './tasks';

export interface RecleanRun {
  dir: string;
  mode: { kind: 'dry-run' } | { kind: 'in-place' } | { kind: 'out'; dir: string };
  options: RecleanOptions;
  pool: Pool;
  progress: Progress;
  concurrency: number;
  /** One JSON line per post instead of text, with --json. */
  json?: (line: object) => void;
  /** Per-post details of a dry run. */
  print: (line: string) => void;
  signal?: AbortSignal;
}

export interface RecleanSummary {
  posts: number;
  changed: number;
  unparseable: { file: string; message: string }[];
  /** How many of each removal, by code. */
  removed: Partial<Record<RemovalCode, number>>;
}

/** Markdown posts below `dir`, skipping hidden folders (`.git`, the journal's temp files). */
export function listPosts(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|markdown)$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export async function runReclean(run: RecleanRun): Promise<RecleanSummary> {
  if (!statSync(run.dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--reclean: ${run.dir} is not a folder`);
  const files = listPosts(run.dir);
  run.progress.setTotal(files.length);
  const summary: RecleanSummary = { posts: files.length, changed: 0, unparseable: [], removed: {} };
  let next = 0;
  const lane = async () => {
    while (next < files.length && !run.signal?.aborted) {
      const file = files[next++] as string;
      const rel = relative(run.dir, file);
      const target = run.mode.kind === 'in-place' ? file : run.mode.kind === 'out' ? resolve(run.mode.dir, rel) : undefined;
      const result = await run.pool.run<RecleanTaskResult>({ kind: 'reclean', path: file, target, options: run.options });
      if (!result.ok) {
        summary.unparseable.push({ file: rel, message: result.message });
        run.json?.({ input: rel, status: 'failed', reason: result.reason, message: result.message });
        run.progress.item(`${rel} ✗ left untouched: ${result.message}`, true);
        continue;
      }
      if (result.changed) summary.changed++;
      for (const r of result.removed) summary.removed[r.code] = (summary.removed[r.code] ?? 0) + 1;
      const what = [
        ...result.removed.map((r) => (r.text || r.src ? `${reasonText(r.code, undefined, cliTranslate())}${r.text ? ` “${r.text.slice(0, 40)}${r.text.length > 40 ? '…' : ''}”` : ''}${r.src ? ` ${r.src}` : ''}` : removedItem(r, cliTranslate()))),
        ...result.frontMatter.map((c) => (c.to === undefined ? `${c.key} dropped` : `${c.key} → ${c.to}`)),
      ];
      run.json?.({ input: rel, status: result.changed ? (run.mode.kind === 'dry-run' ? 'would-change' : 'written') : 'unchanged', removed: result.removed, frontMatter: result.frontMatter, file: result.written ? relative(process.cwd(), result.written) : undefined });
      if (run.mode.kind === 'dry-run' && what.length && !run.json) run.print(`${rel}\n${what.map((w) => `  - ${w}`).join('\n')}\n`);
      run.progress.item(`${rel}${result.changed ? ` (${what.length} change${what.length > 1 ? 's' : ''})` : ' unchanged'}`, false);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(run.concurrency, files.length)) }, lane));
  return summary;
}

export function recleanSummaryText(s: RecleanSummary, mode: RecleanRun['mode']): string {
  const verb = mode.kind === 'dry-run' ? 'would change' : mode.kind === 'in-place' ? 'changed in place' : `written to ${mode.dir}`;
  const parts = (Object.entries(s.removed) as [RemovalCode, number][]).map(([code, count]) => reasonText(code, { count }, cliTranslate()));
  const lines = [`reclean: ${s.posts} posts, ${s.changed} ${verb}${parts.length ? ` (${parts.join(', ')})` : ''}, ${s.unparseable.length} left untouched`];
  for (const u of s.unparseable) lines.push(`  unparseable: ${u.file}: ${u.message}`);
  return `${lines.join('\n')}\n`;
}
