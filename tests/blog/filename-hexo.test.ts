/**
 * Every file name we write is one real Hexo 8 processes: generated titles (and the fixed cases that
 * lost posts in a real batch) are saved into one Hexo site, `load()` must find each post with its
 * exact title, and its permalink must lead to its page. Runs from HEXO_NAME_RUNS (default 2000);
 * HEXO_NAME_SEED replays a failing run.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Hexo from 'hexo';
import { describe, expect, it } from 'vitest';
import { uniqueFilename } from '../../utils/core/filename';
import { buildPost } from '../../utils/core/hexo';
import { toPinyin } from '../../utils/core/pinyin';
import type { Article } from '../../utils/core/types';
import { parsePage } from '../../utils/node/jsdom';
import { FIXED_NOW, settingsWith } from '../helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.HEXO_NAME_RUNS ?? 2000);
const SEED = Number(process.env.HEXO_NAME_SEED ?? Date.now() % 2 ** 31);

const FIXED = [
  '100%掌握核心技术…',
  '涨幅100%',
  '%E4%B8%AD%E6%96%87 已编码',
  '50%+30%=?',
  '#话题# 今日头条',
  '问号？半角?结尾?',
  '[图]【视频】{括号}',
  '时间 15:58：冒号',
  '"引号" \'单引号\' “中文引号”',
  '...省略号开头',
  '.hidden',
  '_下划线开头',
  '__init__',
  '-破折号开头',
  '--',
  'CON',
  'con.txt',
  'LPT1',
  'nul ',
  '长'.repeat(300),
  'a\ud800b\udfffc',
  '😀👨‍👩‍👧🇨🇳',
  '   ',
  '',
  '~',
  '尾巴~',
  '尾巴%',
  'a/b\\c|d*e<f>g',
  '\u202e反向\u200b零宽',
  'index',
  '中文　全角空格',
];

/** Pieces from the list: CJK, emoji, %, #, ?, [], :, quotes, leading dots and dashes, device names, lone surrogates. */
const PIECES = ['中文', '齐鲁壹点', '趣头条', '掌握', '😀', '🇨🇳', '%', '%2', '%41', '#', '?', '[', ']', ':', '：', '"', "'", '“', '”', '.', '..', '-', '_', 'CON', 'aux', 'COM1', 'lpt9', '\ud800', '\udfff', ' ', '　', '~', '&', '+', '=', '!', '…', '/', '\\', '\u200b', '\u202e', 'Ab', 'x'];
const titleArb = fc.oneof(
  { weight: 8, arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 5 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) }), { minLength: 1, maxLength: 10 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PIECES, '长', '标题'), { minLength: 150, maxLength: 300 }).map((p) => p.join('')) },
);
const slugArb = fc.constantFrom('title', 'title', 'title', 'id', 'date-id', 'pinyin') as fc.Arbitrary<'title' | 'id' | 'date-id' | 'pinyin'>;

const content = parsePage('<div><p>正文。</p></div>', 'https://www.ql1d.com/general/1.html').window.document.querySelector('div')!;

function article(title: string, n: number): Article {
  return { site: 'qilu', rules: ['qilu'], generic: false, url: `https://www.ql1d.com/general/${1000 + n}.html`, title, published: '2021-07-27T15:58:00+08:00', content, images: [], removed: [], warnings: [] };
}

interface Loaded {
  title: string;
  source: string;
  path: string;
  permalink: string;
}

describe('file names real Hexo processes', () => {
  it(`loads every post, with its exact title, at a URL that reaches it (${FIXED.length} fixed + ${RUNS} generated titles, seed ${SEED})`, async () => {
    const generated = fc.sample(fc.tuple(titleArb, slugArb), { numRuns: RUNS, seed: SEED });
    const cases = [...FIXED.map((t) => [t, 'title'] as const), ...FIXED.slice(0, 8).map((t) => [t, 'pinyin'] as const), ...generated];
    const taken = new Set<string>();
    const posts = cases.map(([title, slug], n) => {
      const post = buildPost(article(title, n), settingsWith({ blog: { subfolder: '', slug } }), FIXED_NOW, undefined, { pinyin: toPinyin });
      return { title, slug, name: uniqueFilename(post.filename, taken), want: post.frontMatter.title as string, text: post.text };
    });

    const dir = mkdtempSync(join(tmpdir(), 'hexo-names-'));
    writeFileSync(join(dir, '_config.yml'), 'title: names\nurl: http://example.com\ntimezone: Asia/Shanghai\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'site', hexo: { version: '8.0.0' }, dependencies: { hexo: '*', 'hexo-renderer-marked': '*' } }));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const p of posts) {
      const target = join(dir, 'source', '_posts', p.name);
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, p.text);
    }
    const hexo = new Hexo(dir, { silent: true });
    await hexo.init();
    await hexo.load();
    const loaded = hexo.locals.get('posts').toArray() as unknown as Loaded[];
    const routes = new Set(hexo.route.list());
    await hexo.exit();

    const bySource = new Map(loaded.map((l) => [l.source.replace(/^_posts\//, ''), l]));
    const problems: string[] = [];
    for (const p of posts) {
      const got = bySource.get(p.name);
      const what = `${JSON.stringify(p.title)} (slug ${p.slug}) → ${JSON.stringify(p.name)}`;
      if (!got) {
        problems.push(`not loaded: ${what}`);
        continue;
      }
      if (got.title !== p.want) problems.push(`title ${JSON.stringify(got.title)}: ${what}`);
      // A server decodes the URL's path and serves that file: it must be the post's page.
      const served = decodeURIComponent(new URL(got.permalink).pathname).replace(/^\//, '');
      if (!routes.has(`${served}index.html`) || served !== got.path) problems.push(`permalink ${got.permalink} does not reach ${got.path}: ${what}`);
    }
    expect(problems, `seed ${SEED}`).toEqual([]);
    expect(loaded).toHaveLength(posts.length);
  }, 600_000);
});
