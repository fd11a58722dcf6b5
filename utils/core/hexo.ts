/** A Hexo post from an article: front matter through a YAML library, body as Markdown or HTML. */
import { Document as YamlDocument, isMap, isScalar, isSeq, parse as parseYaml, parseDocument, type Node as YamlNode } from 'yaml';
import type { Settings } from '../settings/schema';
import { formatLocal, formatRfc1123 } from './date';
import { assetImgTag, imageFailureNote, type ImageFailure } from './assets';
import { formatFilename } from './filename';
import { toMarkdown } from './markdown';
import { elementsByTag } from './text';
import type { Article } from './types';
import type { Scaffold } from '../blog/profile';

/** Images saved beside the post (post asset folder), from `fetchImages`. */
export interface LocalImageRefs {
  /** Remote URL → file name in the asset folder. */
  names: Map<string, string>;
  failures: ImageFailure[];
  /** Markdown bodies: Hexo's `{% asset_img %}` tag, or a relative `![](01.jpg)` for hexo-renderer-marked's postAsset. */
  style: 'asset_img' | 'relative';
}

/** What a post takes from the blog it is saved into (`BlogProfile`), and hosts' helpers. */
export interface PostOptions {
  /** The blog's `scaffolds/post.md`: its key order, and its extra keys with their defaults. */
  scaffold?: Scaffold | null;
  /** Hexo's `filename_case`. */
  filenameCase?: 0 | 1 | 2;
  /** Title → pinyin, for `blog.slug: 'pinyin'` (`utils/core/pinyin.ts`; passed in to keep it out of bundles that do not need it). */
  pinyin?: (text: string) => string;
}

export interface HexoPost {
  frontMatter: Record<string, unknown>;
  body: string;
  /** The whole file. */
  text: string;
  filename: string;
}

/** Key order of each preset; other keys follow in the order they were set. */
const KEY_ORDER: Record<Settings['preset'], (cover: string[]) => string[]> = {
  hexo: (cover) => ['title', 'date', 'categories', 'tags', 'author', 'source', 'source_url', ...cover, 'comments'],
  // The archive's order: title, categories, headimg, author, comments, date, thumbnail.
  archive: (cover) => ['title', 'categories', ...cover.slice(0, 1), 'author', 'comments', 'date', ...cover.slice(1)],
};

/** Image URL as the post should carry it: the proxy prefix where the settings ask for one. */
export function outputImageUrl(src: string, images: Settings['images']): string {
  if (!images.proxyPrefix || images.proxyScope === 'off' || src.startsWith(images.proxyPrefix)) return src;
  if (images.proxyScope === 'all' || src.startsWith('http://')) return images.proxyPrefix + src;
  return src;
}

/** A copy of the body with image URLs and attributes as the post writes them. */
function outputContent(content: Element, images: Settings['images'], local?: LocalImageRefs): Element {
  const copy = content.cloneNode(true) as Element;
  for (const img of elementsByTag(copy, 'img')) {
    const original = img.getAttribute('src') ?? '';
    const localName = local?.names.get(original);
    if (localName && local?.style === 'asset_img') {
      img.replaceWith(copy.ownerDocument.createTextNode(ASSET_MARK(localName, img.getAttribute('alt') ?? '')));
      continue;
    }
    const src = localName ?? outputImageUrl(original, images);
    const alt = img.getAttribute('alt');
    const size = img.getAttribute('data-size');
    for (const name of img.getAttributeNames()) img.removeAttribute(name);
    img.setAttribute('src', src);
    if (alt) img.setAttribute('alt', alt);
    if (size) img.setAttribute('data-size', size);
    if (images.noReferrer) img.setAttribute('referrerpolicy', 'no-referrer');
  }
  return copy;
}

