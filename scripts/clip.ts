/**
 * `npm run --silent clip -- PAGE.html [--url URL] [--preset hexo|archive] [--settings FILE.json] [--json]`
 * `npm run --silent clip -- --out DIR PAGE.html…`
 * `npm run --silent clip -- --blog BLOG_DIR [--update] PAGE.html…`
 * The extension's pipeline over saved pages, in jsdom.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AssetLimits } from '../utils/core/assets';
import type { PostOptions } from '../utils/core/hexo';
import { clip, type ClipResult } from '../utils/core/pipeline';
import { runBatch, summarize, type BatchItem, type BatchOptions, type Destination } from '../utils/node/batch';
import { nodeImageFetcher } from '../utils/node/fetch';
import { parseFeed, type FeedItem } from '../utils/node/feed';
import { createFetcher, decodePage, parseConnectTo, type Fetcher } from '../utils/node/http';
import { Journal } from '../utils/node/journal';
import { openDestination } from '../utils/node/destination';
import { createPool, defaultJobs, type Pool } from '../utils/node/pool';
import { Progress, type ProgressStream } from '../utils/node/progress';
import { recleanSummaryText, runReclean as runRecleanDir, type RecleanRun } from '../utils/node/reclean-cli';
import { discoverUrl, isBinary, MAX_PARSE_DEPTH, nestsDeeperThan, nodeDeps, PageParseError, parsePage } from '../utils/node/jsdom';
import { checkFlag, resolveSettings, SettingsError } from '../utils/settings/validate';
import { loadBlogProfile, postsDir, type ProfileError } from '../utils/blog/profile';
import { blogSettings } from '../utils/blog/settings';
import { NodeBlogFs } from '../utils/node/blog-fs';
import type { AssetStyle, ImageMode, Settings } from '../utils/settings/schema';

const HELP = `Hexo Clipper CLI: turn Qutoutiao / Qilu / other article pages into Hexo posts.

Usage:
  npm run --silent clip -- PAGE.html|URL [options]      print the post to stdout
  npm run --silent clip -- --out DIR PAGE.html|URL...   write one post per page into DIR
  npm run --silent clip -- --blog BLOG PAGE.html...     save into a Hexo blog's source/_posts
  npm run --silent clip -- --out DIR --urls FILE        URLs from a file, one a line (# comments)
  npm run --silent clip -- --blog BLOG --feed FILE|URL  every item of an RSS 2.0 / Atom feed
  npm run --silent clip -- --reclean DIR --dry-run      re-clean an existing archive (see below)

Options:
  --url URL            the page's URL (default: the "saved from url" comment, canonical link or og:url)
  --preset NAME        hexo (default) or archive
  --settings FILE      a JSON settings file (the options page's export); merged over the defaults
  --json               print one JSON object: site, title, published, source, author, url, cover,
                       images, removed, filename, post
  --out DIR            write posts under the filename pattern; never overwrites (adds -2, -3…)
  --images MODE        remote: images keep their URLs; local: download them (with the
                       page URL as Referer) into NAME/01.jpg… beside NAME.md; zip: the same in NAME.zip
                       (--out only: a blog keeps images in the post's asset folder)
  --blog DIR           a Hexo blog (its _config.yml and source/): reads its timezone, new_post_name,
                       post_asset_folder, default_category, filename_case, marked.postAsset and
                       scaffolds/post.md; writes into source/_posts/<settings blog.subfolder>;
                       skips articles already in the blog; a batch as below (journal, --jobs, --json)
  --update             with --blog: rewrite already-saved articles in place instead of skipping
  --asset-style STYLE  asset_img: {% asset_img 01.jpg %}; relative: ![](01.jpg)
  --max-image-kb N     largest image to save; larger ones stay remote
  --max-article-kb N   images saved per article at most
                       (without these four flags: the settings' images.mode, assetStyle,
                       maxImageKB, maxArticleKB; by default remote, asset_img, 5120, 51200)

Batches (--out DIR, or --blog DIR: a Hexo blog folder, posts into source/_posts/<blog.subfolder>
with the blog's _config.yml as defaults): an article already in the folder is skipped (same source URL / content id, or
title + date); DIR/.hexo-clipper-journal.jsonl records each finished item, so the same command
run again after Ctrl-C, a crash or a kill finishes the rest and redoes nothing.
  --update             rewrite articles already saved, where they are, instead of skipping them
  --urls FILE          URLs, one a line; blank lines and # comments ignored
  --feed FILE|URL      an RSS 2.0 or Atom feed (RSSHub's); each item's link is fetched (repeatable)
  --feed-body          use each item's description HTML, title and date instead of fetching
  --jobs N             worker threads (default: one per core)
  --rate N             requests started per second per host (default 4)
  --per-host N         requests in flight per host (default 2)
  --timeout S          seconds per request (default 20)
  --retries N          retries on network errors, timeouts and 5xx, with backoff (default 2); never on 4xx
  --connect-to H:P:A:P2  send requests for host H port P to address A port P2, as curl (repeatable)
  --json               one JSON line per item: input, status, reason, file

Re-cleaning (--reclean DIR): removes the Qilu footer and its QR code, app download calls and
tracking images from posts in the archive's format (YAML front matter, HTML body in <div>),
moves headimg/thumbnail off a removed image, and changes no other byte.
  --dry-run            print per post what would be removed; write nothing
  --in-place           rewrite the changed posts where they are
  --out DIR            write the changed posts into DIR under the same relative paths
  --fix-dates ZONE     also rewrite the RFC 1123 GMT date as local time in ZONE (e.g. Asia/Shanghai)

  -h, --help           this help

Exit status: 0 on success, 2 on bad input (unreadable file, not an article, bad settings) or
when an item of a batch failed (each failure is listed with its reason), 130 when interrupted.`;

class InputError extends Error {}

function loadSettings(file: string | undefined, preset: string | undefined): Settings {
  const presetProblem = preset === undefined ? null : checkFlag('--preset', 'preset', preset);
  if (presetProblem) throw new InputError(presetProblem);
  let partial: unknown = {};
  if (file) {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read settings file ${file}: ${(e as Error).message}`);
    }
    try {
      partial = JSON.parse(raw);
    } catch (e) {
      throw new InputError(`settings file ${file} is not valid JSON: ${(e as Error).message}`);
    }
  }
  try {
    return resolveSettings(partial, preset ? { preset } : {});
  } catch (e) {
    if (e instanceof SettingsError) throw new InputError(`invalid settings: ${e.message}`);
    throw e;
  }
}

function readPage(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return decodePage(null, bytes);
}

/** The converter for `blog.slug: 'pinyin'`, loaded only then (pinyin-pro's dictionary takes about 100 ms to load). */
async function postOptions(settings: Settings): Promise<PostOptions> {
  return settings.blog.slug === 'pinyin' ? { pinyin: (await import('../utils/core/pinyin')).toPinyin } : {};
}

