import { describe, expect, it } from 'vitest';
import { loadBlogProfile, parseScaffold, postsDir, profileFromText } from '../../utils/blog/profile';
import { blogSettings, effectiveSettings, patternFromNewPostName } from '../../utils/blog/settings';
import { checkField, presetDefaults, resolveSettings } from '../../utils/settings/validate';
import { MemoryBlogFs, SCAFFOLD, SITE_CONFIG, tempBlog } from './helpers';

const profileOf = (config: string, scaffold: string | null = null) => {
  const r = profileFromText(config, scaffold);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.profile;
};

describe('loadBlogProfile', () => {
  it('reads the config and the scaffold of a blog on disk', async () => {
    const { fs } = tempBlog({ '_config.yml': `${SITE_CONFIG}default_category: 新闻\nfilename_case: 1\nmarked:\n  postAsset: true\n`, 'scaffolds/post.md': SCAFFOLD, 'source/_posts/a.md': '' });
    const r = await loadBlogProfile(fs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.profile).toMatchObject({
      title: '测试博客',
      url: 'https://blog.example.com',
      timezone: 'Asia/Shanghai',
      postAssetFolder: true,
      newPostName: ':year/:title.md',
      defaultCategory: '新闻',
      filenameCase: 1,
      sourceDir: 'source',
      markedPostAsset: true,
      warnings: [],
    });
    expect(r.profile.scaffold).toEqual({ keys: ['title', 'date', 'tags', 'series'], defaults: { tags: null, series: '新闻存档' } });
    expect(r.profile.read).toEqual(expect.arrayContaining(['timezone', 'post_asset_folder', 'new_post_name', 'default_category', 'filename_case', 'marked']));
  });

  it('Hexo\'s defaults where the config says nothing; no scaffold is fine', async () => {
    const fs = new MemoryBlogFs({ '_config.yml': 'title: x\n', 'source/_posts/a.md': '' });
    const r = await loadBlogProfile(fs);
    expect(r.ok && r.profile).toMatchObject({ timezone: undefined, postAssetFolder: false, newPostName: ':title.md', defaultCategory: undefined, filenameCase: 0, sourceDir: 'source', markedPostAsset: false, scaffold: null });
  });

  it('follows source_dir and scaffold_dir', async () => {
    const fs = new MemoryBlogFs({ '_config.yml': 'source_dir: src\nscaffold_dir: tpl\n', 'src/_posts/a.md': '', 'tpl/post.md': '---\nlayout: post\n---\n' });
    const r = await loadBlogProfile(fs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.profile.sourceDir).toBe('src');
    expect(r.profile.scaffold?.defaults).toEqual({ layout: 'post' });
    expect(postsDir(r.profile, '新媒体/趣头条')).toBe('src/_posts/新媒体/趣头条');
    expect(postsDir(r.profile)).toBe('src/_posts');
  });

  it('a folder without _config.yml, or without its source folder, is not a blog', async () => {
    expect(await loadBlogProfile(new MemoryBlogFs({ 'source/_posts/a.md': '' }))).toEqual({ ok: false, error: { code: 'no-config' } });
    expect(await loadBlogProfile(new MemoryBlogFs({ '_config.yml': 'title: x\n' }))).toEqual({ ok: false, error: { code: 'no-source-folder', sourceDir: 'source' } });
    expect(await loadBlogProfile(new MemoryBlogFs({ '_config.yml': 'source_dir: docs\n', 'source/a.md': '' }))).toEqual({ ok: false, error: { code: 'no-source-folder', sourceDir: 'docs' } });
  });

  it('a config that does not parse is a code with the line, never a throw', async () => {
    const fs = new MemoryBlogFs({ '_config.yml': 'title: x\nurl: a: b\ntimezone: UTC\n', 'source/a.md': '' });
    const r = await loadBlogProfile(fs);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('config-unparseable');
    expect(r.error.code === 'config-unparseable' && r.error.line).toBe(2);
    expect(r.error.code === 'config-unparseable' && r.error.message).toMatch(/^Nested mappings/);
    const tab = await loadBlogProfile(new MemoryBlogFs({ '_config.yml': 'title: x\n\tbad: 1\n', 'source/a.md': '' }));
    expect(!tab.ok && tab.error).toMatchObject({ code: 'config-unparseable', line: 2 });
    const list = await loadBlogProfile(new MemoryBlogFs({ '_config.yml': '- a\n- b\n', 'source/a.md': '' }));
    expect(!list.ok && list.error.code).toBe('config-unparseable');
  });

  it('a scaffold that does not parse is its own code, with the file and line', async () => {
    const fs = new MemoryBlogFs({ '_config.yml': 'title: x\n', 'source/a.md': '', 'scaffolds/post.md': '---\ntitle: {{ title }}\ntags: [a\n---\n' });
    const r = await loadBlogProfile(fs);
    expect(!r.ok && r.error).toMatchObject({ code: 'scaffold-unparseable', path: 'scaffolds/post.md' });
  });

  it('reading the config failing (permission) is a code too', async () => {
    const fs = new MemoryBlogFs({});
    fs.readText = async () => {
      throw new Error('NotAllowedError');
    };
    const r = await loadBlogProfile(fs);
    expect(!r.ok && r.error.code).toBe('config-unparseable');
  });

  it('unusable values are warned about and ignored', () => {
    const p = profileOf('timezone: Mars/Base\nsource_dir: ../elsewhere\nfilename_case: 7\n');
    expect(p.timezone).toBeUndefined();
    expect(p.sourceDir).toBe('source');
    expect(p.filenameCase).toBe(0);
    expect(p.warnings.map((w) => w.code)).toEqual(['bad-timezone', 'bad-source-dir', 'bad-value']);
  });
});

