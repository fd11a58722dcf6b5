/**
 * The batch: a queue of inputs (saved pages, URLs, feed items), fetched politely in this thread,
 * clipped by the worker pool, checked against what the destination already holds, written whole
 * and journaled one by one. Nothing one item does stops the others.
 */
import { readFileSync } from 'node:fs';
import { fetchImages, type AssetLimits, type ImageFetcher } from '../core/assets';
import { reasonText } from '../i18n';
import type { Settings } from '../settings/schema';
import type { FeedItem } from './feed';
import { cliTranslate } from './i18n';
import { decodePage, type Fetcher } from './http';
import type { ItemStatus, Journal } from './journal';
import { discoverUrl, isBinary } from './jsdom';
import type { Pool } from './pool';
import type { Progress } from './progress';
import type { ClipTask, ClipTaskResult } from './tasks';

export type BatchItem =
  | { kind: 'file'; input: string; path: string; url?: string }
  | { kind: 'url'; input: string; url: string }
  | { kind: 'feed'; input: string; url: string; item: FeedItem; body: boolean };

export interface ItemOutcome {
  input: string;
  status: ItemStatus;
  reason?: string;
  message?: string;
  /** The post written, or the one already there. */
  file?: string;
  notes?: string[];
}

/** What the batch needs to know about a post it is about to write. */
export interface PostCandidate {
  url?: string;
  title?: string;
  /** ISO 8601. */
  published?: string;
}

export interface PostOutput {
  filename: string;
  text: string;
  assets: { name: string; bytes: Uint8Array }[];
}

/**
 * Where posts go (`--out DIR` or `--blog DIR`): whether an article is already there, by the
 * shared article identity, and a whole-or-nothing write that makes the name unique.
 */
export interface Destination {
  /** The folder the journal lives in. */
  readonly dir: string;
  /** The saved post this article already is, if any. */
  existing(candidate: PostCandidate): Promise<string | undefined>;
  /** Writes the post (and its assets); returns the path shown to the user. */
  write(post: PostOutput, candidate: PostCandidate): Promise<{ file: string; extra: number; skipped?: boolean; updated?: boolean }>;
}

export interface BatchOptions {
  /** Redo items the journal holds (`--update`: rewrite saved articles). */
  ignoreJournal?: boolean;
  settings: Settings;
  pool: Pool;
  fetcher?: Fetcher;
  destination: Destination;
  journal: Journal;
  progress: Progress;
  images: { mode: 'remote' | 'local' | 'zip'; style: 'asset_img' | 'relative'; limits: AssetLimits; fetcher: ImageFetcher };
  /** With `--blog`: what each post takes from the blog (its scaffold, `filename_case`). */
  blog?: ClipTask['blog'];
  /** Items in flight at once (fetching, clipping or writing). */
  concurrency: number;
  onItem?: (outcome: ItemOutcome) => void;
  /** Set when the user asks to stop: no new item starts. */
  signal?: AbortSignal;
}

class ItemFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function readPage(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ItemFailure('unreadable', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return decodePage(null, bytes);
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A feed item's description as a page: the body in `<article>` under the item's title. The
 * pipeline treats it as any page, so the site's promo and tracking rules apply as they would.
 */
export function feedItemPage(item: FeedItem): string {
  const title = escapeHtml(item.title ?? '');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${item.html ?? ''}</article></body></html>`;
}

/** Runs every item; resolves with each one's outcome, in input order. */
export async function runBatch(items: BatchItem[], options: BatchOptions): Promise<ItemOutcome[]> {
  const { pool, destination, journal, progress } = options;
  const outcomes: ItemOutcome[] = new Array(items.length);
  // Checking "already saved" and writing happen one item at a time: two inputs of the same
  // article (a page and its repost) must not both pass the check before either is written.
  let writing: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = writing.then(fn, fn);
    writing = run.catch(() => {});
    return run;
  };

  const html = async (item: BatchItem): Promise<{ html: string; url: string; feed?: ClipTask['feed'] }> => {
    if (item.kind === 'file') {
      const page = readPage(item.path);
      if (isBinary(page)) throw new ItemFailure('not-html', `${item.path}: not an HTML page (binary data)`);
      const url = item.url ?? discoverUrl(page);
      if (!url) throw new ItemFailure('no-url', `${item.path}: no page URL found; pass --url`);
      return { html: page, url };
    }
    const feed = item.kind === 'feed' ? { title: item.item.title, date: item.item.date?.toISOString() } : undefined;
    if (item.kind === 'feed' && item.body) {
      if (!item.item.html) throw new ItemFailure('no-content', 'the feed item has no description');
      return { html: feedItemPage(item.item), url: item.url, feed };
    }
    if (!options.fetcher) throw new ItemFailure('network', 'no fetcher');
    const page = await options.fetcher.page(item.url);
    if (!page.ok) throw new ItemFailure(page.reason, page.message);
    // A fetched page's own title and date win over the feed's.
    return { html: page.html, url: page.url };
  };

  const one = async (item: BatchItem): Promise<ItemOutcome> => {
    const earlier = options.ignoreJournal ? undefined : journal.finished(item.input);
    if (earlier) return { input: item.input, status: 'skipped', reason: 'journal', file: earlier.file, message: `done in an earlier run (${earlier.status}${earlier.reason ? `: ${earlier.reason}` : ''})` };
    const saved = async (candidate: PostCandidate): Promise<ItemOutcome | undefined> => {
      const file = await destination.existing(candidate);
      return file ? { input: item.input, status: 'skipped', reason: 'already-saved', file } : undefined;
    };
    // "Already saved?" as early as each input allows: a URL before it is fetched, a saved page's
    // own URL before it is clipped, title + date before any image is fetched.
    const early = item.url ? await saved({ url: item.url }) : undefined;
    if (early) return early;
    const page = await html(item);
    const byPage = page.url !== item.url ? await saved({ url: page.url }) : undefined;
    if (byPage) return byPage;
    const task: ClipTask = { kind: 'clip', html: page.html, url: page.url, feed: page.feed, blog: options.blog };
    const result = await pool.run<ClipTaskResult>(task);
    if (!result.ok) throw new ItemFailure(result.reason, `not an article: ${result.message}`);
    const candidate: PostCandidate = { url: result.url, title: result.title, published: result.published };
    const clipped = await saved(candidate);
    if (clipped) return clipped;

    let output: PostOutput = { filename: result.filename, text: result.text, assets: [] };
    const notes: string[] = [];
    if (options.images.mode !== 'remote' && result.images.length) {
      const local = await fetchImages(result.images, result.url, options.images.fetcher, options.images.limits);
      const rebuilt = await pool.run<ClipTaskResult>({ ...task, local: { names: [...local.names], failures: local.failures, style: options.images.style } });
      if (!rebuilt.ok) throw new ItemFailure(rebuilt.reason, rebuilt.message);
      output = { filename: rebuilt.filename, text: rebuilt.text, assets: local.assets };
      notes.push(...local.failures.map((f) => `image not saved: ${f.src}: ${reasonText(f.code, f.params, cliTranslate())}`));
    }

    return exclusive(async () => {
      const file = await destination.existing(candidate);
      if (file) return { input: item.input, status: 'skipped' as const, reason: 'already-saved', file };
      try {
        const written = await destination.write(output, candidate);
        if (written.skipped) return { input: item.input, status: 'skipped' as const, reason: 'already-saved', file: written.file };
        const extra = written.extra ? `+${written.extra} images` : undefined;
        return { input: item.input, status: 'written' as const, reason: written.updated ? 'updated' : undefined, file: written.file, notes, message: extra };
      } catch (e) {
        throw new ItemFailure('write-failed', (e as Error).message);
      }
    });
  };

  let next = 0;
  const lane = async () => {
    while (next < items.length && !options.signal?.aborted) {
      const index = next++;
      const item = items[index] as BatchItem;
      let outcome: ItemOutcome;
      try {
        outcome = await one(item);
      } catch (e) {
        const failure = e instanceof ItemFailure ? e : new ItemFailure('error', (e as Error).message);
        outcome = { input: item.input, status: 'failed', reason: failure.reason, message: failure.message };
      }
      outcomes[index] = outcome;
      // A journal entry follows the post on disk, never precedes it.
      if (outcome.reason !== 'journal') journal.record({ input: outcome.input, status: outcome.status, reason: outcome.reason, file: outcome.file });
      progress.item(describe(outcome), outcome.status === 'failed');
      for (const note of outcome.notes ?? []) progress.note(note);
      options.onItem?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, lane));
  return outcomes;
}

export function describe(o: ItemOutcome): string {
  if (o.status === 'written') return `${o.input} → ${o.file}${o.message ? ` (${o.message})` : ''}${o.reason === 'updated' ? ' (updated)' : ''}`;
  if (o.status === 'skipped') return `${o.input} = already saved${o.file ? ` (${o.file})` : ''}${o.reason === 'journal' ? ', in the journal' : ''}`;
  return `${o.input} ✗ ${o.reason}: ${o.message}`;
}

/** The end of a batch: counts, then every failure with its reason, grouped by reason. */
export function summarize(outcomes: ItemOutcome[], where: string): string {
  const done = outcomes.filter(Boolean);
  const count = (s: ItemStatus) => done.filter((o) => o.status === s).length;
  const failed = done.filter((o) => o.status === 'failed');
  const updated = done.filter((o) => o.status === 'written' && o.reason === 'updated').length;
  const lines = [`clip: ${count('written')} written to ${where}${updated ? ` (${updated} updated)` : ''}, ${count('skipped')} already saved, ${failed.length} failed`];
  const reasons = [...new Set(failed.map((o) => o.reason ?? 'error'))].sort();
  for (const reason of reasons) {
    const group = failed.filter((o) => (o.reason ?? 'error') === reason);
    lines.push(`  ${reason} (${group.length}):`);
    for (const o of group) lines.push(`    ${o.input}: ${o.message}`);
  }
  if (outcomes.length > done.length) lines.push(`  stopped: ${outcomes.length - done.length} not started; run the same command again to finish`);
  return `${lines.join('\n')}\n`;
}