function clipFile(file: string, urlFlag: string | undefined, settings: Settings, post: PostOptions = {}): ClipResult & { url?: string } {
  const html = readPage(file);
  // Checked before jsdom sees the page: parsing deep nesting is what takes jsdom the time.
  if (nestsDeeperThan(html)) return { ok: false, reason: 'too-large', message: `the page nests elements more than ${MAX_PARSE_DEPTH} levels deep` };
  if (isBinary(html)) throw new InputError(`${file}: not an HTML page (binary data)`);
  try {
    const url = urlFlag ?? discoverUrl(html, parsePage(html).window.document);
    if (!url) throw new InputError(`${file}: no page URL found; pass --url`);
    try {
      new URL(url);
    } catch {
      throw new InputError(`${file}: not a valid URL: ${url}`);
    }
    const dom = parsePage(html, url);
    return clip(dom.window.document, url, settings, nodeDeps(), { post });
  } catch (e) {
    // A page that breaks the parser is bad input, named with its file, never a stack trace.
    if (e instanceof InputError) throw e;
    throw new InputError(`${file}: ${e instanceof PageParseError ? e.message : `the page cannot be processed: ${String((e as Error).message).split('\n')[0]}`}`);
  }
}

function summary(result: Extract<ClipResult, { ok: true }>) {
  const { article, post } = result;
  return {
    site: article.site,
    rules: article.rules,
    title: article.title,
    published: article.published ?? null,
    source: article.source ?? null,
    author: article.author ?? null,
    url: article.url,
    cover: article.cover ?? null,
    images: article.images.map((i) => i.src),
    removed: article.removed,
    warnings: article.warnings,
    filename: post.filename,
    post: post.text,
  };
}

interface ImageOptions {
  mode: ImageMode;
  style: AssetStyle;
  limits: AssetLimits;
}

