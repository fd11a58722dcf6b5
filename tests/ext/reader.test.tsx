import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18n } from '../../components/i18n';
import { Reader, type ReaderArticle } from '../../components/Reader';
import type { Removal } from '../../utils/core/types';
import { DEFAULT_SETTINGS, type ReaderSettings } from '../../utils/settings/schema';
import { zhT } from './helpers';

afterEach(cleanup);

const REMOVED: Removal[] = [
  { step: 'promo', code: 'promo-footer', reason: 'qilu-footer', text: '找记者、求报道、求帮助…' },
  { step: 'tracking', code: 'tracking-image', params: { kind: 'pixel' }, reason: 'tracking image (1×1 pixel)', src: 'http://report.qutoutiao.net/r.gif' },
  { step: 'tracking', code: 'tracking-image', params: { kind: 'beacon-host' }, reason: 'tracking image (beacon host)', src: 'http://report.qutoutiao.net/pv.gif' },
  { step: 'script', code: 'script', reason: 'script', text: "document.write('')" },
];

function article(): ReaderArticle {
  const content = document.createElement('div');
  const p = document.createElement('p');
  p.textContent = '今明两天，气温持续走低。';
  content.append(p);
  return { title: '德州寒潮模式继续发威', siteLabel: '趣头条', source: '齐鲁壹点', time: '2021-12-24 17:38', author: '记者 张三', content, removed: REMOVED };
}

function show(settings: Partial<ReaderSettings> = {}, prefersDark = false) {
  const props = {
    onSettings: vi.fn(),
    onSave: vi.fn(async () => ({ ok: true, message: '已保存：a.md' })),
    onClose: vi.fn(),
    onRendered: vi.fn(),
  };
  const a = article();
  render(
    <I18n.Provider value={zhT}>
      <Reader article={a} settings={{ ...DEFAULT_SETTINGS.reader, ...settings }} prefersDark={prefersDark} {...props} />
    </I18n.Provider>,
  );
  return { ...props, article: a };
}

