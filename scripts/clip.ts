/**
 * `npm run --silent clip -- PAGE.html [--url URL] [--preset hexo|archive] [--settings FILE.json] [--json]`
 * `npm run --silent clip -- --out DIR PAGE.html…`
 * The extension's pipeline over saved pages, in jsdom.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clip, type ClipResult } from '../utils/core/pipeline';
import { uniqueFilename } from '../utils/core/filename';
import { discoverUrl, nodeDeps, parsePage } from '../utils/node/jsdom';
import { resolveSettings, SettingsError } from '../utils/settings/validate';
import type { Settings } from '../utils/settings/schema';

const HELP = `Hexo Clipper CLI: turn saved Qutoutiao / Qilu / other article pages into Hexo posts.

Usage:
  npm run --silent clip -- PAGE.html [options]          print the post to stdout
  npm run --silent clip -- --out DIR PAGE.html...       write one post per page into DIR

Options:
  --url URL            the page's URL (default: the "saved from url" comment, canonical link or og:url)
  --preset NAME        hexo (default) or archive
  --settings FILE      a JSON settings file (the options page's export); merged over the defaults
  --json               print one JSON object: site, title, published, source, author, url, cover,
                       images, removed, filename, post
  --out DIR            write posts under the filename pattern; never overwrites (adds -2, -3…)
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
  const probe = parsePage(html);
  const url = urlFlag ?? discoverUrl(html, probe.window.document);
  if (!url) throw new InputError(`${file}: no page URL found; pass --url`);
  try {
    new URL(url);
  } catch {
    throw new InputError(`${file}: not a valid URL: ${url}`);
  }
  const dom = parsePage(html, url);
  return clip(dom.window.document, url, settings, nodeDeps());
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

function main(argv: string[]): number {
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
    if (values.out) return writeAll(positionals, values.out, values.url, settings);
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

function writeAll(files: string[], outDir: string, urlFlag: string | undefined, settings: Settings): number {
  mkdirSync(outDir, { recursive: true });
  // Names already on disk count as taken: a batch never overwrites a post.
  const taken = new Set(listFiles(outDir).map((n) => n.normalize('NFC').toLowerCase()));
  let written = 0;
  const failed: string[] = [];
  files.forEach((file, i) => {
    const tag = `[${i + 1}/${files.length}] ${file}`;
    try {
      const result = clipFile(file, files.length === 1 ? urlFlag : undefined, settings);
      if (!result.ok) throw new InputError(`not an article: ${result.message}`);
      const name = uniqueFilename(result.post.filename, taken);
      const target = resolve(outDir, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, result.post.text, { flag: 'wx' });
      written++;
      process.stderr.write(`${tag} → ${relative(process.cwd(), target)}\n`);
    } catch (e) {
      failed.push(file);
      process.stderr.write(`${tag} ✗ ${(e as Error).message}\n`);
    }
  });
  process.stderr.write(`clip: ${written} written to ${outDir}, ${failed.length} failed${failed.length ? `: ${failed.join(', ')}` : ''}\n`);
  return failed.length ? 2 : 0;
}

if (!existsSync(process.argv[1] ?? '') || import.meta.url.endsWith(process.argv[1]?.split('/').pop() ?? '')) {
  process.exitCode = main(process.argv.slice(2));
}