const NUNJUCKS = /\{[{%#]/;

/**
 * Front-matter text came from the page. Themes print `title`, `author` and `tags` into HTML,
 * some without escaping, so text that would read as a tag (`<img onerror=…>` in a hostile
 * heading) gets full-width brackets: it reads the same and can never become markup.
 */
export function inertText(text: string): string {
  return text.replace(/<(?=[a-zA-Z/!?])/g, '＜').replace(/(?<=＜[^<>]*)>/g, '＞');
}

function inertList<T extends string | string[]>(items: T[]): T[] {
  return items.map((item) => (Array.isArray(item) ? item.map(inertText) : inertText(item))) as T[];
}

// A placeholder no article text contains (private-use characters around hex), swapped for the
// real tag after Markdown conversion so the converter cannot escape it.
const hex = (text: string) => Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (code: string) => new TextDecoder().decode(new Uint8Array((code.match(/../g) ?? []).map((h) => parseInt(h, 16))));
const ASSET_MARK = (name: string, alt: string) => `\ue000${hex(name)}\ue001${hex(alt)}\ue002`;
const ASSET_MARKS = /\ue000([0-9a-f]*)\ue001([0-9a-f]*)\ue002/g;

/**
 * `{% asset_img %}` is itself Nunjucks, so a body that needs it cannot switch Nunjucks off:
 * lines with `{{`, `{%` or `{#` in the article's text are wrapped in `{% raw %}` instead.
 */
function withAssetTags(markdown: string): string {
  const guard = (text: string) => text.replace(/[^\n]+/g, (line) => (NUNJUCKS.test(line) ? `{% raw %}${line}{% endraw %}` : line));
  let out = '';
  let last = 0;
  for (const m of markdown.matchAll(ASSET_MARKS)) {
    out += guard(markdown.slice(last, m.index)) + assetImgTag(unhex(m[1] ?? ''), unhex(m[2] ?? ''));
    last = m.index + m[0].length;
  }
  return out + guard(markdown.slice(last));
}

/** Images that could not be saved keep their remote URL; a comment in the post says so. */
function failureNotes(failures: ImageFailure[]): string {
  const safe = (t: string) => t.replace(/--+/g, '-').replace(/[<>]/g, '');
  return failures.map((f) => `<!-- hexo-clipper: image not saved locally: ${safe(f.src)} (${safe(imageFailureNote(f))}) -->\n`).join('');
}

// YAML's c-printable complement, as js-yaml checks it.
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/;

/**
 * Hexo reads front matter with js-yaml, which still resolves YAML 1.1's implicit types: a bare
 * `2021-07-27` tag is a Date there, where the yaml library (YAML 1.2) sees a string and leaves it
 * bare. Such strings get quotes; everything else is written as the library chooses.
 */
function quoteAmbiguous(node: unknown): void {
  if (isSeq(node)) {
    for (const item of node.items) quoteAmbiguous(item);
    return;
  }
  if (!isScalar(node) || typeof node.value !== 'string') return;
  // The library's block and folded quoted forms of multi-line text lose white-space-only lines;
  // a JSON-style double-quoted string (see `doubleQuotedAsJSON`) keeps every character. js-yaml
  // also refuses a plain or single-quoted scalar holding a character YAML calls non-printable
  // (U+FFFE, a lone surrogate) and the library writes them raw: only double quotes carry them.
  if (/[\n\r]/.test(node.value) || NON_PRINTABLE.test(node.value)) {
    node.type = 'QUOTE_DOUBLE';
    return;
  }
  if (node.type === 'QUOTE_SINGLE') return;
  // Read as a document of its own; anything but one plain string (a date, a number, an alias,
  // a map, a warning) gets quotes, which the library would mostly have chosen anyway.
  const as11 = parseDocument(node.value, { version: '1.1' });
  // js-yaml also reads a signed 1.2 octal (`-0o17`) and looser timestamps (`2021-07-27 15:58:00.`)
  // than either schema of the library: anything date-like is quoted.
  const plain =
    !as11.errors.length && !as11.warnings.length && isScalar(as11.contents) && typeof as11.contents.value === 'string' && !/^[-+]0o[0-7]+$|^\d{4}-\d\d?-\d\d?(?:[Tt\s]|$)/.test(node.value);
  if (!plain) node.type = 'QUOTE_DOUBLE';
}

/** The YAML text, and what it reads back as (equal to `data`, in `order`). */
function frontMatterText(data: Record<string, unknown>, order: string[], quoted: Set<string>, style: Settings['preset']): { text: string; parsed: Record<string, unknown> } {
  const ordered: Record<string, unknown> = {};
  for (const key of order) if (key in data) ordered[key] = data[key];
  for (const key of Object.keys(data)) if (!(key in ordered)) ordered[key] = data[key];
  const doc = new YamlDocument(ordered);
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (quoted.has(key) && isScalar(pair.value)) pair.value.type = 'QUOTE_SINGLE';
      // `date` is written bare on purpose: Hexo must read it as a time.
      if (key !== 'date') quoteAmbiguous(pair.value as YamlNode);
    }
  }
  // An empty scaffold key (`tags:`) stays empty, as Hexo's own `hexo new` writes it.
  const text = doc.toString({ lineWidth: 0, indentSeq: true, indent: style === 'archive' ? 1 : 2, doubleQuotedAsJSON: true, nullStr: '' });
  // Written by a library, and still read back: a post Hexo cannot parse must never be saved.
  const back = parseYaml(text) as Record<string, unknown>;
  if (JSON.stringify(back) !== JSON.stringify(ordered)) {
    throw new Error('front matter does not read back as written');
  }
  return { text, parsed: back };
}

export function buildPost(article: Article, settings: Settings, now: Date, local?: LocalImageRefs, options: PostOptions = {}): HexoPost {
  const date = article.published ? new Date(article.published) : now;
  const content = outputContent(article.content, settings.images, local);
  const cover = article.cover ? (local?.names.get(article.cover) ?? outputImageUrl(article.cover, settings.images)) : undefined;

  const data: Record<string, unknown> = { title: inertText(article.title) };
  data.date = settings.dateStyle === 'rfc1123' ? formatRfc1123(date) : formatLocal(date, settings.timezone);
  if (settings.preset === 'hexo' || settings.categories.length) data.categories = inertList<string | string[]>(settings.categories);
  if (settings.preset === 'hexo' || settings.tags.length) data.tags = inertList(settings.tags);
  if (settings.author) data.author = inertText(settings.author);
  else if (article.author && settings.preset === 'hexo') data.author = inertText(article.author);
  if (settings.sourceFields) {
    if (article.source) data.source = inertText(article.source);
    data.source_url = article.url;
  }
  if (cover) for (const key of settings.coverFields) data[key] = cover;
  data.comments = settings.comments;

  let body: string;
  if (settings.body === 'html') {
    // The archive's body: the article's HTML inside one <div>, spaced as its scraper wrote it.
    body = `<div>   \n${content.innerHTML}  \n</div>\n            `;
  } else {
    body = `${toMarkdown(content)}\n`;
  }
  const usesAssetTags = body.includes('\ue000');
  if (usesAssetTags) body = withAssetTags(body);
  // `{{ }}` and `{% %}` in article text would be run as Nunjucks by `hexo generate`.
  else if (NUNJUCKS.test(body)) data.disableNunjucks = true;
  if (local?.failures.length) body += `\n${failureNotes(local.failures)}`;

  // The scaffold's own keys, with its defaults, where the article sets nothing; its order first.
  const scaffold = options.scaffold;
  if (scaffold) for (const [key, value] of Object.entries(scaffold.defaults)) if (!(key in data)) data[key] = structuredClone(value);
  const order = [...(scaffold?.keys ?? []), ...KEY_ORDER[settings.preset](settings.coverFields)];

  const quoted = new Set(['title', ...settings.coverFields]);
  const { text: yaml, parsed: frontMatter } = frontMatterText(data, order, quoted, settings.preset);
  const lead = settings.preset === 'archive' ? '\n' : '';
  const text = `${lead}---\n${yaml}---\n\n${body}`;
  const filename = formatFilename(settings.filenamePattern, {
    title: article.title,
    date,
    timeZone: settings.timezone,
    site: article.site,
    // A page without a numeric id still needs a distinct name: its title stands in.
    id: articleId(article.url) ?? article.title,
    slug: settings.blog?.slug,
    pinyin: options.pinyin,
    filenameCase: options.filenameCase,
  });
  return { frontMatter, body, text, filename };
}

/** The numeric id in an article URL (`/detail/2021/07/27/1840579423.html` → 1840579423). */
export function articleId(url: string): string | undefined {
  try {
    return /\/(\d+)(?:\.s?html?)?$/.exec(new URL(url).pathname)?.[1];
  } catch {
    return undefined;
  }
}
