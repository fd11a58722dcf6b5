import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18n } from '../../components/i18n';
import { Popup, type PopupApi } from '../../components/Popup';
import type { ClipOverrides, ClipResponse, SaveResponse } from '../../utils/messages';
import type { ImageMode } from '../../utils/settings/schema';
import { clipSuccess, zhT } from './helpers';

afterEach(cleanup);

const ARTICLE = clipSuccess({ rules: ['qutoutiao', 'qilu'], tags: ['天气'], categories: ['新媒体', '趣头条', '分类'] });

/** The popup's browser side as plain functions: clip answers like the content script, echoing overrides. */
function fakeApi(overrides: Partial<PopupApi> = {}, site: string | null = 'qutoutiao') {
  const clip = vi.fn(async (o?: ClipOverrides): Promise<ClipResponse> => ({
    ...ARTICLE,
    ...(o?.title ? { title: o.title, filename: `${o.title}.md`, post: `---\ntitle: ${o.title}\n---\n` } : {}),
    ...(o?.tags ? { tags: o.tags } : {}),
  }));
  const api: PopupApi = {
    tabInfo: vi.fn(async () => ({ ok: true as const, tabId: 5, site, siteLabel: site ? { zh: '趣头条', en: 'Qutoutiao' } : null, url: null })),
    clip,
    save: vi.fn(async () => ({ ok: true as const, downloadId: 1, filename: 'hexo-clipper/德州寒潮模式继续发威.md' })),
    requestImageAccess: vi.fn(async () => true),
    copy: vi.fn(async () => undefined),
    openReader: vi.fn(async () => ({ ok: true as const })),
    ...overrides,
  };
  return api;
}

function show(api: PopupApi, onReaderOpened?: () => void, imageMode?: ImageMode) {
  return render(
    <I18n.Provider value={zhT}>
      <Popup api={api} lang="zh" imageMode={imageMode} onReaderOpened={onReaderOpened} />
    </I18n.Provider>,
  );
}

