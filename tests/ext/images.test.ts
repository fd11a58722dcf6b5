/**
 * Saving with images from the background: local (post + asset folder) and zip, the Referer rule
 * around the fetches, failures that stay visible, size caps and a missing host permission. The
 * browser side is fakeBrowser with `downloads`, `declarativeNetRequest`, `permissions` and `fetch`
 * stubbed; the page side is the real pipeline on jsdom, answering `clip` like the content script.
 */
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clipPage } from '../../utils/clip-page';
import { imageFailureNote } from '../../utils/core/assets';
import { handleMessage, registerBackground, runCommand } from '../../utils/extension/background';
import { IMAGE_HOST_PERMISSIONS, withReferer } from '../../utils/extension/images';
import type { ContentMessage, SaveResponse, SaveSuccess } from '../../utils/messages';
import { nodeDeps, parsePage } from '../../utils/node/jsdom';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings/schema';
import { loadSettings, storeSettings } from '../../utils/extension/settings-storage';
import { qutoutiaoPage, QUTOUTIAO_URL } from '../helpers';
import { getMessageZh } from './helpers';

const NOW = new Date('2024-01-02T03:04:05Z');
const IMG = 'http://static.1sapp.com/image';
const png = (n: number, size = 9) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, n].slice(0, size));
  return bytes;
};
const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n]);

/** Three distinct images, one of them twice, one the host refuses, one on a host we may not reach. */
const IMAGES = [`${IMG}/a.png`, `${IMG}/b`, `${IMG}/a.png`, `${IMG}/c.jpg`, `${IMG}/gone.png`, 'http://cdn.example.org/d.png'];
const PAGE = qutoutiaoPage(
  `<p>第一段：正文内容足够长，讲述了事情的经过和各方的反应，记者进行了采访。</p>${IMAGES.map((src) => `<p><img data-size="600,400" data-src="${src}" alt="图"></p>`).join('')}<p>最后一段，事情还在发展之中。</p>`,
  { title: '三张图片' },
);
const BODIES: Record<string, { bytes: Uint8Array; type: string }> = {
  [`${IMG}/a.png`]: { bytes: png(1), type: 'image/png' },
  // No extension in the URL: the Content-Type names it.
  [`${IMG}/b`]: { bytes: jpeg(2), type: 'image/jpeg' },
  [`${IMG}/c.jpg`]: { bytes: jpeg(3), type: 'image/jpeg' },
};

interface Download {
  url: string;
  filename: string;
  conflictAction: string;
  saveAs: boolean;
}

/** The state a test looks at afterwards. */
interface World {
  downloads: Download[];
  fetches: { url: string; init?: RequestInit; rulesActive: number }[];
  ruleCalls: Parameters<typeof fakeBrowser.declarativeNetRequest.updateSessionRules>[0][];
  active: Map<number, unknown>;
  clips: ContentMessage[];
  granted: Set<string>;
  /** Final names Chrome gives a download (`标题 (1).md` on a clash); the requested one otherwise. */
  rename: (path: string) => string;
}

let world: World;

function decode(url: string): Uint8Array {
  const m = /^data:[^,]*?(;base64)?,(.*)$/s.exec(url);
  if (!m) throw new Error(`not a data URL: ${url.slice(0, 40)}`);
  if (m[1]) return Uint8Array.from(atob(m[2] ?? ''), (c) => c.charCodeAt(0));
  return new TextEncoder().encode(decodeURIComponent(m[2] ?? ''));
}
const text = (d: Download) => new TextDecoder().decode(decode(d.url));
const mimeOf = (d: Download) => /^data:([^,;]*)/.exec(d.url)?.[1];

