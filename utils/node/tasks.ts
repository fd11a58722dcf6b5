/**
 * The work one batch item costs CPU for, run in a worker thread (or in-process with one job):
 * a page through the pipeline, or an archive post through re-cleaning. Each host of these tasks
 * owns its own jsdom window; each page is a document of its own in it, dropped after its item,
 * and the window is renewed now and then, so memory stays flat over a batch.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ImageFailure } from '../core/assets';
import { formatIso } from '../core/date';
import { buildPost, type PostOptions } from '../core/hexo';
import { clip } from '../core/pipeline';
import type { Scaffold } from '../blog/profile';
import type { Settings } from '../settings/schema';
import { discardDocument, MAX_PARSE_DEPTH, nestsDeeperThan, nodeDeps, parseDocument } from './jsdom';
import { recleanPost, type FrontMatterChange, type RecleanOptions } from './reclean';
import type { Removal } from '../core/types';

export interface ClipTask {
  kind: 'clip';
  html: string;
  url: string;
  /** A feed item's own title and date, which win over what the page says (`--feed-body`). */
  feed?: { title?: string; date?: string };
  /** Images already saved beside the post: the post refers to them by these names. */
  local?: { names: [string, string][]; failures: ImageFailure[]; style: 'asset_img' | 'relative' };
  /** What the post takes from the blog it goes into (`--blog`): its scaffold and `filename_case`. */
  blog?: { scaffold: Scaffold | null; filenameCase: 0 | 1 | 2 };
}

export type ClipTaskResult =
  | { ok: true; filename: string; text: string; title: string; published?: string; url: string; site: string; images: string[]; removed: number }
  | { ok: false; reason: string; message: string };

export interface RecleanTask {
  kind: 'reclean';
  path: string;
  /** Where the re-cleaned text goes when it changed; undefined with a dry run; `path` in place. */
  target?: string;
  options: RecleanOptions;
}

export type RecleanTaskResult =
  | { ok: true; changed: boolean; removed: Removal[]; frontMatter: FrontMatterChange[]; written?: string }
  | { ok: false; reason: string; message: string };

export type Task = ClipTask | RecleanTask;
export type TaskResult = ClipTaskResult | RecleanTaskResult;

/** Whole or nothing: a reader, or a kill, never finds half a file under the post's name. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${dirname(path)}/.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** `pinyin` turns titles into pinyin for `blog.slug: 'pinyin'` (see `runTask`). */
export function runClip(task: ClipTask, settings: Settings, pinyin?: PostOptions['pinyin']): ClipTaskResult {
  // Checked before jsdom sees the page: parsing deep nesting is what takes jsdom the time.
  if (nestsDeeperThan(task.html)) return { ok: false, reason: 'too-large', message: `the page nests elements more than ${MAX_PARSE_DEPTH} levels deep` };
  const doc = parseDocument(task.html, task.url);
  try {
    const deps = nodeDeps();
    const result = clip(doc, task.url, settings, deps);
    if (!result.ok) return { ok: false, reason: result.reason, message: result.message };
    let { article, post } = result;
    // The pipeline's post knows no blog and no pinyin: built again when either shapes it.
    if (task.feed?.title || task.feed?.date || task.local || task.blog || pinyin) {
      article = {
        ...article,
        title: task.feed?.title || article.title,
        published: task.feed?.date ? formatIso(new Date(task.feed.date), settings.timezone) : article.published,
      };
      const local = task.local && { names: new Map(task.local.names), failures: task.local.failures, style: task.local.style };
      post = buildPost(article, settings, deps.now(), local, { ...task.blog, pinyin });
    }
    const images = article.images.map((i) => i.src);
    return { ok: true, filename: post.filename, text: post.text, title: article.title, published: article.published, url: article.url, site: article.site, images, removed: article.removed.length };
  } finally {
    discardDocument(doc);
  }
}

export function runReclean(task: RecleanTask): RecleanTaskResult {
  let text: string;
  try {
    text = readFileSync(task.path, 'utf8');
  } catch (e) {
    return { ok: false, reason: 'unreadable', message: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
  const result = recleanPost(text, task.options);
  if (!result.ok) return result;
  let written: string | undefined;
  if (task.target && result.changed) {
    writeAtomic(task.target, result.text);
    written = task.target;
  }
  return { ok: true, changed: result.changed, removed: result.removed, frontMatter: result.frontMatter, written };
}

let pinyinModule: Promise<typeof import('../core/pinyin')> | undefined;

/**
 * pinyin-pro's dictionary costs about 100 ms to load: with one job only a run whose settings
 * name pinyin slugs pays it. (The worker bundle loads it at start: esbuild hoists a package's
 * import out of a lazily imported module.)
 */
async function pinyinFor(settings: Settings): Promise<PostOptions['pinyin']> {
  if (settings.blog.slug !== 'pinyin') return undefined;
  pinyinModule ??= import('../core/pinyin');
  return (await pinyinModule).toPinyin;
}

export async function runTask(task: Task, settings: Settings): Promise<TaskResult> {
  return task.kind === 'clip' ? runClip(task, settings, await pinyinFor(settings)) : runReclean(task);
}
