/**
 * `npm run --silent clip -- PAGE.html [--url URL] [--preset hexo|archive] [--settings FILE.json] [--json]`
 * `npm run --silent clip -- --out DIR PAGE.html…`
 * `npm run --silent clip -- --blog BLOG_DIR [--update] PAGE.html…`
 * The extension's pipeline over saved pages, in jsdom.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchImages, type AssetLimits } from '../utils/core/assets';
import { postFiles, zipFiles, zipName, type OutputFile } from '../utils/core/bundle';
import { uniqueFilename } from '../utils/core/filename';
import { buildPost, type HexoPost } from '../utils/core/hexo';
import { clip, type ClipResult } from '../utils/core/pipeline';
import { nodeImageFetcher } from '../utils/node/fetch';
import { discoverUrl, MAX_PARSE_DEPTH, nestsDeeperThan, nodeDeps, PageParseError, parsePage } from '../utils/node/jsdom';
import { resolveSettings, SettingsError } from '../utils/settings/validate';
import { BlogIndex } from '../utils/blog/index';
import { loadBlogProfile, postsDir, type BlogProfile, type ProfileError } from '../utils/blog/profile';
import { saveArticle } from '../utils/blog/save-article';
import { blogSettings } from '../utils/blog/settings';
import { toPinyin } from '../utils/core/pinyin';
import { NodeBlogFs } from '../utils/node/blog-fs';
import type { Settings } from '../utils/settings/schema';

const HELP = `Hexo Clipper CLI: turn saved Qutoutiao / Qilu / other article pages into Hexo posts.

Usage:
  npm run --silent clip -- PAGE.html [options]          print the post to stdout
  npm run --silent clip -- --out DIR PAGE.html...       write one post per page into DIR
  npm run --silent clip -- --blog BLOG PAGE.html...     save into a Hexo blog's source/_posts

Options:
  --url URL            the page's URL (default: the "saved from url" comment, canonical link or og:url)
  --preset NAME        hexo (default) or archive
  --settings FILE      a JSON settings file (the options page's export); merged over the defaults
  --json               print one JSON object: site, title, published, source, author, url, cover,
                       images, removed, filename, post
  --out DIR            write posts under the filename pattern; never overwrites (adds -2, -3…)
  --images MODE        remote: images keep their URLs; local: download them (with the
                       page URL as Referer) into NAME/01.jpg… beside NAME.md; zip: the same in NAME.zip
  --blog DIR           a Hexo blog (its _config.yml and source/): reads its timezone, new_post_name,
                       post_asset_folder, default_category, filename_case, marked.postAsset and
                       scaffolds/post.md; writes into source/_posts/<settings blog.subfolder>;
                       skips articles already in the blog
  --update             with --blog: rewrite already-saved articles in place instead of skipping
  --asset-style STYLE  asset_img: {% asset_img 01.jpg %}; relative: ![](01.jpg)
  --max-image-kb N     largest image to save; larger ones stay remote
  --max-article-kb N   images saved per article at most
                       (without these four flags: the settings' images.mode, assetStyle,
                       maxImageKB, maxArticleKB; by default remote, asset_img, 5120, 51200)
  -h, --help           this help

Exit status: 0 on success, 2 on bad input (unreadable file, not an article, bad settings).`;

class InputError extends Error {}

function loadSettings(file: string | undefined, preset: string | undefined): Settings {
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
  const head = bytes.subarray(0, 2048).toString('latin1');
  const charset = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  try {
    return new TextDecoder(charset && charset !== 'utf8' ? charset : 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function clipFile(file: string, urlFlag: string | undefined, settings: Settings): ClipResult & { url?: string } {
  const html = readPage(file);
  // Checked before jsdom sees the page: parsing deep nesting is what takes jsdom the time.
  if (nestsDeeperThan(html)) return { ok: false, reason: 'too-large', message: `the page nests elements more than ${MAX_PARSE_DEPTH} levels deep` };
  // NUL bytes never occur in an HTML page: this is an image, an archive or another binary file.
  if (html.slice(0, 4096).includes('\u0000')) throw new InputError(`${file}: not an HTML page (binary data)`);
  try {
    const url = urlFlag ?? discoverUrl(html, parsePage(html).window.document);
    if (!url) throw new InputError(`${file}: no page URL found; pass --url`);
    try {
      new URL(url);
    } catch {
      throw new InputError(`${file}: not a valid URL: ${url}`);
    }
    const dom = parsePage(html, url);
    return clip(dom.window.document, url, settings, nodeDeps());
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
  mode: 'remote' | 'local' | 'zip';
  style: 'asset_img' | 'relative';
  limits: AssetLimits;
}

/** The flags win; without them the settings file decides, as it does in the extension. */
function imageOptions(values: Record<string, string | boolean | undefined>, settings: Settings): ImageOptions {
  const mode = (values.images as string | undefined) ?? settings.images.mode;
  if (!['remote', 'local', 'zip'].includes(mode)) throw new InputError(`--images: expected remote, local or zip, got "${mode}"`);
  const style = (values['asset-style'] as string | undefined) ?? settings.images.assetStyle;
  if (!['asset_img', 'relative'].includes(style)) throw new InputError(`--asset-style: expected asset_img or relative, got "${style}"`);
  const kb = (flag: string, fallback: number) => {
    const raw = values[flag] as string | undefined;
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new InputError(`--${flag}: expected a positive whole number, got "${raw}"`);
    return n * 1024;
  };
  return {
    mode: mode as ImageOptions['mode'],
    style: style as ImageOptions['style'],
    limits: { maxImageBytes: kb('max-image-kb', settings.images.maxImageKB), maxTotalBytes: kb('max-article-kb', settings.images.maxArticleKB) },
  };
}

