import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clip, clipArticle } from '../utils/core/pipeline';
import { nodeDeps, parseDocument } from '../utils/node/jsdom';
import { resolveSettings } from '../utils/settings/validate';
import type { Settings } from '../utils/settings/schema';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface Expected {
  url: string;
  site: string;
  /** The rules that clean it, serving rule first (a Qilu repost on Qutoutiao: qutoutiao, qilu). */
  rules: string[];
  title: string;
  published: string;
  source: string;
  blocks: string[];
  images: string[];
  promo: { text: string; image: string } | null;
  promos: string[];
  beacon: string;
  noise: string[];
}

export function readFixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

export function expectedFor(page: string): Expected {
  return JSON.parse(readFixture('pages', page.replace(/\.html$/, '.expected.json'))) as Expected;
}

export const FIXED_NOW = new Date('2024-01-02T03:04:05Z');

export function settingsWith(partial: Record<string, unknown> = {}): Settings {
  return resolveSettings(partial);
}

/**
 * The page as the batch parses it (a document of its own in a window shared with others): a new
 * jsdom window per page cost as much as the parse, and tests/batch/shared-window.test.ts shows
 * both give the same posts.
 */
export function docFor(html: string, url: string): Document {
  return parseDocument(html, url);
}

/** The whole pipeline on `html`; throws with the pipeline's reason when it is not an article. */
export function clipHtml(html: string, url: string, partial: Record<string, unknown> = {}) {
  const result = clip(docFor(html, url), url, settingsWith(partial), nodeDeps(() => FIXED_NOW));
  if (!result.ok) throw new Error(`not clipped: ${result.reason}: ${result.message}`);
  return result;
}

export function clipArticleHtml(html: string, url: string, partial: Record<string, unknown> = {}) {
  return clipArticle(docFor(html, url), url, settingsWith(partial), nodeDeps(() => FIXED_NOW));
}

/** A Qutoutiao share page around `body`, the template public scrapers of the site select from. */
export function qutoutiaoPage(body: string, opts: { title?: string; info?: string } = {}): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${opts.title ?? '测试标题'}</title></head><body>
<div class="top-bar"><a class="open-app" href="https://new.3qtt.cn/app">打开APP，看更多精彩内容</a></div>
<div class="article"><h1>${opts.title ?? '测试标题'}</h1><div class="info">${opts.info ?? '齐鲁晚报&nbsp;&nbsp;2021-07-27 15:58'}</div>
<div class="content">${body}<div id="img"></div></div></div>
<div class="statement">本文为趣头条号作者或机构上传并发布，仅代表该作者或机构观点。</div>
<div class="recommend"><ul><li><a href="/detail/2021/07/27/1.html"><p class="t">相关推荐的标题</p></a></li></ul></div>
</body></html>`;
}

export const QUTOUTIAO_URL = 'http://html2.qktoutiao.com/detail/2021/07/27/1840579423.html';

/** Body text with white space removed: how Chinese article text is compared. */
export function compactText(el: Element | string): string {
  return (typeof el === 'string' ? el : el.textContent ?? '').replace(/[\s\u00a0\u3000]+/g, '');
}

/** F1 of the longest common subsequence of two texts (white space ignored). */
export function lcsF1(got: string, want: string): number {
  const a = compactText(got);
  const b = compactText(want);
  if (!a.length || !b.length) return a.length === b.length ? 1 : 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  const l = prev[b.length]!;
  if (!l) return 0;
  const p = l / a.length;
  const r = l / b.length;
  return (2 * p * r) / (p + r);
}

/** The real `npm run clip` as its own process (the few tests that prove the command itself; the rest call `main`). */
export function cliProcess(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const root = join(import.meta.dirname, '..');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'clip.ts'), ...args], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