/** The flags win; without them the settings file decides, as it does in the extension. */
function imageOptions(values: Record<string, unknown>, settings: Settings): ImageOptions {
  // Each flag is checked by the setting it stands in for (the schema's values and ranges).
  const flag = (name: string, path: string, value: unknown, raw: unknown = value) => {
    const problem = checkFlag(`--${name}`, path, value, raw);
    if (problem) throw new InputError(problem);
  };
  const mode = (values.images as string | undefined) ?? settings.images.mode;
  flag('images', 'images.mode', mode);
  const style = (values['asset-style'] as string | undefined) ?? settings.images.assetStyle;
  flag('asset-style', 'images.assetStyle', style);
  const kb = (name: string, path: string, fallback: number) => {
    const raw = values[name] as string | undefined;
    const n = raw === undefined ? fallback : Number(raw);
    flag(name, path, n, raw);
    return n * 1024;
  };
  return {
    mode: mode as ImageMode,
    style: style as AssetStyle,
    limits: { maxImageBytes: kb('max-image-kb', 'images.maxImageKB', settings.images.maxImageKB), maxTotalBytes: kb('max-article-kb', 'images.maxArticleKB', settings.images.maxArticleKB) },
  };
}

export interface Io {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

function count(values: Record<string, unknown>, flag: string, fallback: number, min = 1): number {
  const raw = values[flag] as string | undefined;
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < min) throw new InputError(`--${flag}: expected a number ≥ ${min}, got "${raw}"`);
  return n;
}

