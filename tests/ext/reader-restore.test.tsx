/**
 * The reader's 恢复 (issue 14), on a real Qilu page run through the real pipeline: restore one,
 * restore all, undo, tracking placeholders, and 以后保留类似内容.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18n } from '../../components/i18n';
import { Options } from '../../components/Options';
import { Reader, type ReaderArticle } from '../../components/Reader';
import { clipArticle, restoreArticle } from '../../utils/core/pipeline';
import type { Article, Removal } from '../../utils/core/types';
import { nodeDeps, parsePage } from '../../utils/node/jsdom';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings/schema';
import { fixture, fixtureUrl, zhT } from './helpers';

afterEach(cleanup);

const PAGE = fixture('019-ql.html');
const URL_QL = fixtureUrl(PAGE) || 'https://www.ql1d.com/general/21926312.html';
const deps = nodeDeps(() => new Date('2024-01-02T03:04:05Z'));
const compact = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '');

function extract(): Article {
  const outcome = clipArticle(parsePage(PAGE, URL_QL).window.document, URL_QL, DEFAULT_SETTINGS, deps);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.article;
}

function show() {
  const article = extract();
  const onRestore = vi.fn((ids: string[]) => {
    const back = restoreArticle(article, ids, deps.sanitizer);
    return { content: back.content, restored: back.restored ?? [] };
  });
  const onKeep = vi.fn(async (_r: Removal) => true);
  const shown: ReaderArticle = { title: article.title, siteLabel: '齐鲁壹点', content: article.content, removed: article.removed };
  render(
    <I18n.Provider value={zhT}>
      <Reader
        article={shown}
        settings={DEFAULT_SETTINGS.reader}
        prefersDark={false}
        onSettings={vi.fn()}
        onSave={vi.fn(async () => ({ ok: true, message: '' }))}
        onClose={vi.fn()}
        onRestore={onRestore}
        onKeep={onKeep}
      />
    </I18n.Provider>,
  );
  fireEvent.click(screen.getByTestId('reader-removed-toggle'));
  const item = (reason: string) => screen.getAllByTestId('reader-removed-item')[article.removed.findIndex((r) => r.reason.includes(reason))]!;
  const body = () => screen.getByTestId('reader-body');
  return { article, onRestore, onKeep, item, body };
}

const FOOTER = '找记者、求报道、求帮助';

describe('restoring in the reader', () => {
  it('lists each removal with what it was and why, 恢复 where it can come back', () => {
    const { article, item } = show();
    expect(item('qilu-footer').querySelector('.what')?.textContent).toContain(`推广页脚: ${FOOTER}`);
    expect(item('qilu-footer').querySelector('[data-testid="reader-restore"]')?.textContent).toBe('恢复');
    // A QR code is shown as a small thumbnail; a tracking image only as a placeholder, never loaded.
    const qr = article.removed.find((r) => r.reason === 'promo QR code')!;
    expect(item('promo QR code').querySelector('img.thumb')?.getAttribute('src')).toBe(qr.src);
    expect(item('tracking image').querySelector('img')).toBeNull();
    expect(item('tracking image').querySelector('.thumb.placeholder')?.textContent).toBe('［跟踪图片，未加载］');
    // A script never comes back.
    const script = screen.getAllByTestId('reader-removed-item')[article.removed.findIndex((r) => r.step === 'script')];
    if (script) expect(script.querySelector('[data-testid="reader-restore"]')).toBeNull();
  });

  it('恢复 puts the footer back at its place in the reader, and 撤销 takes it out again', () => {
    const { article, onRestore, item, body } = show();
    expect(compact(body().textContent)).not.toContain(FOOTER);
    fireEvent.click(item('qilu-footer').querySelector('[data-testid="reader-restore"]')!);
    const footer = article.removed.find((r) => r.reason === 'qilu-footer')!;
    expect(onRestore).toHaveBeenLastCalledWith([footer.id]);
    const paragraphs = Array.from(body().querySelectorAll('p')).map((p) => compact(p.textContent));
    expect(paragraphs.at(-1)).toContain(FOOTER);
    expect(paragraphs.at(-2)).toContain('27日白天晴');
    expect(item('qilu-footer').getAttribute('data-restored')).toBe('true');
    expect(item('qilu-footer').textContent).toContain('已恢复');

    fireEvent.click(screen.getByTestId('reader-restore-undo'));
    expect(onRestore).toHaveBeenLastCalledWith([]);
    expect(compact(body().textContent)).not.toContain(FOOTER);
    expect(item('qilu-footer').getAttribute('data-restored')).toBe('false');
    expect(screen.queryByTestId('reader-restore-undo')).toBeNull();
  });

  it('全部恢复 puts everything back; a restored tracking image is a placeholder in the reader', () => {
    const { article, onRestore, body } = show();
    const pixel = article.removed.find((r) => r.step === 'tracking')!;
    const qr = article.removed.find((r) => r.reason === 'promo QR code')!;
    fireEvent.click(screen.getByTestId('reader-restore-all'));
    expect(onRestore).toHaveBeenLastCalledWith(article.removed.filter((r) => r.id).map((r) => r.id));
    expect(compact(body().textContent)).toContain(FOOTER);
    expect(body().querySelector(`img[src="${qr.src}"]`)).not.toBeNull();
    expect(body().querySelector(`img[src="${pixel.src}"]`)).toBeNull();
    expect(body().querySelector('.restored-placeholder')?.textContent).toBe('［跟踪图片，未加载］');
    expect((screen.getByTestId('reader-restore-all') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getAllByTestId('reader-removed-item').filter((li) => li.getAttribute('data-restored') === 'true')).toHaveLength(article.removed.filter((r) => r.id).length);
  });

  it('undoes step by step: one, then all, then back to one', () => {
    const { article, onRestore, item, body } = show();
    const footer = article.removed.find((r) => r.reason === 'qilu-footer')!;
    fireEvent.click(item('qilu-footer').querySelector('[data-testid="reader-restore"]')!);
    fireEvent.click(screen.getByTestId('reader-restore-all'));
    fireEvent.click(screen.getByTestId('reader-restore-undo'));
    expect(onRestore).toHaveBeenLastCalledWith([footer.id]);
    expect(compact(body().textContent)).toContain(FOOTER);
    expect(body().querySelector('.restored-placeholder')).toBeNull();
  });

  it('以后保留类似内容 hands the removal over and says it is kept', async () => {
    const { article, onKeep, item } = show();
    const button = item('qilu-footer').querySelector('[data-testid="reader-keep"]') as HTMLButtonElement;
    expect(button.textContent).toBe('以后保留类似内容');
    fireEvent.click(button);
    expect(onKeep).toHaveBeenCalledWith(article.removed.find((r) => r.reason === 'qilu-footer'));
    await waitFor(() => expect(button.textContent).toBe('已保留（可在设置中删除）'));
    expect(button.disabled).toBe(true);
  });
});

describe('exceptions on the options page', () => {
  function showOptions(initial: Settings) {
    const save = vi.fn(async (_s: Settings) => undefined);
    render(
      <I18n.Provider value={zhT}>
        <Options initial={initial} repaired={[]} save={save} preview={async () => ''} exportJson={vi.fn()} lang="zh" />
      </I18n.Provider>,
    );
    return save;
  }

  it('lists the kept content and removes one on request', async () => {
    const exceptions = [
      { site: 'ql1d.com', text: '找记者、求报道、求帮助，各大应用市场下载“齐鲁壹点”APP' },
      { site: 'qktoutiao.com', text: '/^关注我们/' },
    ];
    const save = showOptions({ ...DEFAULT_SETTINGS, exceptions });
    const items = screen.getAllByTestId('opt-exception');
    expect(items.map((li) => li.textContent)).toEqual([expect.stringContaining('ql1d.com'), expect.stringContaining('/^关注我们/')]);
    fireEvent.click(items[0]!.querySelector('[data-testid="opt-exception-remove"]')!);
    await waitFor(() => expect(save).toHaveBeenCalled());
    expect(save.mock.calls.at(-1)?.[0].exceptions).toEqual([exceptions[1]]);
    expect(screen.getAllByTestId('opt-exception')).toHaveLength(1);
  });

  it('says when nothing is kept', () => {
    showOptions(DEFAULT_SETTINGS);
    expect(screen.getByTestId('opt-exceptions').textContent).toBe('还没有保留的内容。');
  });
});