describe('parseScaffold', () => {
  it('keeps key order; placeholders are keys without defaults', () => {
    const r = parseScaffold('---\nlayout: post\ntitle: "{{ title }}"\ndate: {{ date }}\ncategories:\n  - 存档\ncomments: false\n---\n正文模板\n');
    expect(r).toEqual({ ok: true, scaffold: { keys: ['layout', 'title', 'date', 'categories', 'comments'], defaults: { layout: 'post', categories: ['存档'], comments: false } } });
  });

  it('the form without a leading ---, and a scaffold with no front matter', () => {
    expect(parseScaffold('title: {{ title }}\nseries: x\n---\n')).toEqual({ ok: true, scaffold: { keys: ['title', 'series'], defaults: { series: 'x' } } });
    expect(parseScaffold('just a body')).toEqual({ ok: true, scaffold: { keys: [], defaults: {} } });
  });
});

describe('effectiveSettings: the blog\'s values are the defaults, explicit settings win', () => {
  const blog = profileOf(`${SITE_CONFIG}default_category: 新闻\nmarked:\n  postAsset: true\n`);

  it('a user who changed nothing gets the blog\'s timezone, file names, category and asset folder', () => {
    const s = effectiveSettings(resolveSettings({ timezone: 'Asia/Shanghai' }), profileOf('timezone: Europe/Berlin\nnew_post_name: :year-:month-:day-:title.md\npost_asset_folder: true\n'));
    expect(s.timezone).toBe('Europe/Berlin');
    expect(s.filenamePattern).toBe(':year-:month-:day-:title.md');
    expect(s.images.mode).toBe('local');
    const t = effectiveSettings(resolveSettings({}), blog);
    expect(t.categories).toEqual(['新闻']);
    expect(t.images.assetStyle).toBe('relative');
    expect(t.filenamePattern).toBe(':year/:title.md');
  });

  it('values that differ from the preset\'s default are explicit and win', () => {
    const mine = resolveSettings({ timezone: 'Asia/Tokyo', filenamePattern: ':id.md', categories: ['我的'], images: { mode: 'remote', assetStyle: 'asset_img' } });
    const { settings, adjustments } = blogSettings(mine, profileOf('new_post_name: :year/:title.md\ndefault_category: 新闻\n'));
    expect(settings.timezone).toBe('Asia/Tokyo');
    expect(settings.filenamePattern).toBe(':id.md');
    expect(settings.categories).toEqual(['我的']);
    expect(adjustments).toEqual([]);
  });

  it('except the blog\'s timezone, which always wins: Hexo reads local dates in it', () => {
    const { settings, adjustments } = blogSettings(resolveSettings({ timezone: 'Asia/Tokyo' }), profileOf('timezone: UTC\n'));
    expect(settings.timezone).toBe('UTC');
    expect(adjustments).toEqual([{ path: 'timezone', value: 'UTC', from: 'timezone' }]);
  });

  it('the archive preset\'s GMT dates become local dates on a blog with another zone (the timezone trap)', () => {
    const archive = resolveSettings({ preset: 'archive' });
    expect(effectiveSettings(archive, profileOf('timezone: Asia/Shanghai\n')).dateStyle).toBe('local');
    expect(effectiveSettings(archive, profileOf('timezone: UTC\n')).dateStyle).toBe('rfc1123');
    expect(effectiveSettings(archive, profileOf('title: no zone\n')).dateStyle).toBe('rfc1123');
    // The archive's own categories are the preset's: default_category does not replace them.
    expect(effectiveSettings(archive, blog).categories).toEqual(presetDefaults('archive').categories);
  });

  it('images: zip becomes the asset folder; without post_asset_folder they stay remote; `uncategorized` is not written', () => {
    expect(effectiveSettings(resolveSettings({ images: { mode: 'zip' } }), blog).images.mode).toBe('local');
    expect(effectiveSettings(resolveSettings({ images: { mode: 'local' } }), profileOf('post_asset_folder: false\n')).images.mode).toBe('remote');
    expect(effectiveSettings(resolveSettings({}), profileOf('default_category: uncategorized\n')).categories).toEqual([]);
  });

  it('the input is not changed', () => {
    const s = resolveSettings({});
    const copy = JSON.stringify(s);
    effectiveSettings(s, blog);
    expect(JSON.stringify(s)).toBe(copy);
  });

  it('new_post_name becomes a pattern of ours, dropping what only Hexo fills', () => {
    expect(patternFromNewPostName(':title.md')).toBe(':title.md');
    expect(patternFromNewPostName(':year/:i_month/:title.md')).toBe(':year/:i_month/:title.md');
    expect(patternFromNewPostName(':year/:title-:hash.md')).toBe(':year/:title-.md');
    expect(patternFromNewPostName(':lang/:title.md')).toBe(':title.md');
    expect(patternFromNewPostName(':title')).toBe(':title.md');
    expect(patternFromNewPostName(':year/:hash.md')).toBeUndefined();
  });
});

describe('blog settings', () => {
  it('subfolder: levels under _posts, nothing that leaves it or that a file system refuses', () => {
    for (const ok of ['', '新媒体', '新媒体/趣头条', 'a b/c']) expect(checkField('blog.subfolder', ok), ok).toBeNull();
    for (const bad of ['..', 'a/../b', '/abs', 'a//b', 'a/', '.hidden', 'a:b', 'CON', 'x ', 'a\\b', 5]) expect(checkField('blog.subfolder', bad), String(bad)).not.toBeNull();
  });

  it('slug: one of four, with the reason otherwise', () => {
    for (const ok of ['title', 'id', 'date-id', 'pinyin']) expect(checkField('blog.slug', ok)).toBeNull();
    expect(checkField('blog.slug', 'hash')?.expected).toContain('"pinyin"');
    expect(resolveSettings({}).blog).toEqual({ subfolder: '', slug: 'title' });
    expect(() => resolveSettings({ blog: { slug: 'x' } })).toThrow(/blog\.slug/);
  });
});