beforeEach(async () => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(getMessageZh as never);
  (URL as { createObjectURL?: unknown }).createObjectURL = undefined;
  world = { downloads: [], fetches: [], ruleCalls: [], active: new Map(), clips: [], granted: new Set(['http://static.1sapp.com/*']), rename: (p) => p };

  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (_tabId: number, message: ContentMessage) => {
    if (message.type === 'ping') return { ok: true };
    if (message.type !== 'clip') return { ok: true, open: true };
    world.clips.push(message);
    const dom = parsePage(PAGE, QUTOUTIAO_URL);
    return clipPage(dom.window.document, QUTOUTIAO_URL, (await loadSettings()).settings, nodeDeps(() => NOW), message.overrides, message.local).response;
  }) as never);

  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async ({ origins }: { origins: string[] }) => origins.every((o) => world.granted.has(o))) as never);
  vi.spyOn(fakeBrowser.declarativeNetRequest, 'updateSessionRules').mockImplementation((async (options: World['ruleCalls'][number]) => {
    world.ruleCalls.push(JSON.parse(JSON.stringify(options)));
    for (const id of options.removeRuleIds ?? []) world.active.delete(id);
    for (const rule of options.addRules ?? []) {
      if (world.active.has(rule.id)) throw new Error(`duplicate rule id ${rule.id}`);
      world.active.set(rule.id, rule);
    }
  }) as never);
  vi.spyOn(fakeBrowser.declarativeNetRequest, 'getSessionRules').mockImplementation((async () => [...world.active.entries()].map(([id]) => ({ id }))) as never);

  let nextId = 100;
  const ids = new Map<number, string>();
  vi.spyOn(fakeBrowser.downloads, 'download').mockImplementation((async (options: Download) => {
    world.downloads.push({ ...options });
    ids.set(++nextId, world.rename(options.filename));
    return nextId;
  }) as never);
  vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation((async ({ id }: { id: number }) =>
    ids.has(id) ? [{ id, state: 'complete', filename: `/home/user/Downloads/${ids.get(id)}` }] : []) as never);

  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      world.fetches.push({ url: input, init, rulesActive: world.active.size });
      const body = BODIES[input];
      if (!body) return new Response('not found', { status: 404 });
      return new Response(body.bytes as BodyInit, { status: 200, headers: { 'content-type': body.type, 'content-length': String(body.bytes.length) } });
    }),
  );
});