function fetcherFrom(values: Record<string, unknown>): Fetcher {
  let connectTo;
  try {
    connectTo = ((values['connect-to'] as string[] | undefined) ?? []).map(parseConnectTo);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  return createFetcher({
    connectTo,
    rate: count(values, 'rate', 4, 0.01),
    perHost: count(values, 'per-host', 2),
    timeoutMs: count(values, 'timeout', 20, 0.1) * 1000,
    retries: count(values, 'retries', 2, 0),
  });
}

export async function main(argv: string[], io: Io = process): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        preset: { type: 'string' },
        settings: { type: 'string' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        blog: { type: 'string' },
        update: { type: 'boolean' },
        images: { type: 'string' },
        'asset-style': { type: 'string' },
        'max-image-kb': { type: 'string' },
        'max-article-kb': { type: 'string' },
        urls: { type: 'string' },
        feed: { type: 'string', multiple: true },
        'feed-body': { type: 'boolean' },
        jobs: { type: 'string' },
        rate: { type: 'string' },
        'per-host': { type: 'string' },
        timeout: { type: 'string' },
        retries: { type: 'string' },
        'connect-to': { type: 'string', multiple: true },
        reclean: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'in-place': { type: 'boolean' },
        'fix-dates': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr.write(`clip: ${(e as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  try {
    const settings = loadSettings(values.settings, values.preset);
    if (values.reclean) return await reclean(values, settings, io);
    if (values.update && !values.blog) throw new InputError('--update needs --blog DIR');
    const images = imageOptions(values, settings);
    if (values.out && values.blog) throw new InputError('--out and --blog: choose one');
    if (values.out || values.blog) return await batch(values, positionals, settings, images, io);
    if (values.urls || values.feed) throw new InputError('--urls and --feed need --out DIR or --blog DIR');
    if (!positionals.length) throw new InputError('no page given (see --help)');
    if (images.mode !== 'remote') throw new InputError(`--images ${images.mode} needs --out DIR`);
    if (positionals.length > 1) throw new InputError('several pages need --out DIR');
    const input = positionals[0] as string;
    const result = isUrl(input) ? await clipUrl(input, values, settings) : clipFile(input, values.url, settings, await postOptions(settings));
    if (!result.ok) throw new InputError(`${input}: not an article: ${result.message}`);
    io.stdout.write(values.json ? `${JSON.stringify(summary(result))}\n` : result.post.text);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr.write(`clip: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function clipUrl(url: string, values: Record<string, unknown>, settings: Settings): Promise<ClipResult> {
  const fetcher = fetcherFrom(values);
  try {
    const page = await fetcher.page(url);
    if (!page.ok) throw new InputError(`${url}: ${page.reason}: ${page.message}`);
    return clip(parsePage(page.html, page.url).window.document, page.url, settings, nodeDeps(), { post: await postOptions(settings) });
  } finally {
    await fetcher.close();
  }
}

/** Items from the arguments, `--urls` and `--feed`, in that order; the same input only once. */
async function batchItems(values: Record<string, unknown>, positionals: string[], fetcher: Fetcher): Promise<BatchItem[]> {
  const items: BatchItem[] = [];
  const seen = new Set<string>();
  const add = (item: BatchItem) => {
    if (seen.has(item.input)) return;
    seen.add(item.input);
    items.push(item);
  };
  for (const p of positionals) add(isUrl(p) ? { kind: 'url', input: p, url: p } : { kind: 'file', input: p, path: p, url: positionals.length === 1 ? (values.url as string | undefined) : undefined });
  if (values.urls) {
    let text: string;
    try {
      text = readFileSync(values.urls as string, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read ${values.urls}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    for (const line of text.split(/\r?\n/)) {
      const url = line.replace(/(^|\s)#.*$/, '').trim();
      if (!url) continue;
      if (!isUrl(url)) throw new InputError(`${values.urls}: not a URL: ${url}`);
      add({ kind: 'url', input: url, url });
    }
  }
  for (const feed of (values.feed as string[] | undefined) ?? []) {
    let xml: string;
    if (isUrl(feed)) {
      const got = await fetcher.text(feed);
      if (!got.ok) throw new InputError(`feed ${feed}: ${got.reason}: ${got.message}`);
      xml = got.html;
    } else {
      try {
        xml = readFileSync(feed, 'utf8');
      } catch (e) {
        throw new InputError(`cannot read ${feed}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    let feedItems: FeedItem[];
    try {
      feedItems = parseFeed(xml);
    } catch (e) {
      throw new InputError(`feed ${feed}: ${(e as Error).message}`);
    }
    for (const item of feedItems) add({ kind: 'feed', input: item.link, url: item.link, item, body: !!values['feed-body'] });
  }
  if (!items.length) throw new InputError('no page given (see --help)');
  return items;
}

/** Ctrl-C stops starting new items; what is in flight finishes and is journaled. A second one quits. */
function interruptible(io: Io): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    io.stderr.write('\nclip: stopping after the items in flight (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/** One line for a blog that cannot be used; nothing has been written when this is shown. */
function profileErrorText(error: ProfileError): string {
  switch (error.code) {
    case 'no-config':
      return 'not a Hexo blog: no _config.yml';
    case 'no-source-folder':
      return `not a Hexo blog: no ${error.sourceDir}/ folder`;
    case 'config-unparseable':
      return `_config.yml does not parse${error.line ? ` (line ${error.line})` : ''}: ${error.message}`;
    case 'scaffold-unparseable':
      return `${error.path} does not parse${error.line ? ` (line ${error.line})` : ''}: ${error.message}`;
  }
}

interface Target {
  destination: Destination;
  settings: Settings;
  /** Where the journal lives: the folder the user named. */
  dir: string;
  /** Where the posts go, as the summary names it. */
  where: string;
  blog?: BatchOptions['blog'];
}

/** `--out DIR` or `--blog DIR` through the blog core, with the settings a save there uses. */
async function destinationFor(values: Record<string, unknown>, settings: Settings, images: ImageOptions, io: Io): Promise<Target> {
  const display = (dir: string) => (path: string) => relative(process.cwd(), resolve(dir, path)) || '.';
  if (values.out) {
    const dir = values.out as string;
    mkdirSync(dir, { recursive: true });
    const destination = await openDestination({ dir, fs: new NodeBlogFs(resolve(dir)), kind: 'out', subfolder: '', timezone: settings.timezone, zip: images.mode === 'zip', update: !!values.update, display: display(dir) });
    return { destination, settings, dir, where: dir };
  }
  const dir = values.blog as string;
  if (!existsSync(dir)) throw new InputError(`--blog ${dir}: no such folder`);
  const fs = new NodeBlogFs(resolve(dir));
  const loaded = await loadBlogProfile(fs);
  if (!loaded.ok) throw new InputError(`--blog ${dir}: ${profileErrorText(loaded.error)}`);
  const { profile } = loaded;
  // Flags are what the user asked for this run: one the blog cannot honour is refused, not bent.
  // (The same choices from a settings file are bent by blogSettings, and the line below says so.)
  if (values.images === 'zip') throw new InputError('--images zip writes archives for --out DIR; a blog keeps each post\'s images in its asset folder: use --images local (with post_asset_folder: true in the blog\'s _config.yml)');
  if (values.images === 'local' && !profile.postAssetFolder) throw new InputError('--images local needs post_asset_folder: true in the blog\'s _config.yml');
  const blog = blogSettings(settings, profile);
  const from = blog.adjustments.map((a) => `${a.path}=${JSON.stringify(a.value)} (${a.from})`);
  const extra = Object.keys(profile.scaffold?.defaults ?? {});
  io.stderr.write(`blog: ${profile.title ?? dir}; from the blog: ${from.join(', ') || 'nothing'}${extra.length ? `; scaffold keys: ${extra.join(', ')}` : ''}\n`);
  const effective = blog.settings;
  const timezone = profile.timezone ?? effective.timezone;
  const destination = await openDestination({ dir, fs, kind: 'blog', profile, subfolder: effective.blog.subfolder, timezone, zip: false, update: !!values.update, display: display(dir) });
  return { destination, settings: effective, dir, where: display(dir)(postsDir(profile, effective.blog.subfolder)), blog: { scaffold: profile.scaffold, filenameCase: profile.filenameCase } };
}

async function batch(values: Record<string, unknown>, positionals: string[], baseSettings: Settings, images: ImageOptions, io: Io): Promise<number> {
  const fetcher = fetcherFrom(values);
  const jobs = Math.floor(count(values, 'jobs', defaultJobs()));
  let pool: Pool | undefined;
  const stop = interruptible(io);
  try {
    const items = await batchItems(values, positionals, fetcher);
    const { destination, settings, dir: outDir, where, blog } = await destinationFor(values, baseSettings, images, io);
    const journal = new Journal(outDir);
    const progress = new Progress(items.length, io.stderr);
    pool = createPool(Math.min(jobs, items.length), settings);
    // A blog's post_asset_folder can turn local images on: the flags still win.
    const imageMode = imageOptions(values, settings);
    const outcomes = await runBatch(items, {
      ignoreJournal: !!values.update,
      settings,
      pool,
      fetcher,
      destination,
      journal,
      progress,
      images: { ...imageMode, fetcher: nodeImageFetcher },
      blog,
      concurrency: Math.max(4, jobs * 3),
      signal: stop.signal,
      onItem: values.json ? (o) => io.stdout.write(`${JSON.stringify({ input: o.input, status: o.status, reason: o.reason ?? null, file: o.file ?? null })}\n`) : undefined,
    });
    progress.end();
    io.stderr.write(summarize(outcomes, where));
    if (stop.signal.aborted) return 130;
    return outcomes.some((o) => o?.status === 'failed') ? 2 : 0;
  } finally {
    stop.dispose();
    await pool?.close();
    await fetcher.close();
  }
}

async function reclean(values: Record<string, unknown>, settings: Settings, io: Io): Promise<number> {
  const dir = values.reclean as string;
  const modes = [values['dry-run'] && 'dry-run', values['in-place'] && 'in-place', values.out && 'out'].filter(Boolean);
  if (modes.length !== 1) throw new InputError('--reclean needs exactly one of --dry-run, --in-place or --out DIR');
  const zone = values['fix-dates'] as string | undefined;
  if (zone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
    } catch {
      throw new InputError(`--fix-dates: not an IANA time zone: ${zone}`);
    }
  }
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new InputError(`--reclean: ${dir} is not a folder`);
  const mode: RecleanRun['mode'] = values['dry-run'] ? { kind: 'dry-run' } : values['in-place'] ? { kind: 'in-place' } : { kind: 'out', dir: values.out as string };
  const jobs = Math.floor(count(values, 'jobs', defaultJobs()));
  const pool = createPool(jobs, settings);
  const stop = interruptible(io);
  const progress = new Progress(0, io.stderr);
  try {
    const result = await runRecleanDir({
      dir,
      mode,
      options: { fixDates: zone },
      pool,
      progress,
      concurrency: jobs * 2,
      json: values.json ? (line) => io.stdout.write(`${JSON.stringify(line)}\n`) : undefined,
      print: (line) => io.stdout.write(line),
      signal: stop.signal,
    });
    progress.end();
    io.stderr.write(recleanSummaryText(result, mode));
    if (stop.signal.aborted) return 130;
    return result.unparseable.length ? 2 : 0;
  } finally {
    stop.dispose();
    await pool.close();
  }
}

if (!existsSync(process.argv[1] ?? '') || import.meta.url.endsWith(process.argv[1]?.split('/').pop() ?? '')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