describe('popup', () => {
  it('shows what a save will write on a Qutoutiao article', async () => {
    show(fakeApi());
    const title = (await screen.findByTestId('popup-title')) as HTMLInputElement;
    expect(title.value).toBe('德州寒潮模式继续发威');
    expect(screen.getByTestId('popup-site').textContent).toBe('趣头条');
    expect(screen.getByTestId('popup-time').textContent).toBe('2021-12-24 17:38:00');
    expect(screen.getByTestId('popup-source').textContent).toBe('齐鲁壹点');
    expect((screen.getByTestId('popup-tags') as HTMLInputElement).value).toBe('天气');
    expect((screen.getByTestId('popup-categories') as HTMLInputElement).value).toBe('新媒体 / 趣头条 / 分类');
    expect(screen.getByTestId('popup-filename').textContent).toBe('德州寒潮模式继续发威.md');
    expect(screen.getByTestId('popup-save').textContent).toBe('保存为 Hexo 文章');
    expect(screen.getByTestId('popup-copy').textContent).toBe('复制 Markdown');
    expect(screen.getByTestId('popup-reader').textContent).toBe('阅读模式');
  });

  it('says how many removals the reader put back, so a save is known to include them', async () => {
    show(fakeApi({ clip: vi.fn(async () => ({ ...ARTICLE, restored: ['r1', 'p2'] })) }));
    expect((await screen.findByTestId('popup-restored')).textContent).toBe('已恢复 2 处，保存时会包含');
  });

  it('lists the pipeline’s warnings in words', async () => {
    const api = fakeApi({ clip: vi.fn(async () => ({ ...ARTICLE, warnings: ['no-publish-time'] })) });
    show(api);
    expect((await screen.findByTestId('popup-warnings')).textContent).toContain('没有发布时间');
  });

  it('an edited title updates the filename and is what gets saved', async () => {
    const api = fakeApi();
    show(api);
    const title = await screen.findByTestId('popup-title');
    fireEvent.input(title, { target: { value: '新标题' } });
    fireEvent.change(title, { target: { value: '新标题' } });
    await waitFor(() => expect(screen.getByTestId('popup-filename').textContent).toBe('新标题.md'));
    fireEvent.input(screen.getByTestId('popup-tags'), { target: { value: '天气，德州' } });
    fireEvent.click(screen.getByTestId('popup-save'));
    await waitFor(() => expect(screen.getByTestId('popup-status').textContent).toBe('已保存：hexo-clipper/德州寒潮模式继续发威.md'));
    expect(api.save).toHaveBeenCalledWith({ title: '新标题', tags: ['天气', '德州'], categories: ['新媒体', '趣头条', '分类'] }, 'remote');
  });

  it('a failed save says why in Chinese and keeps what was typed', async () => {
    const api = fakeApi({ save: vi.fn(async () => ({ ok: false as const, error: 'download-failed' as const, message: 'Invalid filename' })) });
    show(api);
    const title = (await screen.findByTestId('popup-title')) as HTMLInputElement;
    fireEvent.input(title, { target: { value: '我改的标题' } });
    fireEvent.click(screen.getByTestId('popup-save'));
    await waitFor(() => expect(screen.getByTestId('popup-status').textContent).toContain('下载被拒绝或失败'));
    expect(screen.getByTestId('popup-status').getAttribute('data-kind')).toBe('error');
    expect((screen.getByTestId('popup-title') as HTMLInputElement).value).toBe('我改的标题');
  });

  it('refuses to save an invalid tag list and names the problem', async () => {
    const api = fakeApi();
    show(api);
    await screen.findByTestId('popup-title');
    fireEvent.input(screen.getByTestId('popup-tags'), { target: { value: 'x'.repeat(101) } });
    fireEvent.click(screen.getByTestId('popup-save'));
    await waitFor(() => expect(screen.getByTestId('popup-status').textContent).toContain('无效'));
    expect(api.save).not.toHaveBeenCalled();
  });

  it('says plainly when the page is not an article', async () => {
    show(fakeApi({ clip: vi.fn(async () => ({ ok: false as const, error: 'not-article' as const, reason: 'not-article-url', message: 'list page' })) }));
    expect((await screen.findByTestId('popup-not-article')).textContent).toContain('不是文章');
    expect(screen.queryByTestId('popup-save')).toBeNull();
  });

  it('offers generic extraction on another site, and labels the result generic', async () => {
    const api = fakeApi({ clip: vi.fn(async () => ({ ...ARTICLE, site: 'generic', generic: true, siteLabel: { zh: '通用', en: 'Generic' } })) }, null);
    show(api);
    const button = await screen.findByTestId('popup-generic');
    expect(api.clip).not.toHaveBeenCalled();
    fireEvent.click(button);
    await screen.findByTestId('popup-title');
    expect(screen.getByTestId('popup-site').textContent).toBe('通用');
  });

  it('explains a missing permission for generic extraction', async () => {
    show(fakeApi({ clip: vi.fn(async () => ({ ok: false as const, error: 'no-permission' as const, message: 'Cannot access' })) }, null));
    fireEvent.click(await screen.findByTestId('popup-generic'));
    await waitFor(() => expect(screen.getByTestId('popup-status').textContent).toContain('无权访问'));
  });

  it('copies the post with the edited title', async () => {
    const api = fakeApi();
    show(api);
    const title = await screen.findByTestId('popup-title');
    fireEvent.change(title, { target: { value: '复制用标题' } });
    fireEvent.click(screen.getByTestId('popup-copy'));
    await waitFor(() => expect(api.copy).toHaveBeenCalledWith('---\ntitle: 复制用标题\n---\n'));
    expect(screen.getByTestId('popup-status').textContent).toBe('已复制到剪贴板');
  });

  it('opens the reader, and reports when the page refuses it', async () => {
    const opened = vi.fn();
    show(fakeApi(), opened);
    fireEvent.click(await screen.findByTestId('popup-reader'));
    await waitFor(() => expect(opened).toHaveBeenCalledOnce());
    cleanup();
    const refused = vi.fn();
    show(fakeApi({ openReader: vi.fn(async () => ({ ok: false as const, error: 'no-receiver' as const, message: 'x' })) }), refused);
    fireEvent.click(await screen.findByTestId('popup-reader'));
    await waitFor(() => expect(screen.getByTestId('popup-status').textContent).toContain('页面没有响应'));
    expect(refused).not.toHaveBeenCalled();
  });
});

