/**
 * The popup's blog states with its browser side as plain functions: no blog (Chrome, Firefox),
 * saving into a blog, already saved (update after a confirmation, or save as new), a dropped
 * permission asked from the click, and several selected tabs.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18n } from '../../components/i18n';
import { Popup, type PopupApi } from '../../components/Popup';
import type { BlogState, SaveResponse, TabSaveResult } from '../../utils/messages';
import { clipSuccess, zhT } from './helpers';

afterEach(cleanup);

const ARTICLE = clipSuccess({ filename: '2021/德州寒潮模式继续发威.md' });

const READY: BlogState = { ok: true, blog: { name: 'my-blog', ready: true, title: '我的新闻存档', imageMode: 'remote' }, existing: null };
const SAVED_PATH = 'source/_posts/2021/德州寒潮模式继续发威.md';
const EXISTING: BlogState = { ...READY, existing: { path: SAVED_PATH, title: ARTICLE.title, date: '2021-12-24T09:38:00.000Z', localDate: '2021-12-24 17:38' } };

function fakeApi(overrides: Partial<PopupApi> = {}, selected: number[] = [5]): PopupApi {
  return {
    tabInfo: vi.fn(async () => ({ ok: true as const, tabId: 5, site: 'qutoutiao', siteLabel: { zh: '趣头条', en: 'Qutoutiao' }, url: ARTICLE.url, selected })),
    clip: vi.fn(async () => ARTICLE),
    save: vi.fn(async (): Promise<SaveResponse> => ({ ok: true, filename: SAVED_PATH, blog: { status: 'written', path: SAVED_PATH } })),
    requestImageAccess: vi.fn(async () => true),
    copy: vi.fn(async () => undefined),
    openReader: vi.fn(async () => ({ ok: true as const })),
    blogState: vi.fn(async () => READY),
    ensureBlogAccess: vi.fn(async () => 'granted' as const),
    saveTabs: vi.fn(async () => []),
    blogSupported: true,
    openBlogSettings: vi.fn(),
    ...overrides,
  };
}

function show(api: PopupApi) {
  return render(
    <I18n.Provider value={zhT}>
      <Popup api={api} lang="zh" />
    </I18n.Provider>,
  );
}

const statusText = () => screen.getByTestId('popup-status').textContent;

describe('popup and the connected blog', () => {
  it('without a blog in Chrome: saves go to Downloads, and a link opens the 博客 section', async () => {
    const api = fakeApi({ blogState: vi.fn(async () => ({ ok: true as const, blog: null, existing: null })) });
    show(api);
    const hint = await screen.findByTestId('popup-blog-hint');
    expect(hint.textContent).toContain('保存到下载文件夹。');
    fireEvent.click(screen.getByTestId('popup-blog-connect'));
    expect(api.openBlogSettings).toHaveBeenCalledTimes(1);
  });

  it('in Firefox: points to the CLI instead, without asking the worker about a blog', async () => {
    // The popup's entry point gives no blogState where the folder picker is missing.
    show(fakeApi({ blogSupported: false, blogState: undefined }));
    const hint = await screen.findByTestId('popup-blog-hint');
    expect(hint.textContent).toContain('Firefox 不能直接写入博客文件夹');
    expect(hint.textContent).toContain('--blog');
    expect(screen.queryByTestId('popup-blog-connect')).toBeNull();
  });

  it('looks the article up by its URL, title and time, and names the blog it saves into', async () => {
    const api = fakeApi();
    show(api);
    expect((await screen.findByTestId('popup-blog')).textContent).toBe('保存到博客：我的新闻存档');
    expect(api.blogState).toHaveBeenCalledWith({ url: ARTICLE.url, title: ARTICLE.title, published: ARTICLE.published });
    expect(screen.queryByTestId('popup-already-saved')).toBeNull();
  });

  it('saves into the blog, after making sure of the folder permission inside the click', async () => {
    const order: string[] = [];
    const api = fakeApi({
      ensureBlogAccess: vi.fn(async () => (order.push('access'), 'granted' as const)),
      save: vi.fn(async (): Promise<SaveResponse> => (order.push('save'), { ok: true, filename: SAVED_PATH, blog: { status: 'written', path: SAVED_PATH } })),
    });
    show(api);
    await screen.findByTestId('popup-blog');
    fireEvent.click(screen.getByTestId('popup-save'));
    await waitFor(() => expect(statusText()).toBe(`已保存到博客：${SAVED_PATH}`));
    expect(order).toEqual(['access', 'save']);
    // Saved now, so the popup offers what a second visit offers.
    expect(screen.getByTestId('popup-already-saved').getAttribute('data-path')).toBe(SAVED_PATH);
  });

  it('a refused permission says so and the post goes to Downloads', async () => {
    const api = fakeApi({
      blogState: vi.fn(async () => ({ ok: true as const, blog: { name: 'my-blog', ready: false as const, reason: 'permission' as const }, existing: null })),
      ensureBlogAccess: vi.fn(async () => 'denied' as const),
      save: vi.fn(async (): Promise<SaveResponse> => ({ ok: true, downloadId: 3, filename: 'hexo-clipper/2021/德州寒潮模式继续发威.md', fallback: 'permission' })),
    });
    show(api);
    expect((await screen.findByTestId('popup-blog')).textContent).toContain('需要重新授权');
    fireEvent.click(screen.getByTestId('popup-save'));
    await waitFor(() => expect(statusText()).toBe('博客文件夹未获得写入权限，已改存到下载文件夹。 已保存：hexo-clipper/2021/德州寒潮模式继续发威.md'));
    expect(api.save).toHaveBeenCalledTimes(1);
  });

  it('already saved: shows 已保存 with path and date; 更新此文章 only after a confirmation', async () => {
    const api = fakeApi({
      blogState: vi.fn(async () => EXISTING),
      save: vi.fn(async (): Promise<SaveResponse> => ({ ok: true, filename: SAVED_PATH, blog: { status: 'updated', path: SAVED_PATH } })),
    });
    show(api);
    const block = await screen.findByTestId('popup-already-saved');
    expect(block.textContent).toContain('已保存');
    expect(block.textContent).toContain(SAVED_PATH);
    expect(block.textContent).toContain('2021-12-24 17:38');
    fireEvent.click(screen.getByTestId('popup-update'));
    expect(api.save).not.toHaveBeenCalled();
    expect(screen.getByTestId('popup-already-saved').textContent).toContain(`用现在的内容覆盖 ${SAVED_PATH}？`);
    fireEvent.click(screen.getByTestId('popup-update-cancel'));
    expect(api.save).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('popup-update'));
    fireEvent.click(screen.getByTestId('popup-update-confirm'));
    await waitFor(() => expect(statusText()).toBe(`已更新博客文章：${SAVED_PATH}`));
    expect(api.save).toHaveBeenCalledWith(expect.anything(), 'remote', 'update');
  });

  it('already saved: 另存为新文章 writes another post', async () => {
    const other = 'source/_posts/2021/德州寒潮模式继续发威-2.md';
    const api = fakeApi({
      blogState: vi.fn(async () => EXISTING),
      save: vi.fn(async (): Promise<SaveResponse> => ({ ok: true, filename: other, blog: { status: 'written', path: other } })),
    });
    show(api);
    await screen.findByTestId('popup-already-saved');
    fireEvent.click(screen.getByTestId('popup-save-new'));
    await waitFor(() => expect(statusText()).toBe(`已保存到博客：${other}`));
    expect(api.save).toHaveBeenCalledWith(expect.anything(), 'remote', 'new');
  });

  it('a plain save of an article found only at save time turns into the 已保存 offer', async () => {
    const api = fakeApi({
      save: vi.fn(async (): Promise<SaveResponse> => ({ ok: false, error: 'already-saved', message: 'x', existing: EXISTING.existing! })),
    });
    show(api);
    await screen.findByTestId('popup-blog');
    fireEvent.click(screen.getByTestId('popup-save'));
    await waitFor(() => expect(statusText()).toBe(`已保存：${SAVED_PATH}（2021-12-24 17:38）`));
    expect(screen.getByTestId('popup-already-saved')).toBeTruthy();
  });

  it('several selected tabs: 保存选中的 N 个标签页, then the outcome per tab', async () => {
    const results: TabSaveResult[] = [
      { tabId: 5, outcome: 'saved', path: SAVED_PATH, text: `已保存到博客：${SAVED_PATH}` },
      { tabId: 6, outcome: 'skipped', path: 'source/_posts/2021/另一篇.md', text: '已保存：source/_posts/2021/另一篇.md（2021-12-25 08:00）' },
      { tabId: 7, outcome: 'failed', text: '这个页面不是文章。' },
    ];
    const api = fakeApi({ saveTabs: vi.fn(async () => results) }, [5, 6, 7]);
    show(api);
    const button = await screen.findByTestId('popup-save-tabs');
    expect(button.textContent).toBe('保存选中的 3 个标签页');
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('popup-tab-results')).toBeTruthy());
    expect(api.ensureBlogAccess).toHaveBeenCalled();
    expect(api.saveTabs).toHaveBeenCalledWith([5, 6, 7]);
    const items = screen.getByTestId('popup-tab-results').querySelectorAll('li');
    expect([...items].map((li) => [li.getAttribute('data-tab'), li.getAttribute('data-outcome')])).toEqual([
      ['5', 'saved'],
      ['6', 'skipped'],
      ['7', 'failed'],
    ]);
    expect(statusText()).toBe('已保存 1 篇，跳过 1 篇（已保存过），失败 1 篇。');
  });

  it('one tab selected: no multi-tab offer', async () => {
    show(fakeApi({}, [5]));
    await screen.findByTestId('popup-blog');
    expect(screen.queryByTestId('popup-save-tabs')).toBeNull();
  });
});
