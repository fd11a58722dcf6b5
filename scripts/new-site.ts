/**
 * `npm run new-site <id> <host>` (e.g. `npm run new-site dzwww '*.dzwww.com'`): a new site as one
 * folder and one registry line. Writes `utils/sites/<id>/rule.ts`, a fixture case
 * (`fixtures/example/`: a page on the host, its expectations, and the post the pipeline makes of
 * it), the site's test `tests/sites/<id>/<id>.test.ts`, and registers the rule last in
 * `utils/sites/registry.ts`. The manifest, image hosts, default sites and the e2e mapped hosts
 * follow from the registry. Then replace the example page with a saved article of the site, fix its
 * `expected.json` by hand, and write its post on purpose with UPDATE_FIXTURES=1 (see the README).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/** `dzwww` → `dzwww`, `the-paper` → `thePaper`: the rule's variable name. */
function variableName(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function ruleSource(id: string, host: string): string {
  return `import type { SiteRule } from '../types';

/** ${id}: article pages on \`${host}\`. */
export const ${variableName(id)}: SiteRule = {
  id: '${id}',
  label: { zh: '${id}', en: '${id}' },
  hosts: ['${host}'],
  imageHosts: ['${host}'],
  // An article's URL ends in its number; a home or list page's does not.
  isArticle: (url) => /\\/\\d+(\\.s?html?)?$/.test(url.pathname),
  fields: {
    title: { selectors: ['article h1', 'h1'] },
    content: { selectors: ['article .content', 'article'] },
  },
  clean: [],
  lazyImageAttrs: ['data-src', 'data-original'],
  readability: {},
  promo: [],
};
`;
}

/** The example case's page: an article with the parts every rule meets (metadata, an image, a beacon, page chrome). */
function examplePage(url: URL, imageHost: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>示例文章的标题</title>
<meta property="og:site_name" content="示例来源">
<meta property="article:published_time" content="2024-05-20T09:30:00+08:00">
<link rel="canonical" href="${url.href}">
</head><body>
<header><nav><a href="/">首页</a> <a href="/list">新闻列表</a></nav></header>
<article>
<h1>示例文章的标题</h1>
<div class="content">
<p>这是示例文章的第一段，讲述了事情的起因和经过，篇幅足够让提取判断它是一篇文章。</p>
<p><img src="https://${imageHost}/images/2024/05/20/example.jpg" alt="示例图片" width="800" height="450"></p>
<p>这是示例文章的第二段，记者采访了相关部门，了解到后续的安排和进展情况。</p>
<img src="https://${url.hostname}/pixel.gif?id=1" width="1" height="1">
</div>
</article>
<aside><h3>相关阅读</h3><ul><li><a href="/2">另一篇示例文章</a></li></ul></aside>
<footer>版权所有 示例网站</footer>
</body></html>
`;
}

function exampleExpected(id: string, url: URL, imageHost: string): string {
  return `${JSON.stringify(
    {
      url: url.href,
      site: id,
      rules: [id],
      title: '示例文章的标题',
      published: '2024-05-20T09:30:00+08:00',
      source: '示例来源',
      blocks: ['这是示例文章的第一段，讲述了事情的起因和经过，篇幅足够让提取判断它是一篇文章。', '这是示例文章的第二段，记者采访了相关部门，了解到后续的安排和进展情况。'],
      images: [`https://${imageHost}/images/2024/05/20/example.jpg`],
      promo: null,
      promos: [],
      beacon: `https://${url.hostname}/pixel.gif?id=1`,
      noise: ['相关阅读', '另一篇示例文章', '版权所有'],
    },
    null,
    2,
  )}\n`;
}

function testSource(id: string): string {
  const v = variableName(id);
  return `import { describe, expect, it } from 'vitest';
import { detect } from '../../../utils/core/extract';
import { ruleForHost } from '../../../utils/sites';
import { ${v} } from '../../../utils/sites/${id}/rule';
import { clipHtml, docFor } from '../../helpers';
import { siteCase } from '../cases';

const { html, expected } = siteCase('${id}', 'example');
const url = new URL(expected.url);

describe('${id} rule', () => {
  it('serves its host', () => expect(ruleForHost(url.hostname)).toBe(${v}));
  it('knows an article URL from its home page', () => {
    expect(${v}.isArticle(url)).toBe(true);
    expect(${v}.isArticle(new URL('/', url))).toBe(false);
  });
  it('is selected for its fixture page', () => {
    const d = detect(docFor(html, expected.url), url);
    expect(d.rule).toBe(${v});
    expect(d.contentRoot).not.toBeNull();
  });

  const { article } = clipHtml(html, expected.url);

  it('reads title, published time and source', () => {
    expect([article.title, article.published, article.source]).toEqual([expected.title, expected.published, expected.source]);
  });
  it('keeps the article images', () => expect(article.images.map((i) => i.src)).toEqual(expected.images));
  it('removes the beacon', () => expect(article.removed.some((r) => r.step === 'tracking' && r.src === expected.beacon)).toBe(true));
  it('leaves the page chrome behind', () => {
    for (const noise of expected.noise) expect(article.content.textContent).not.toContain(noise);
  });
});
`;
}

/** Adds the rule's import and its line at the end of SITE_RULES; the registry's shape is this script's contract. */
function register(registry: string, id: string): string {
  const v = variableName(id);
  const imports = [...registry.matchAll(/^import \{ \w+ \} from '\.\/[\w-]+\/rule';\n/gm)];
  const list = /(export const SITE_RULES: readonly SiteRule\[\] = \[\n(?: {2}\w+,\n)*)(\];)/.exec(registry);
  const last = imports.at(-1);
  if (!last || !list) throw new Error('utils/sites/registry.ts no longer has the rule imports and the SITE_RULES list this script edits');
  const at = last.index + last[0].length;
  const withImport = `${registry.slice(0, at)}import { ${v} } from './${id}/rule';\n${registry.slice(at)}`;
  return withImport.replace(list[0], `${list[1]}  ${v},\n${list[2]}`);
}

interface NewSite {
  files: string[];
}

/** Writes the site under `root` (the repository, or a copy of it in a test). */
export async function newSite(root: string, id: string, host: string): Promise<NewSite> {
  if (!ID.test(id)) throw new Error(`site id "${id}": lower-case letters and digits, words joined by "-"`);
  host = host.toLowerCase();
  if (!HOST.test(host)) throw new Error(`host "${host}": a host name (news.example.com) or a domain with its subdomains (*.example.com)`);
  const siteDir = join(root, 'utils', 'sites', id);
  const testDir = join(root, 'tests', 'sites', id);
  if (existsSync(siteDir) || existsSync(testDir)) throw new Error(`site "${id}" exists already (${siteDir})`);
  const registryFile = join(root, 'utils', 'sites', 'registry.ts');
  const registry = register(readFileSync(registryFile, 'utf8'), id);

  const domain = host.replace(/^\*\./, '');
  const url = new URL(`https://${host.startsWith('*.') ? `www.${domain}` : domain}/news/2024/05/20/1001.html`);
  const caseDir = join(siteDir, 'fixtures', 'example');
  mkdirSync(caseDir, { recursive: true });
  mkdirSync(testDir, { recursive: true });
  const files: [string, string][] = [
    [join(siteDir, 'rule.ts'), ruleSource(id, host)],
    [join(caseDir, 'page.html'), examplePage(url, host.startsWith('*.') ? `img.${domain}` : domain)],
    [join(caseDir, 'expected.json'), exampleExpected(id, url, host.startsWith('*.') ? `img.${domain}` : domain)],
    [join(testDir, `${id}.test.ts`), testSource(id)],
    [registryFile, registry],
  ];
  for (const [file, text] of files) writeFileSync(file, text);

  // The expected post is what the pipeline makes of the page with the new rule registered: loaded
  // only now, from `root`, so the registry read is the one just written.
  const load = (path: string): Promise<unknown> =>
    // eslint-disable-next-line no-unsanitized/method -- a module of the code this script just wrote into, not page content
    import(pathToFileURL(join(root, path)).href);
  const { clip } = (await load('utils/core/pipeline.ts')) as typeof import('../utils/core/pipeline');
  const { nodeDeps, parsePage } = (await load('utils/node/jsdom.ts')) as typeof import('../utils/node/jsdom');
  const { resolveSettings } = (await load('utils/settings/validate.ts')) as typeof import('../utils/settings/validate');
  const page = readFileSync(join(caseDir, 'page.html'), 'utf8');
  // The golden tests' clock (tests/helpers.ts FIXED_NOW), so the post matches what they make.
  const result = clip(parsePage(page, url.href).window.document, url.href, resolveSettings({}), nodeDeps(() => new Date('2024-01-02T03:04:05Z')));
  if (!result.ok) throw new Error(`the example page is not clipped: ${result.message}`);
  writeFileSync(join(caseDir, 'expected.md'), result.post.text);
  return { files: [...files.map(([f]) => f), join(caseDir, 'expected.md')] };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [id, host] = process.argv.slice(2);
  if (!id || !host) {
    process.stderr.write('usage: npm run new-site <id> <host>   e.g. npm run new-site dzwww "*.dzwww.com"\n');
    process.exit(2);
  }
  try {
    const { files } = await newSite(resolve(import.meta.dirname, '..'), id, host);
    for (const f of files) process.stdout.write(`${f}\n`);
  } catch (e) {
    process.stderr.write(`new-site: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
