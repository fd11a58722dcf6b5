/**
 * The reader's extraction done while an article page is idle: reused by the first open when the
 * page is as it was, done again when the page has changed since.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../utils/settings/schema';
import { fixture, showAsPage } from './helpers';

const PAGE = fixture('019.html');
const ADDED = '这一段是页面空闲之后才加载出来的新文字，读者打开时应当看到它。';

/** A fresh copy of the page module: its cache of the last article is module state. */
async function pageModule() {
  vi.resetModules();
  return import('../../utils/extension/page');
}

const text = (el: Element) => el.textContent ?? '';

beforeEach(() => showAsPage(PAGE));

describe('the reader prepared while the page is idle', () => {
  it('opens on the article extracted ahead, as an open without preparation shows it', async () => {
    const cold = await pageModule();
    const unprepared = cold.showThisPage(DEFAULT_SETTINGS);
    showAsPage(PAGE);
    const page = await pageModule();
    page.prepareThisPage(DEFAULT_SETTINGS);
    const shown = page.showThisPage(DEFAULT_SETTINGS);
    expect(shown.ok && unprepared.ok).toBe(true);
    if (!shown.ok || !unprepared.ok) return;
    expect(shown.shown.title).toBe(unprepared.shown.title);
    expect(shown.shown.content.innerHTML).toBe(unprepared.shown.content.innerHTML);
  });

  it('reuses the prepared article while the page is unchanged', async () => {
    const page = await pageModule();
    page.prepareThisPage(DEFAULT_SETTINGS);
    // A change that keeps the page's shape (same text length, same elements) is not looked for: the
    // open shows the prepared article, which proves it did not extract again.
    const first = [...document.querySelectorAll('p')].find((p) => p.textContent?.startsWith('今明两天'))!;
    first.textContent = first.textContent!.replace('今明两天', '今明两日');
    const shown = page.showThisPage(DEFAULT_SETTINGS);
    expect(shown.ok).toBe(true);
    if (!shown.ok) return;
    expect(text(shown.shown.content)).toContain('今明两天');
    expect(text(shown.shown.content)).not.toContain('今明两日');
  });

  it('extracts again when the page gained text after the preparation', async () => {
    const page = await pageModule();
    page.prepareThisPage(DEFAULT_SETTINGS);
    const last = [...document.querySelectorAll('p')].find((p) => p.textContent?.includes('27日白天晴'))!;
    const added = document.createElement('p');
    added.textContent = ADDED;
    last.after(added);
    const shown = page.showThisPage(DEFAULT_SETTINGS);
    expect(shown.ok).toBe(true);
    if (shown.ok) expect(text(shown.shown.content)).toContain(ADDED);
  });
});
