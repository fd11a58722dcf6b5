/**
 * The options page's 博客 section over the real connection code (`blogSectionApi`: profile
 * reading, the refusal of non-blogs, the store), with an in-memory folder where the native
 * picker would answer and the real zh_CN strings.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlogSection } from '../../components/BlogSection';
import { I18n } from '../../components/i18n';
import { blogSectionApi } from '../../utils/extension/blog-options';
import { BLOG_CONFIG, memFolder, memoryBlogStore, SCAFFOLD, type MemDir } from './blog-helpers';
import { zhT } from './helpers';

afterEach(cleanup);

/** `showDirectoryPicker` answering with `folder` (or the user closing it). */
function scopeWith(folder: MemDir | 'cancel') {
  return {
    showDirectoryPicker: vi.fn(async (options: unknown) => {
      expect(options).toMatchObject({ mode: 'readwrite' });
      if (folder === 'cancel') throw Object.assign(new Error('closed'), { name: 'AbortError' });
      return folder;
    }),
  };
}

function show(api: ReturnType<typeof blogSectionApi>) {
  return render(
    <I18n.Provider value={zhT}>
      <BlogSection api={api} />
    </I18n.Provider>,
  );
}

const blog = () => memFolder('my-blog', { '_config.yml': BLOG_CONFIG, 'scaffolds/post.md': SCAFFOLD, 'source/_posts/.keep': '' });
const state = () => screen.getByTestId('blog-section').getAttribute('data-state');