async function main(argv: string[]): Promise<number> {
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
        images: { type: 'string' },
        'asset-style': { type: 'string' },
        'max-image-kb': { type: 'string' },
        'max-article-kb': { type: 'string' },
        blog: { type: 'string' },
        update: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`clip: ${(e as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  try {
    if (!positionals.length) throw new InputError('no page given (see --help)');
    const settings = loadSettings(values.settings, values.preset);
    if (values.blog) return await writeToBlog(positionals, values.blog, values.url, settings, values);
    if (values.update) throw new InputError('--update needs --blog DIR');
    const images = imageOptions(values, settings);
    if (values.out) return await writeAll(positionals, values.out, values.url, settings, images);
    if (images.mode !== 'remote') throw new InputError(`--images ${images.mode} needs --out DIR`);
    if (positionals.length > 1) throw new InputError('several pages need --out DIR');
    const result = clipFile(positionals[0] as string, values.url, settings);
    if (!result.ok) throw new InputError(`${positionals[0]}: not an article: ${result.message}`);
    process.stdout.write(values.json ? `${JSON.stringify(summary(result))}\n` : result.post.text);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`clip: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

/** The post and, with local images, its asset folder; the name is made unique against `taken`. */
async function outputFor(result: Extract<ClipResult, { ok: true }>, settings: Settings, images: ImageOptions, taken: Set<string>): Promise<{ files: OutputFile[]; post: HexoPost; notes: string[] }> {
  if (images.mode === 'remote') {
    const name = uniqueFilename(result.post.filename, taken);
    return { files: postFiles(result.post, [], name), post: result.post, notes: [] };
  }
  const { article } = result;
  const local = await fetchImages(article.images.map((i) => i.src), article.url, nodeImageFetcher, images.limits);
  const post = buildPost(article, settings, new Date(), { names: local.names, failures: local.failures, style: images.style });
  const notes = local.failures.map((f) => `image not saved: ${f.src} (${f.reason})`);
  if (images.mode === 'local') {
    return { files: postFiles(post, local.assets, uniqueFilename(post.filename, taken)), post, notes };
  }
  const zip = uniqueFilename(zipName(post.filename), taken);
  const inner = `${zip.replace(/\.zip$/, '').split('/').pop()}.md`;
  return { files: [{ path: zip, bytes: zipFiles(postFiles(post, local.assets, inner)) }], post, notes };
}

async function writeAll(files: string[], outDir: string, urlFlag: string | undefined, settings: Settings, images: ImageOptions): Promise<number> {
  mkdirSync(outDir, { recursive: true });
  // Names already on disk count as taken: a batch never overwrites a post.
  const taken = new Set(listFiles(outDir).map((n) => n.normalize('NFC').toLowerCase()));
  let written = 0;
  const failed: string[] = [];
  for (const [i, file] of files.entries()) {
    const tag = `[${i + 1}/${files.length}] ${file}`;
    try {
      const result = clipFile(file, files.length === 1 ? urlFlag : undefined, settings);
      if (!result.ok) throw new InputError(`not an article: ${result.message}`);
      const { files: outputs, notes } = await outputFor(result, settings, images, taken);
      for (const out of outputs) {
        const target = resolve(outDir, out.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, out.bytes, { flag: 'wx' });
      }
      written++;
      const extra = outputs.length > 1 ? ` (+${outputs.length - 1} images)` : '';
      process.stderr.write(`${tag} → ${relative(process.cwd(), resolve(outDir, outputs[0]!.path))}${extra}\n`);
      for (const note of notes) process.stderr.write(`  ${note}\n`);
    } catch (e) {
      failed.push(file);
      process.stderr.write(`${tag} ✗ ${(e as Error).message}\n`);
    }
  }
  process.stderr.write(`clip: ${written} written to ${outDir}, ${failed.length} failed${failed.length ? `: ${failed.join(', ')}` : ''}\n`);
  return failed.length ? 2 : 0;
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

async function openBlog(dir: string): Promise<{ fs: NodeBlogFs; profile: BlogProfile }> {
  if (!existsSync(dir)) throw new InputError(`--blog ${dir}: no such folder`);
  const fs = new NodeBlogFs(resolve(dir));
  const result = await loadBlogProfile(fs);
  if (!result.ok) throw new InputError(`--blog ${dir}: ${profileErrorText(result.error)}`);
  return { fs, profile: result.profile };
}

/** `--blog`: each page into the blog's posts folder, already-saved ones skipped (or, with `--update`, rewritten). */
async function writeToBlog(files: string[], blogDir: string, urlFlag: string | undefined, settings: Settings, values: Record<string, string | boolean | undefined>): Promise<number> {
  const { fs, profile } = await openBlog(blogDir);
  const blog = blogSettings(settings, profile);
  // The flags still win over what the blog suggests.
  const images = imageOptions(values, blog.settings);
  if (images.mode === 'zip') images.mode = 'local';
  if (images.mode === 'local' && !profile.postAssetFolder) throw new InputError('--images local needs post_asset_folder: true in the blog\'s _config.yml');
  const effective: Settings = { ...blog.settings, images: { ...blog.settings.images, mode: images.mode, assetStyle: images.style } };
  const from = blog.adjustments.map((a) => `${a.path}=${JSON.stringify(a.value)} (${a.from})`);
  const extra = Object.keys(profile.scaffold?.defaults ?? {});
  process.stderr.write(`blog: ${profile.title ?? blogDir}; from the blog: ${from.join(', ') || 'nothing'}${extra.length ? `; scaffold keys: ${extra.join(', ')}` : ''}\n`);

  const { index } = await BlogIndex.build(fs, { dir: postsDir(profile), timezone: effective.timezone });
  const target = { fs, profile, subfolder: effective.blog.subfolder, index, timezone: effective.timezone };
  const count = { written: 0, updated: 0, skipped: 0 };
  const failed: string[] = [];
  for (const [i, file] of files.entries()) {
    const tag = `[${i + 1}/${files.length}] ${file}`;
    try {
      const result = clipFile(file, files.length === 1 ? urlFlag : undefined, effective);
      if (!result.ok) throw new InputError(`not an article: ${result.message}`);
      const saved = await saveArticle(target, result.article, { settings: effective, now: new Date(), images: { fetcher: nodeImageFetcher, limits: images.limits }, pinyin: toPinyin, update: Boolean(values.update) });
      if (saved.status === 'failed') throw new Error(`${saved.code}: ${saved.message}`);
      if (saved.status === 'skipped') {
        count.skipped++;
        process.stderr.write(`${tag} = already saved: ${saved.existing.path}\n`);
        continue;
      }
      count[saved.status]++;
      const assets = saved.written.length - 1;
      process.stderr.write(`${tag} → ${saved.path}${assets ? ` (+${assets} images)` : ''}${saved.status === 'updated' ? ' (updated)' : ''}\n`);
      for (const f of saved.imageFailures) process.stderr.write(`  image not saved: ${f.src} (${f.reason})\n`);
    } catch (e) {
      failed.push(file);
      process.stderr.write(`${tag} ✗ ${(e as Error).message}\n`);
    }
  }
  const into = postsDir(profile, effective.blog.subfolder);
  if (count.skipped === files.length) process.stderr.write(`clip: all ${files.length} already saved in ${blogDir}; nothing written\n`);
  else process.stderr.write(`clip: ${count.written} written${count.updated ? `, ${count.updated} updated` : ''}, ${count.skipped} already saved, ${failed.length} failed into ${join(blogDir, into)}${failed.length ? `: ${failed.join(', ')}` : ''}\n`);
  return failed.length ? 2 : 0;
}

if (!existsSync(process.argv[1] ?? '') || import.meta.url.endsWith(process.argv[1]?.split('/').pop() ?? '')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