const createObjectURL = URL.createObjectURL;
afterEach(() => {
  URL.createObjectURL = createObjectURL;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function save(images?: 'remote' | 'local' | 'zip', settings: Partial<Settings> = {}): Promise<SaveResponse & { text?: string }> {
  await storeSettings({ ...DEFAULT_SETTINGS, ...settings });
  const tab = await fakeBrowser.tabs.create({ url: QUTOUTIAO_URL });
  return (await handleMessage({ type: 'save', tabId: tab.id!, ...(images ? { images } : {}) }, {})) as SaveResponse & { text?: string };
}

function ok(result: SaveResponse): SaveSuccess {
  if (!result.ok) throw new Error(`save failed: ${result.error} ${result.message}`);
  return result;
}

const EXPECTED_FAILURES = [
  { src: `${IMG}/gone.png`, code: 'image-http', params: { status: 404 } },
  { src: 'http://cdn.example.org/d.png', code: 'image-no-permission', params: { host: 'cdn.example.org' } },
];

describe('local: the post and its asset folder', () => {
  it('writes NAME.md, then NAME/01.png, 02.jpg, 03.jpg with the bytes the host sent', async () => {
    const result = ok(await save('local'));
    expect(world.downloads.map((d) => [d.filename, mimeOf(d), d.conflictAction, d.saveAs])).toEqual([
      ['hexo-clipper/三张图片.md', 'text/markdown', 'uniquify', false],
      ['hexo-clipper/三张图片/01.png', 'image/png', 'overwrite', false],
      ['hexo-clipper/三张图片/02.jpg', 'image/jpeg', 'overwrite', false],
      ['hexo-clipper/三张图片/03.jpg', 'image/jpeg', 'overwrite', false],
    ]);
    expect(decode(world.downloads[1]!.url)).toEqual(png(1));
    expect(decode(world.downloads[2]!.url)).toEqual(jpeg(2));
    expect(decode(world.downloads[3]!.url)).toEqual(jpeg(3));
    expect(result).toMatchObject({ ok: true, downloadId: 101, filename: 'hexo-clipper/三张图片.md' });
    expect(result.images).toEqual({
      mode: 'local',
      total: 5,
      saved: 3,
      failures: EXPECTED_FAILURES,
      files: ['hexo-clipper/三张图片.md', 'hexo-clipper/三张图片/01.png', 'hexo-clipper/三张图片/02.jpg', 'hexo-clipper/三张图片/03.jpg'],
    });
  });

  it('the post refers to the saved names, keeps the failed images remote, and says why in a comment', async () => {
    await save('local');
    const post = text(world.downloads[0]!);
    expect(post.match(/\{% asset_img 01\.png "图" %\}/g)).toHaveLength(2);
    expect(post).toContain('{% asset_img 02.jpg "图" %}');
    expect(post).toContain('{% asset_img 03.jpg "图" %}');
    expect(post).toContain(`![图](${IMG}/gone.png)`);
    expect(post).toContain('![图](http://cdn.example.org/d.png)');
    expect(post).toContain(`<!-- hexo-clipper: image not saved locally: ${IMG}/gone.png (HTTP 404) -->`);
    expect(post).toContain('<!-- hexo-clipper: image not saved locally: http://cdn.example.org/d.png (no permission for cdn.example.org) -->');
    // The page built the post twice: once to list the images, once with their names.
    expect(world.clips.map((c) => (c.type === 'clip' && c.local ? c.local.names.length : 0))).toEqual([0, 3]);
  });

  it('relative style writes ![](01.png) for hexo-renderer-marked’s postAsset', async () => {
    await save('local', { images: { ...DEFAULT_SETTINGS.images, assetStyle: 'relative' } });
    const post = text(world.downloads[0]!);
    expect(post).toContain('![图](01.png)');
    expect(post).not.toContain('asset_img');
  });

  it('follows the browser’s new name on a clash: 三张图片 (1).md gets 三张图片 (1)/', async () => {
    world.rename = (p) => p.replace('三张图片.md', '三张图片 (1).md');
    const result = ok(await save('local'));
    expect(world.downloads.map((d) => d.filename)).toEqual([
      'hexo-clipper/三张图片.md',
      'hexo-clipper/三张图片 (1)/01.png',
      'hexo-clipper/三张图片 (1)/02.jpg',
      'hexo-clipper/三张图片 (1)/03.jpg',
    ]);
    expect(result.filename).toBe('hexo-clipper/三张图片 (1).md');
  });

  it('does not ask where to save even with saveAs on: the images could not follow the post', async () => {
    await save('local', { download: { subfolder: 'blog/source/_posts', saveAs: true } });
    expect(world.downloads.every((d) => d.saveAs === false)).toBe(true);
    expect(world.downloads[0]?.filename).toBe('blog/source/_posts/三张图片.md');
  });

  it('an image download the browser refuses is listed, and the rest of the save stands', async () => {
    const download = vi.mocked(fakeBrowser.downloads.download);
    const real = download.getMockImplementation() as unknown as (options: Download) => Promise<number>;
    download.mockImplementation((async (options: Download) => {
      if (options.filename.endsWith('02.jpg')) throw new Error('Invalid filename');
      return real(options);
    }) as never);
    const result = ok(await save('local'));
    expect(result.images?.saved).toBe(2);
    expect(result.images?.files).toEqual(['hexo-clipper/三张图片.md', 'hexo-clipper/三张图片/01.png', 'hexo-clipper/三张图片/03.jpg']);
    expect(result.images?.failures.at(-1)).toEqual({ src: `${IMG}/b`, code: 'image-download-failed', params: { file: '02.jpg', detail: 'Invalid filename' } });
  });
});

describe('the Referer rule', () => {
  it('is added just before the fetches and removed right after, scoped to the extension’s own requests', async () => {
    await save('local');
    expect(world.ruleCalls).toHaveLength(2);
    const [add, remove] = world.ruleCalls;
    expect(add?.addRules).toEqual([
      {
        id: expect.any(Number),
        priority: 1,
        action: { type: 'modifyHeaders', requestHeaders: [{ header: 'referer', operation: 'set', value: QUTOUTIAO_URL }] },
        condition: { initiatorDomains: ['test-extension-id'], requestDomains: ['static.1sapp.com'], resourceTypes: ['xmlhttprequest', 'other'], tabIds: [-1] },
      },
    ]);
    expect(remove).toEqual({ removeRuleIds: [add?.addRules?.[0]?.id] });
    expect(world.active.size).toBe(0);
    // Every fetch ran while the rule was in place, without cookies; the duplicate was fetched once.
    expect(world.fetches.map((f) => [f.url, f.rulesActive, f.init?.credentials])).toEqual([
      [`${IMG}/a.png`, 1, 'omit'],
      [`${IMG}/b`, 1, 'omit'],
      [`${IMG}/c.jpg`, 1, 'omit'],
      [`${IMG}/gone.png`, 1, 'omit'],
    ]);
  });

  it('is removed when the fetching throws, and a new one does not reuse its id', async () => {
    vi.mocked(fetch).mockRejectedValue(new TypeError('Failed to fetch'));
    const first = ok(await save('local'));
    expect(first.images?.failures.map(imageFailureNote)).toEqual(['Failed to fetch', 'Failed to fetch', 'Failed to fetch', 'Failed to fetch', 'no permission for cdn.example.org']);
    expect(world.active.size).toBe(0);
    await expect(withReferer(['static.1sapp.com'], QUTOUTIAO_URL, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(world.active.size).toBe(0);
    const ids = world.ruleCalls.flatMap((c) => c.addRules ?? []).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('one save at a time: a second save’s rule is added only after the first one’s is gone', async () => {
    await storeSettings(DEFAULT_SETTINGS);
    const tab = await fakeBrowser.tabs.create({ url: QUTOUTIAO_URL });
    const both = await Promise.all([
      handleMessage({ type: 'save', tabId: tab.id!, images: 'local' }, {}),
      handleMessage({ type: 'save', tabId: tab.id!, images: 'zip' }, {}),
    ]);
    expect(both.map((r) => (r as SaveResponse).ok)).toEqual([true, true]);
    expect(world.fetches.every((f) => f.rulesActive === 1)).toBe(true);
    expect(world.ruleCalls.map((c) => (c.addRules ? 'add' : 'remove'))).toEqual(['add', 'remove', 'add', 'remove']);
  });

  it('a rule the browser refuses does not stop the save: the images are fetched without it (a host that checks would refuse, and be listed)', async () => {
    vi.mocked(fakeBrowser.declarativeNetRequest.updateSessionRules).mockRejectedValue(new Error('Rule with id 1 does not have a unique ID.'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const result = ok(await save('local'));
    expect(world.fetches.every((f) => f.rulesActive === 0)).toBe(true);
    expect(result.images?.saved).toBe(3);
  });

  it('leftover rules of a worker that died mid-save are cleared when the background starts', async () => {
    world.active.set(7, { id: 7 });
    vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation(() => undefined);
    registerBackground();
    await vi.waitFor(() => expect(world.active.size).toBe(0));
  });

  it('Firefox (no declarativeNetRequest): a blocking webRequest listener sets the Referer on our requests only, then goes', async () => {
    const dnr = fakeBrowser.declarativeNetRequest;
    const add = vi.fn();
    const remove = vi.fn();
    (fakeBrowser as { declarativeNetRequest?: unknown }).declarativeNetRequest = undefined;
    vi.spyOn(fakeBrowser.webRequest.onBeforeSendHeaders, 'addListener').mockImplementation(add as never);
    vi.spyOn(fakeBrowser.webRequest.onBeforeSendHeaders, 'removeListener').mockImplementation(remove as never);
    try {
      const seen: unknown[] = [];
      await withReferer(['static.1sapp.com'], QUTOUTIAO_URL, async () => {
        const [listener, filter, extra] = add.mock.calls[0] as [(d: unknown) => unknown, unknown, unknown];
        expect(filter).toEqual({ urls: ['*://static.1sapp.com/*'], types: ['xmlhttprequest'] });
        expect(extra).toEqual(['blocking', 'requestHeaders']);
        const ours = fakeBrowser.runtime.getURL('/_generated_background_page.html');
        seen.push(listener({ tabId: -1, originUrl: ours, requestHeaders: [{ name: 'Cookie', value: 'a=1' }, { name: 'Accept', value: '*/*' }] }));
        seen.push(listener({ tabId: 4, originUrl: 'http://html2.qktoutiao.com/', requestHeaders: [] }));
      });
      expect(seen).toEqual([{ requestHeaders: [{ name: 'Accept', value: '*/*' }, { name: 'Referer', value: QUTOUTIAO_URL }] }, {}]);
      expect(remove).toHaveBeenCalledWith(add.mock.calls[0]?.[0]);
    } finally {
      (fakeBrowser as { declarativeNetRequest?: unknown }).declarativeNetRequest = dnr;
    }
  });
});

describe('zip: one download', () => {
  it('SUBFOLDER/NAME.zip holds NAME.md and NAME/01.png… with the same bytes', async () => {
    const result = ok(await save('zip', { download: { subfolder: 'hexo-clipper', saveAs: true } }));
    expect(world.downloads.map((d) => [d.filename, mimeOf(d), d.conflictAction, d.saveAs])).toEqual([['hexo-clipper/三张图片.zip', 'application/zip', 'uniquify', true]]);
    const entries = unzipSync(decode(world.downloads[0]!.url));
    expect(Object.keys(entries).sort()).toEqual(['三张图片.md', '三张图片/01.png', '三张图片/02.jpg', '三张图片/03.jpg']);
    expect(entries['三张图片/01.png']).toEqual(png(1));
    expect(entries['三张图片/02.jpg']).toEqual(jpeg(2));
    expect(strFromU8(entries['三张图片.md']!)).toContain('{% asset_img 03.jpg "图" %}');
    expect(result.images).toMatchObject({ mode: 'zip', saved: 3, failures: EXPECTED_FAILURES, files: ['hexo-clipper/三张图片.zip'] });
    expect(result.text).toBe('已保存：hexo-clipper/三张图片.zip。2 张图片未能保存，已保留原链接并在文章中注明。');
  });

  it('a filename pattern with folders puts the zip there and the post at the zip’s top', async () => {
    await save('zip', { filenamePattern: ':year/:title.md' });
    expect(world.downloads[0]?.filename).toBe('hexo-clipper/2021/三张图片.zip');
    expect(Object.keys(unzipSync(decode(world.downloads[0]!.url))).sort()).toEqual(['三张图片.md', '三张图片/01.png', '三张图片/02.jpg', '三张图片/03.jpg']);
  });
});

describe('the choice and its limits', () => {
  it('the popup’s choice wins over the setting; without one the setting decides', async () => {
    ok(await save('remote', { images: { ...DEFAULT_SETTINGS.images, mode: 'zip' } }));
    expect(world.downloads.map((d) => d.filename)).toEqual(['hexo-clipper/三张图片.md']);
    expect(text(world.downloads[0]!)).toContain(`![图](${IMG}/a.png)`);
    expect(world.fetches).toEqual([]);
    expect(world.ruleCalls).toEqual([]);

    world.downloads = [];
    ok(await save(undefined, { images: { ...DEFAULT_SETTINGS.images, mode: 'zip' } }));
    expect(world.downloads.map((d) => d.filename)).toEqual(['hexo-clipper/三张图片.zip']);
  });

  it('the keyboard command saves with the setting, and its badge title counts the images left remote', async () => {
    await storeSettings({ ...DEFAULT_SETTINGS, images: { ...DEFAULT_SETTINGS.images, mode: 'local' } });
    const tab = await fakeBrowser.tabs.create({ url: QUTOUTIAO_URL });
    await runCommand('save-post', tab.id);
    expect(world.downloads).toHaveLength(4);
    expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('✓');
    expect(await fakeBrowser.action.getTitle({ tabId: tab.id })).toBe('已保存：hexo-clipper/三张图片.md。2 张图片未能保存，已保留原链接并在文章中注明。');
  });

  it('size caps: a larger image and the ones past the article’s total stay remote, with the reason', async () => {
    BODIES[`${IMG}/c.jpg`] = { bytes: new Uint8Array(3 * 1024).fill(0xff), type: 'image/jpeg' };
    try {
      const result = ok(await save('local', { images: { ...DEFAULT_SETTINGS.images, maxImageKB: 2 } }));
      expect(result.images?.failures[0]).toEqual({ src: `${IMG}/c.jpg`, code: 'image-too-large', params: { size: 3 * 1024, limit: 2 * 1024 } });
      expect(text(world.downloads[0]!)).toContain(`<!-- hexo-clipper: image not saved locally: ${IMG}/c.jpg (too large (3 KB`);
      expect(world.fetches.find((f) => f.url === `${IMG}/c.jpg`)).toBeTruthy();

      world.downloads = [];
      const capped = ok(await save('local', { images: { ...DEFAULT_SETTINGS.images, maxArticleKB: 3 } }));
      expect(capped.images?.saved).toBe(2);
      expect(capped.images?.failures[0]).toEqual({ src: `${IMG}/c.jpg`, code: 'image-article-limit', params: { limit: 3 * 1024 } });
    } finally {
      BODIES[`${IMG}/c.jpg`] = { bytes: jpeg(3), type: 'image/jpeg' };
    }
  });

  it('without the image hosts’ permission nothing is fetched, and the post still saves with every image remote', async () => {
    world.granted.clear();
    const result = ok(await save('local'));
    expect(world.fetches).toEqual([]);
    expect(world.ruleCalls).toEqual([]);
    expect(world.downloads.map((d) => d.filename)).toEqual(['hexo-clipper/三张图片.md']);
    expect(result.images?.failures.map(imageFailureNote)).toEqual([
      'no permission for static.1sapp.com',
      'no permission for static.1sapp.com',
      'no permission for static.1sapp.com',
      'no permission for static.1sapp.com',
      'no permission for cdn.example.org',
    ]);
    expect(result.text).toContain('5 张图片未能保存');
  });

  it('refuses an unknown image mode', async () => {
    const tab = await fakeBrowser.tabs.create({ url: QUTOUTIAO_URL });
    expect(await handleMessage({ type: 'save', tabId: tab.id!, images: 'inline' as never }, {})).toMatchObject({ ok: false, error: 'invalid-overrides' });
    expect(world.downloads).toEqual([]);
  });

  it('the optional hosts are the image CDNs, and the requested permission is exactly those', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    const { requestImageAccess } = await import('../../utils/extension/images');
    expect(await requestImageAccess()).toBe(false);
    expect(request).toHaveBeenCalledWith({ origins: IMAGE_HOST_PERMISSIONS });
    expect(IMAGE_HOST_PERMISSIONS).toEqual(['*://*.1sapp.com/*', '*://*.ql1d.com/*', '*://*.qutoutiao.net/*']);
  });
});
