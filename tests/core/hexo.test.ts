import { parse as hexoParse } from 'hexo-front-matter';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildPost } from '../../utils/core/hexo';
import { clipHtml, FIXED_NOW, QUTOUTIAO_URL, qutoutiaoPage, settingsWith } from '../helpers';

const PHOTO = 'http://static.1sapp.com/qupost/img/2021/07/27/photo.png';
const SECURE = 'https://static.1sapp.com/qupost/img/2021/07/27/secure.png';
const BODY = `<p>第一段：正文内容足够长，讲述了事情的经过和各方的反应，记者进行了采访。</p><p><img data-size="720,305" data-src="${PHOTO}"></p><p><img data-src="${SECURE}"></p><p>第二段<strong>重要的话。</strong>接着说。</p>`;

function post(settings: Record<string, unknown> = {}, body = BODY, title = '标题: 带冒号 #和井号') {
  const { post } = clipHtml(qutoutiaoPage(body, { title }), QUTOUTIAO_URL, settings);
  const m = /^\n?---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(post.text)!;
  return { ...post, yaml: m[1]!, data: parseYaml(m[1]!) as Record<string, unknown>, bodyText: m[2]! };
}

describe('hexo preset', () => {
  it('writes the standard fields in order, parsed back equal', () => {
    const p = post({ categories: [['新闻', '山东'], ['存档']], tags: ['就业', 'yes'], author: '小编' });
    expect(Object.keys(p.data)).toEqual(['title', 'date', 'categories', 'tags', 'author', 'source', 'source_url', 'headimg', 'thumbnail', 'comments']);
    expect(p.data).toMatchObject({
      title: '标题: 带冒号 #和井号',
      date: '2021-07-27 15:58:00',
      categories: [['新闻', '山东'], ['存档']],
      tags: ['就业', 'yes'],
      author: '小编',
      source: '齐鲁晚报',
      source_url: QUTOUTIAO_URL,
      headimg: PHOTO,
      comments: true,
    });
    expect(p.frontMatter).toEqual(p.data);
  });

  it('writes the date in the configured zone', () => {
    expect(post({ timezone: 'UTC' }).data.date).toBe('2021-07-27 07:58:00');
  });

  it('names cover fields from the settings (butterfly, fluid)', () => {
    expect(post({ coverFields: ['cover'] }).data.cover).toBe(PHOTO);
    const fluid = post({ coverFields: ['index_img'] }).data;
    expect(fluid.index_img).toBe(PHOTO);
    expect(fluid.headimg).toBeUndefined();
  });

  it('writes a Markdown body', () => {
    const p = post();
    expect(p.bodyText).toContain(`![](${PHOTO})`);
    expect(p.bodyText).toContain('第二段<strong>重要的话。</strong>接着说。');
  });

  it('guards Nunjucks syntax in the body', () => {
    expect(post().data.disableNunjucks).toBeUndefined();
    const p = post({}, `${BODY}<p>模板语法 {{ page.title }} 和 {% raw %} 原样保留。</p>`);
    expect(p.data.disableNunjucks).toBe(true);
    expect(p.bodyText).toContain('{{ page.title }}');
  });

  it('applies the proxy to http images only, or to all', () => {
    const http = post({ images: { proxyScope: 'http', proxyPrefix: 'https://proxy.example/?' } });
    expect(http.bodyText).toContain(`https://proxy.example/?${PHOTO}`);
    expect(http.bodyText).toContain(`(${SECURE})`);
    expect(http.data.headimg).toBe(`https://proxy.example/?${PHOTO}`);
    const all = post({ images: { proxyScope: 'all', proxyPrefix: 'https://proxy.example/?' } });
    expect(all.bodyText).toContain(`https://proxy.example/?${SECURE}`);
  });

  it('omits cover fields when the article has no image', () => {
    const p = post({}, '<p>没有图片的文章，正文内容足够长，讲述了事情的经过和各方的反应。</p>');
    expect(p.data.headimg).toBeUndefined();
    expect(p.data.thumbnail).toBeUndefined();
  });
});