describe('reader view', () => {
  it('shows the article with its metadata, from a copy of the sanitized body', () => {
    const { article: a, onRendered } = show();
    expect(screen.getByTestId('reader-title').textContent).toBe('德州寒潮模式继续发威');
    expect(screen.getByTestId('reader-site').textContent).toBe('趣头条');
    expect(screen.getByTestId('reader-meta').textContent).toContain('齐鲁壹点');
    expect(screen.getByTestId('reader-meta').textContent).toContain('2021-12-24 17:38');
    expect(screen.getByTestId('reader-meta').textContent).toContain('记者 张三');
    expect(screen.getByTestId('reader-body').textContent).toBe('今明两天，气温持续走低。');
    expect(screen.getByTestId('reader-body').firstChild).not.toBe(a.content);
    expect(onRendered).toHaveBeenCalledOnce();
  });

  it('says what was removed, and lists it on request', () => {
    show();
    expect(screen.getByTestId('reader-removed').textContent).toBe('已移除：推广页脚 1 处、跟踪图片 2 张');
    expect(screen.queryByTestId('reader-removed-list')).toBeNull();
    fireEvent.click(screen.getByTestId('reader-removed-toggle'));
    const items = Array.from(screen.getByTestId('reader-removed-list').querySelectorAll('li .what')).map((li) => li.textContent);
    expect(items).toEqual(['推广页脚: 找记者、求报道、求帮助…', '跟踪图片: http://report.qutoutiao.net/r.gif', '跟踪图片: http://report.qutoutiao.net/pv.gif', "脚本: document.write('')"]);
  });

  it('resolves the system theme and applies font size at once, persisting each change', () => {
    const { onSettings } = show({ theme: 'system', fontSize: 18 }, true);
    const root = screen.getByTestId('reader');
    expect(root.getAttribute('data-theme')).toBe('dark');
    expect(root.style.fontSize).toBe('18px');
    fireEvent.change(screen.getByTestId('reader-theme'), { target: { value: 'sepia' } });
    expect(root.getAttribute('data-theme')).toBe('sepia');
    fireEvent.change(screen.getByTestId('reader-font-size'), { target: { value: '22' } });
    expect(root.style.fontSize).toBe('22px');
    expect(onSettings).toHaveBeenLastCalledWith({ ...DEFAULT_SETTINGS.reader, theme: 'sepia', fontSize: 22 });
  });

  it('takes settings changed elsewhere (the options page) while it is open', () => {
    const props = { onSettings: vi.fn(), onSave: vi.fn(async () => ({ ok: true, message: '' })), onClose: vi.fn() };
    const a = article();
    const view = (reader: ReaderSettings) => (
      <I18n.Provider value={zhT}>
        <Reader article={a} settings={reader} prefersDark={false} {...props} />
      </I18n.Provider>
    );
    const { rerender } = render(view({ ...DEFAULT_SETTINGS.reader, theme: 'light', fontSize: 18 }));
    fireEvent.change(screen.getByTestId('reader-font-size'), { target: { value: '20' } });
    rerender(view({ ...DEFAULT_SETTINGS.reader, theme: 'dark', fontSize: 24 }));
    const root = screen.getByTestId('reader');
    expect(root.getAttribute('data-theme')).toBe('dark');
    expect(root.style.fontSize).toBe('24px');
    expect((screen.getByTestId('reader-font-size') as HTMLInputElement).value).toBe('24');
    // Taking them is not a change of the reader's own: nothing is written back.
    expect(props.onSettings).toHaveBeenCalledTimes(1);
  });

  it('ignores a font size outside the schema’s range', () => {
    const { onSettings } = show({ fontSize: 18 });
    fireEvent.change(screen.getByTestId('reader-font-size'), { target: { value: '100' } });
    expect(screen.getByTestId('reader').style.fontSize).toBe('18px');
    expect(onSettings).not.toHaveBeenCalled();
  });

  it('switches font and indent', () => {
    show();
    const root = screen.getByTestId('reader');
    fireEvent.change(screen.getByTestId('reader-font'), { target: { value: 'sans' } });
    expect(root.getAttribute('data-font')).toBe('sans');
    fireEvent.click(screen.getByTestId('reader-indent'));
    expect(root.getAttribute('data-indent')).toBe('true');
  });

  it('saves and closes through its callbacks', async () => {
    const { onSave, onClose } = show();
    fireEvent.click(screen.getByTestId('reader-save'));
    expect(await screen.findByText('已保存：a.md')).toBeTruthy();
    expect(onSave).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByTestId('reader-close'));
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('reader and the connected blog', () => {
  const existing = { path: 'source/_posts/2021/德州寒潮模式继续发威.md', title: '德州寒潮模式继续发威', localDate: '2021-12-24 17:38' };

  function showSaved(found: typeof existing | null) {
    const onSave = vi.fn(async (intent?: 'update' | 'new') => ({ ok: true, message: intent === 'new' ? '已保存到博客：b.md' : '已更新博客文章：a.md', existing: { ...existing, path: intent === 'new' ? 'b.md' : existing.path } }));
    render(
      <I18n.Provider value={zhT}>
        <Reader article={article()} settings={DEFAULT_SETTINGS.reader} prefersDark={false} onSettings={vi.fn()} onSave={onSave} onClose={vi.fn()} savedInBlog={async () => found} />
      </I18n.Provider>,
    );
    return onSave;
  }

  it('says 已保存 with the post and its date when it opens on an article the blog holds', async () => {
    showSaved(existing);
    const block = await screen.findByTestId('reader-already-saved');
    expect(block.getAttribute('data-path')).toBe(existing.path);
    expect(block.textContent).toContain('已保存');
    expect(block.textContent).toContain('2021-12-24 17:38');
  });

  it('updates that post only after a confirmation, or saves the article as a new post', async () => {
    const onSave = showSaved(existing);
    fireEvent.click(await screen.findByTestId('reader-update'));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByTestId('reader-already-saved').textContent).toContain(zhT('confirmUpdate', existing.path));
    fireEvent.click(screen.getByTestId('reader-update-confirm'));
    expect(onSave).toHaveBeenCalledWith('update');
    await screen.findByText('已更新博客文章：a.md');
    fireEvent.click(screen.getByTestId('reader-save-new'));
    expect(onSave).toHaveBeenLastCalledWith('new');
    expect((await screen.findByTestId('reader-already-saved')).getAttribute('data-path')).toBe('b.md');
  });

  it('shows nothing of the kind for an article the blog does not hold', async () => {
    showSaved(null);
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByTestId('reader-already-saved')).toBeNull();
  });
});
