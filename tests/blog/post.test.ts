/** The post as the blog shapes it: the scaffold's keys and order, the slug, filename_case. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScaffold } from '../../utils/blog/profile';
import { formatFilename, safeSegment, slugText } from '../../utils/core/filename';
import { buildPost } from '../../utils/core/hexo';
import { toPinyin } from '../../utils/core/pinyin';
import { clipHtml, expectedFor, FIXED_NOW, readFixture, settingsWith } from '../helpers';

const scaffoldOf = (text: string) => {
  const r = parseScaffold(text);
  if (!r.ok) throw new Error(r.message);
  return r.scaffold;
};

const expected = expectedFor('006.html');
const { article } = clipHtml(readFixture('pages', '006.html'), expected.url);

describe('buildPost with the blog\'s scaffold', () => {
  it('adds the scaffold\'s extra keys with their defaults, in the scaffold\'s order, never over the article\'s values', () => {
    const scaffold = scaffoldOf('---\nlayout: post\ntitle: {{ title }}\nseries: 新闻存档\ndate: {{ date }}\ntags:\n  - 默认\nsticky: 0\ncomments: false\n---\n');
    const post = buildPost(article, settingsWith({ tags: ['新闻'] }), FIXED_NOW, undefined, { scaffold });
    const keys = Object.keys(parse(post.text.split('---\n')[1]!) as object);
    expect(keys.slice(0, 7)).toEqual(['layout', 'title', 'series', 'date', 'tags', 'sticky', 'comments']);
    expect(post.frontMatter).toMatchObject({ layout: 'post', title: expected.title, series: '新闻存档', tags: ['新闻'], sticky: 0, comments: true });
    expect(post.frontMatter.date).toBe('2021-06-15 15:01:00');
  });

  it('an empty scaffold key is written empty, as `hexo new` does, and reads back as null', () => {
    const post = buildPost(article, settingsWith({ preset: 'archive' }), FIXED_NOW, undefined, { scaffold: scaffoldOf('---\ntitle: {{ title }}\ndescription:\n---\n') });
    expect(post.text).toMatch(/^description:$/m);
    expect(post.frontMatter.description).toBeNull();
  });

  it('without a scaffold the post is what it was', () => {
    expect(buildPost(article, settingsWith(), FIXED_NOW, undefined, {}).text).toBe(buildPost(article, settingsWith(), FIXED_NOW).text);
  });
});

describe('slugs', () => {
  const vars = { title: '稳定毕业去向落实率、提高留鲁率！', date: new Date('2021-07-27T07:58:00Z'), timeZone: 'Asia/Shanghai', id: '1840579423' };

  it('title, id, date plus id, pinyin', () => {
    expect(formatFilename(':title.md', vars)).toBe('稳定毕业去向落实率、提高留鲁率！.md');
    expect(formatFilename(':title.md', { ...vars, slug: 'id' })).toBe('1840579423.md');
    expect(formatFilename(':year/:title.md', { ...vars, slug: 'date-id' })).toBe('2021/20210727-1840579423.md');
    expect(formatFilename(':title.md', { ...vars, slug: 'pinyin', pinyin: toPinyin })).toBe('wen-ding-bi-ye-qu-xiang-luo-shi-lv-ti-gao-liu-lu-lv.md');
    expect(formatFilename(':title.md', { ...vars, title: '100%掌握核心技术…', slug: 'pinyin', pinyin: toPinyin })).toBe('100-zhang-wo-he-xin-ji-shu.md');
  });

  it('fallbacks: no id → the title; nothing to spell in pinyin → the id; no converter → the title', () => {
    expect(slugText({ ...vars, id: undefined, slug: 'id' })).toBe(vars.title);
    expect(slugText({ ...vars, title: '😀', slug: 'pinyin', pinyin: toPinyin })).toBe('1840579423');
    expect(slugText({ ...vars, slug: 'pinyin' })).toBe(vars.title);
  });

  it('filename_case applies to :title as Hexo applies it', () => {
    expect(formatFilename(':title.md', { ...vars, title: 'Hello World', filenameCase: 1 })).toBe('hello world.md');
    expect(formatFilename(':title.md', { ...vars, title: 'Hello World', filenameCase: 2 })).toBe('HELLO WORLD.md');
  });

  it('buildPost takes the slug from settings.blog.slug and the converter from its options', () => {
    const post = buildPost(article, settingsWith({ blog: { subfolder: '', slug: 'pinyin' } }), FIXED_NOW, undefined, { pinyin: toPinyin });
    expect(post.filename).toMatch(/^[a-z0-9-]+\.md$/);
    expect(buildPost(article, settingsWith({ blog: { subfolder: '', slug: 'date-id' } }), FIXED_NOW).filename).toBe('20210615-1603894611.md');
  });
});

describe('names Hexo can process (the fixed cases; the generated ones are in filename-hexo.test.ts)', () => {
  it.each([
    ['100%掌握核心技术…', '100％掌握核心技术…'],
    ['#话题# 标题', '＃话题＃ 标题'],
    ['_下划线', '下划线'],
    ['__init__', 'init__'],
    ['.隐藏', '隐藏'],
    ['CON', 'CON_'],
    ['con.txt', 'con_.txt'],
    ['a?b', 'a b'],
  ])('%s → %s', (title, name) => {
    expect(safeSegment(title)).toBe(name);
  });

  it('a folder whose placeholder came out empty is left out rather than named `_` (which Hexo hides)', () => {
    expect(formatFilename(':site/:title.md', { title: 't', date: new Date(), timeZone: 'UTC', site: '' })).toBe('t.md');
  });
});