describe('archive preset', () => {
  it('writes the archive layout: leading newline, HTML body in <div>, no-referrer proxied images', () => {
    const p = post({ preset: 'archive' });
    expect(p.text.startsWith('\n---\ntitle: ')).toBe(true);
    expect(Object.keys(p.data)).toEqual(['title', 'categories', 'headimg', 'author', 'comments', 'date', 'thumbnail']);
    expect(p.data.date).toBe('Tue, 27 Jul 2021 07:58:00 GMT');
    expect(p.bodyText.startsWith('<div>   \n<p>')).toBe(true);
    expect(p.bodyText).toContain(`<img src="https://cors.zfour.workers.dev/?${PHOTO}" data-size="720,305" referrerpolicy="no-referrer">`);
    expect(p.bodyText).toContain(`<img src="${SECURE}" referrerpolicy="no-referrer">`);
  });

  it('keeps the title single-quoted as the archive does, escaping quotes', () => {
    const p = post({ preset: 'archive' }, BODY, "''南京胖哥''首露面");
    expect(p.yaml).toContain("title: '''''南京胖哥''''首露面'");
    expect(p.data.title).toBe("''南京胖哥''首露面");
  });
});

describe('characters YAML calls non-printable', () => {
  it('are written double-quoted and escaped, which Hexo reads back (js-yaml refuses them bare)', () => {
    const categories = ['a\ufffeb', 'lone \ud800 half'];
    for (const preset of ['hexo', 'archive'] as const) {
      const p = post({ preset, categories });
      expect(p.yaml).toContain('"a\ufffeb"');
      expect(p.yaml).toContain('"lone \\ud800 half"');
      expect((hexoParse(p.text) as Record<string, unknown>).categories).toEqual(categories);
    }
  });
});

describe('images saved beside the post', () => {
  const names = new Map([[PHOTO, '01.png']]);
  const failures = [{ src: SECURE, code: 'image-http' as const, params: { status: 403 } }];
  const localPost = (style: 'asset_img' | 'relative', settings: Record<string, unknown> = {}, body = BODY) => {
    const { article } = clipHtml(qutoutiaoPage(body, { title: '本地图片' }), QUTOUTIAO_URL, settings);
    return buildPost(article, settingsWith(settings), FIXED_NOW, { names, failures, style });
  };

  it('writes {% asset_img %} tags for saved images and keeps failed ones remote, noted', () => {
    const p = localPost('asset_img');
    expect(p.body).toContain('{% asset_img 01.png %}');
    expect(p.body).not.toContain(PHOTO);
    expect(p.body).toContain(`![](${SECURE})`);
    expect(p.body).toContain(`<!-- hexo-clipper: image not saved locally: ${SECURE} (HTTP 403) -->`);
    expect(p.frontMatter.headimg).toBe('01.png');
  });

  it('writes relative Markdown images for postAsset', () => {
    expect(localPost('relative').body).toContain('![](01.png)');
  });

  it('writes relative src in an HTML body', () => {
    expect(localPost('relative', { preset: 'archive' }).body).toContain('<img src="01.png" data-size="720,305" referrerpolicy="no-referrer">');
  });

  it('guards Nunjucks-looking text with {% raw %} when asset_img tags must still run', () => {
    const p = localPost('asset_img', {}, `${BODY}<p>模板 {{ page.title }} 原样。</p>`);
    expect(p.frontMatter.disableNunjucks).toBeUndefined();
    expect(p.body).toContain('{% raw %}模板 {{ page.title }} 原样。{% endraw %}');
    expect(p.body).toContain('{% asset_img 01.png %}');
  });
});

describe('front-matter text from the page', () => {
  it('cannot become markup in a theme that prints it unescaped', () => {
    const p = post({ tags: ['<b>粗</b>'] }, BODY, '&lt;img src=x onerror=alert(1)&gt;标题：3 &lt; 5，5 &gt; 3');
    expect(p.data.title).toBe('＜img src=x onerror=alert(1)＞标题：3 < 5，5 > 3');
    expect(p.data.tags).toEqual(['＜b＞粗＜/b＞']);
    expect(p.yaml).not.toMatch(/<[a-z/]/i);
  });
});