describe('popup: images for this save', () => {
  const select = () => screen.getByTestId('popup-images') as HTMLSelectElement;
  const choose = (mode: ImageMode) => fireEvent.change(select(), { target: { value: mode } });

  it('starts from the setting, and offers remote, local and zip in words', async () => {
    show(fakeApi(), undefined, 'zip');
    await screen.findByTestId('popup-title');
    expect(select().value).toBe('zip');
    expect(Array.from(select().options).map((o) => [o.value, o.textContent])).toEqual([
      ['remote', '保留原链接'],
      ['local', '保存到文章资源文件夹（本地）'],
      ['zip', '文章和图片打包为一个 zip'],
    ]);
  });

  it('asks for the image hosts when local is picked, and saves with that choice', async () => {
    const api = fakeApi();
    show(api);
    await screen.findByTestId('popup-title');
    expect(select().value).toBe('remote');
    choose('local');
    expect(api.requestImageAccess).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByTestId('popup-save'));
    await waitFor(() => expect(api.save).toHaveBeenCalled());
    expect((api.save as ReturnType<typeof vi.fn>).mock.calls[0]?.[1]).toBe('local');
  });

  it('a refused permission says so and goes back to remote; nothing is saved on a refused save', async () => {
    const api = fakeApi({ requestImageAccess: vi.fn(async () => false) });
    show(api, undefined, 'local');
    await screen.findByTestId('popup-title');
    choose('zip');
    await waitFor(() => expect(screen.getByTestId('popup-status').textContent).toContain('未获得访问图片网站的权限'));
    expect(select().value).toBe('remote');
    expect(screen.getByTestId('popup-status').getAttribute('data-kind')).toBe('error');

    cleanup();
    const again = fakeApi({ requestImageAccess: vi.fn(async () => false) });
    show(again, undefined, 'local');
    await screen.findByTestId('popup-title');
    fireEvent.click(screen.getByTestId('popup-save'));
    await waitFor(() => expect(screen.getByTestId('popup-status').textContent).toContain('未获得访问图片网站的权限'));
    expect(again.save).not.toHaveBeenCalled();
    expect(select().value).toBe('remote');
  });

  it('lists the images that kept their remote URL, each with its reason in Chinese', async () => {
    const result: SaveResponse = {
      ok: true,
      downloadId: 3,
      filename: 'hexo-clipper/德州寒潮模式继续发威.md',
      images: {
        mode: 'local',
        total: 4,
        saved: 1,
        files: ['hexo-clipper/德州寒潮模式继续发威.md', 'hexo-clipper/德州寒潮模式继续发威/01.jpg'],
        failures: [
          { src: 'http://static.1sapp.com/a.jpg', code: 'image-http', params: { status: 403 } },
          { src: 'http://static.1sapp.com/b.jpg', code: 'image-too-large', params: { size: 6000 * 1024, limit: 5120 * 1024 } },
          { src: 'http://cdn.example.org/c.jpg', code: 'image-no-permission', params: { host: 'cdn.example.org' } },
        ],
      },
    };
    show(fakeApi({ save: vi.fn(async () => result) }), undefined, 'local');
    await screen.findByTestId('popup-title');
    fireEvent.click(screen.getByTestId('popup-save'));
    const list = await screen.findByTestId('popup-image-failures');
    expect(Array.from(list.querySelectorAll('li')).map((li) => [li.getAttribute('data-src'), li.textContent])).toEqual([
      ['http://static.1sapp.com/a.jpg', 'http://static.1sapp.com/a.jpg 服务器拒绝（HTTP 403）'],
      ['http://static.1sapp.com/b.jpg', 'http://static.1sapp.com/b.jpg 太大（6000 KB，上限 5120 KB）'],
      ['http://cdn.example.org/c.jpg', 'http://cdn.example.org/c.jpg 没有访问 cdn.example.org 的权限'],
    ]);
    expect(screen.getByTestId('popup-status').textContent).toBe('已保存：hexo-clipper/德州寒潮模式继续发威.md。3 张图片未能保存，已保留原链接并在文章中注明。');
  });

  it('says how many images were saved when all were', async () => {
    const result: SaveResponse = {
      ok: true,
      downloadId: 3,
      filename: 'hexo-clipper/德州寒潮模式继续发威.zip',
      images: { mode: 'zip', total: 3, saved: 3, failures: [], files: ['hexo-clipper/德州寒潮模式继续发威.zip'] },
    };
    show(fakeApi({ save: vi.fn(async () => result) }), undefined, 'zip');
    await screen.findByTestId('popup-title');
    fireEvent.click(screen.getByTestId('popup-save'));
    await waitFor(() => expect(screen.getByTestId('popup-status').textContent).toBe('已保存：hexo-clipper/德州寒潮模式继续发威.zip（图片 3 张）'));
    expect(screen.queryByTestId('popup-image-failures')).toBeNull();
  });
});