describe('the 博客 section', () => {
  it('connects a Hexo blog: shows its title and URL and what was read from its config and scaffold', async () => {
    const store = memoryBlogStore();
    const folder = await blog();
    show(blogSectionApi(store, scopeWith(folder)));
    await waitFor(() => expect(state()).toBe('none'));
    fireEvent.click(screen.getByTestId('blog-connect'));
    await waitFor(() => expect(state()).toBe('connected'));
    expect(store.stored()?.handle).toBe(folder);
    expect(screen.getByTestId('blog-title').textContent).toBe('我的新闻存档');
    expect(screen.getByTestId('blog-url').textContent).toBe('https://news.example.com');
    expect(screen.getByTestId('blog-folder').textContent).toBe('my-blog');
    expect(screen.getByTestId('blog-read-timezone').textContent).toBe('Asia/Shanghai');
    expect(screen.getByTestId('blog-read-post_asset_folder').textContent).toBe('是');
    expect(screen.getByTestId('blog-read-new_post_name').textContent).toBe(':year/:title.md');
    expect(screen.getByTestId('blog-read-default_category').textContent).toBe('新闻');
    expect(screen.getByTestId('blog-read-filename_case').textContent).toBe('0');
    expect(screen.getByTestId('blog-read-marked-postAsset').textContent).toBe('是');
    expect(screen.getByTestId('blog-read-scaffold').textContent).toBe('archive_source: "趣头条"');
    expect(screen.getByTestId('blog-message').textContent).toBe('已连接博客文件夹 my-blog。');
  });

  it('refuses a folder that is not a blog, says why in Chinese, and keeps nothing', async () => {
    const store = memoryBlogStore();
    const folder = await memFolder('Downloads', { 'notes.txt': 'x' });
    show(blogSectionApi(store, scopeWith(folder)));
    await waitFor(() => expect(state()).toBe('none'));
    fireEvent.click(screen.getByTestId('blog-connect'));
    await waitFor(() => expect(screen.getByTestId('blog-message').getAttribute('data-kind')).toBe('error'));
    expect(screen.getByTestId('blog-message').textContent).toBe(
      '没有连接 Downloads：这不是 Hexo 博客的根目录：里面没有 _config.yml。请选择有 _config.yml 和 source 文件夹的那个文件夹。',
    );
    expect(state()).toBe('none');
    expect(store.stored()).toBeNull();
  });

  it('refuses a folder with _config.yml but no source folder', async () => {
    const store = memoryBlogStore();
    show(blogSectionApi(store, scopeWith(await memFolder('half', { '_config.yml': BLOG_CONFIG }))));
    await waitFor(() => expect(state()).toBe('none'));
    fireEvent.click(screen.getByTestId('blog-connect'));
    await waitFor(() => expect(screen.getByTestId('blog-message').textContent).toContain('没有博客的源文件夹 source/'));
    expect(store.stored()).toBeNull();
  });

  it('a _config.yml that does not parse: a clear message with its line, no crash, nothing kept or written', async () => {
    const store = memoryBlogStore();
    const broken = 'title: 博客\ntimezone: [Asia/Shanghai\npost_asset_folder: true\n';
    const folder = await memFolder('broken', { '_config.yml': broken, 'source/_posts/a.md': '---\ntitle: a\n---\n' });
    show(blogSectionApi(store, scopeWith(folder)));
    await waitFor(() => expect(state()).toBe('none'));
    fireEvent.click(screen.getByTestId('blog-connect'));
    await waitFor(() => expect(screen.getByTestId('blog-message').getAttribute('data-kind')).toBe('error'));
    expect(screen.getByTestId('blog-message').textContent).toMatch(/^没有连接 broken：_config\.yml 无法解析（第 \d+ 行：.+）。请先修正它。$/);
    expect(store.stored()).toBeNull();
    // Connecting only reads: the folder is as it was.
    expect([...folder.children.keys()].sort()).toEqual(['_config.yml', 'source']);
    expect(new TextDecoder().decode((await folder.getFileHandle('_config.yml')).bytes)).toBe(broken);
  });

  it('a connected blog whose config broke since: says so, offers disconnect, and does not crash', async () => {
    const folder = await memFolder('was-fine', { '_config.yml': 'title: [oops\n', 'source/.keep': '' });
    show(blogSectionApi(memoryBlogStore({ handle: folder, name: 'was-fine', connectedAt: 1 }), scopeWith('cancel')));
    await waitFor(() => expect(state()).toBe('unreadable'));
    expect(screen.getByTestId('blog-unreadable').textContent).toMatch(/_config\.yml 无法解析.*在修正之前不会向博客写入任何内容/);
    expect(screen.getByTestId('blog-disconnect')).toBeTruthy();
  });

  it('closing the picker changes nothing', async () => {
    const store = memoryBlogStore();
    show(blogSectionApi(store, scopeWith('cancel')));
    await waitFor(() => expect(state()).toBe('none'));
    fireEvent.click(screen.getByTestId('blog-connect'));
    await waitFor(() => expect((screen.getByTestId('blog-connect') as HTMLButtonElement).disabled).toBe(false));
    expect(state()).toBe('none');
    expect(screen.getByTestId('blog-message').textContent).toBe('');
  });

  it('disconnects in one click', async () => {
    const folder = await blog();
    const store = memoryBlogStore({ handle: folder, name: 'my-blog', connectedAt: 1 });
    show(blogSectionApi(store, scopeWith('cancel')));
    await waitFor(() => expect(state()).toBe('connected'));
    fireEvent.click(screen.getByTestId('blog-disconnect'));
    await waitFor(() => expect(state()).toBe('none'));
    expect(store.stored()).toBeNull();
    expect(screen.getByTestId('blog-message').textContent).toBe('已断开博客。之后的保存会放到下载文件夹。');
  });

  it('a dropped permission is shown, and 重新授权 asks the browser from the click', async () => {
    const folder = await blog();
    let permission: 'prompt' | 'granted' = 'prompt';
    const handle = Object.assign(folder, {
      queryPermission: vi.fn(async () => permission),
      requestPermission: vi.fn(async () => (permission = 'granted' as const)),
    });
    show(blogSectionApi(memoryBlogStore({ handle, name: 'my-blog', connectedAt: 1 }), scopeWith('cancel')));
    await waitFor(() => expect(state()).toBe('permission'));
    expect(handle.requestPermission).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('blog-grant'));
    await waitFor(() => expect(state()).toBe('connected'));
    expect(handle.requestPermission).toHaveBeenCalledWith({ mode: 'readwrite' });
  });

  it('without showDirectoryPicker (Firefox) it says so and points to the CLI', async () => {
    show(blogSectionApi(memoryBlogStore(), {}));
    expect(state()).toBe('unsupported');
    expect(screen.getByTestId('blog-unsupported').textContent).toContain('Firefox 没有 File System Access API');
    expect(screen.getByTestId('blog-section').textContent).toContain('--blog');
    expect(screen.queryByTestId('blog-connect')).toBeNull();
  });
});

describe('the 博客 settings on the options page', () => {
  it('offers the slug as a choice in Chinese, with the connection part above the blog settings', async () => {
    const { Options } = await import('../../components/Options');
    const { DEFAULT_SETTINGS } = await import('../../utils/settings/schema');
    render(
      <I18n.Provider value={zhT}>
        <Options initial={DEFAULT_SETTINGS} repaired={[]} save={async () => undefined} preview={async () => ''} exportJson={() => undefined} lang="zh" blog={<p data-testid="blog-slot">slot</p>} />
      </I18n.Provider>,
    );
    const section = document.getElementById('blog')!;
    expect(section.querySelector('[data-testid="blog-slot"]')).toBeTruthy();
    const slug = screen.getByTestId('opt-blog.slug') as HTMLSelectElement;
    expect([...slug.options].map((o) => [o.value, o.textContent])).toEqual([
      ['title', '标题'],
      ['id', '文章编号'],
      ['date-id', '日期加编号'],
      ['pinyin', zhT('slug_pinyin')],
    ]);
  });
});
