/**
 * Issue 14 in Chromium: the reader's 恢复 puts the Qilu footer back, and the post saved from the
 * reader and from the popup holds it at its place (the same post the core writes in jsdom); a
 * reload removes it again; 以后保留类似内容 keeps it; on the hostile page restoring everything runs
 * nothing and saves no live markup.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clip } from '../../utils/core/pipeline';
import { nodeDeps } from '../../utils/node/jsdom';
import type { Settings } from '../../utils/settings/schema';
import { docFor, expectedFor, readFixture } from '../helpers';
import { READER, dangerousMarkup, liveMarkup, openPage, openPopup, popupReady, putSettings, splitPost, storedSettings, tid, useHarness, type Harness } from './harness';

let h: Harness;
useHarness((started) => {
  h = started;
});

const inReader = (id: string) => `${READER} ${tid(id)}`;
const compact = (s: string) => s.replace(/\s+/g, '');
const FOOTER = '找记者、求报道、求帮助';
const PAGE = '019-ql';
const expected = expectedFor(`${PAGE}.html`);

/** The post the core writes in jsdom for this page with the footer put back. */
function postWithFooter(settings: Settings): string {
  const url = expected.url;
  const base = clip(docFor(readFixture('pages', `${PAGE}.html`), url), url, settings, nodeDeps());
  if (!base.ok) throw new Error(base.message);
  const footer = base.article.removed.find((r) => r.reason === 'qilu-footer');
  const restored = clip(docFor(readFixture('pages', `${PAGE}.html`), url), url, settings, nodeDeps(), { restored: [footer!.id!] });
  if (!restored.ok) throw new Error(restored.message);
  return restored.post.text;
}

async function openReader(tabId: number, page: Page): Promise<void> {
  const popup = await openPopup(h, tabId);
  expect(await popupReady(popup)).toBe('article');
  await popup.locator(tid('popup-reader')).click();
  await page.locator(READER).waitFor({ state: 'visible' });
  await popup.close();
}

const removedItem = (page: Page, text: string) => page.locator(inReader('reader-removed-item')).filter({ hasText: text });
const bodyText = async (page: Page) => compact(await page.locator(inReader('reader-body')).innerText());

describe('restoring removed content', () => {
  it('puts the Qilu footer back in the reader; reader and popup saves hold it at its place; a reload removes it again', async () => {
    const settings = await putSettings(h, {});
    const want = postWithFooter(settings);
    expect(compact(want)).toContain(FOOTER);
    const { page, tabId } = await openPage(h, PAGE, 'https');
    await openReader(tabId, page);
    expect(await bodyText(page)).not.toContain(FOOTER);

    await page.locator(inReader('reader-removed-toggle')).click();
    await removedItem(page, FOOTER).locator(tid('reader-restore')).click();
    await expect.poll(() => bodyText(page)).toContain(FOOTER);
    // At its place: the last paragraph, right after the article's own last one.
    const paragraphs = await page.locator(`${inReader('reader-body')} p`).allInnerTexts();
    expect(compact(paragraphs.at(-1)!)).toContain(FOOTER);
    expect(compact(paragraphs.at(-2)!)).toBe(compact(expected.blocks.at(-1)!));
    expect(await removedItem(page, FOOTER).getAttribute('data-restored')).toBe('true');

    let before = await h.ext.downloadIds();
    await page.locator(inReader('reader-save')).click();
    const fromReader = await h.ext.waitForDownload(before);
    expect(fromReader.content).toBe(want);

    const popup = await openPopup(h, tabId);
    expect(await popupReady(popup)).toBe('article');
    expect(await popup.locator(tid('popup-restored')).innerText()).toBe('已恢复 1 处，保存时会包含');
    before = await h.ext.downloadIds();
    await popup.locator(tid('popup-save')).click();
    const fromPopup = await h.ext.waitForDownload(before);
    expect(fromPopup.content).toBe(want);
    await popup.close();

    await page.reload({ waitUntil: 'load' });
    await openReader(tabId, page);
    expect(await bodyText(page)).not.toContain(FOOTER);
    const after = await openPopup(h, tabId);
    expect(await popupReady(after)).toBe('article');
    expect(await after.locator(tid('popup-restored')).count()).toBe(0);
    await after.close();
    await page.close();
  });

  it('undoes a restore, and restores nothing once the reader is closed', async () => {
    await putSettings(h, {});
    const { page, tabId } = await openPage(h, PAGE, 'https');
    await openReader(tabId, page);
    await page.locator(inReader('reader-removed-toggle')).click();
    await page.locator(inReader('reader-restore-all')).click();
    await expect.poll(() => bodyText(page)).toContain(FOOTER);
    // The restored 1×1 pixel is a placeholder in the reader, never an image it requests.
    expect(await page.locator(`${inReader('reader-body')} .restored-placeholder`).count()).toBeGreaterThan(0);
    expect(await page.locator(`${inReader('reader-body')} img[src*="stat.1sapp.com/r.gif"]`).count()).toBe(0);
    await page.locator(inReader('reader-restore-undo')).click();
    await expect.poll(() => bodyText(page)).not.toContain(FOOTER);

    await page.locator(inReader('reader-restore-all')).click();
    await expect.poll(() => bodyText(page)).toContain(FOOTER);
    await page.locator(inReader('reader-close')).click();
    const popup = await openPopup(h, tabId);
    expect(await popupReady(popup)).toBe('article');
    expect(await popup.locator(tid('popup-restored')).count()).toBe(0);
    await popup.close();
    await page.close();
  });

  it('with 以后保留类似内容, the footer stays: in the reader at once, and after a reload', async () => {
    await putSettings(h, {});
    const { page, tabId } = await openPage(h, PAGE, 'https');
    await openReader(tabId, page);
    await page.locator(inReader('reader-removed-toggle')).click();
    await removedItem(page, FOOTER).locator(tid('reader-keep')).click();
    await expect
      .poll(async () => ((await storedSettings(h)) as Settings).exceptions)
      .toEqual([{ site: 'ql1d.com', text: expected.promo!.text }]);
    // The reader redraws from the new settings: the footer is not removed in the first place.
    await expect.poll(() => bodyText(page)).toContain(FOOTER);

    await page.reload({ waitUntil: 'load' });
    await openReader(tabId, page);
    expect(await bodyText(page)).toContain(FOOTER);
    const list = await page.locator(inReader('reader-removed')).innerText();
    expect(list).not.toContain('推广页脚');
    await page.close();
    await putSettings(h, {});
  });
});

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null);

describe('restoring on the hostile page', () => {
  it('puts every removal back without running anything; the saved post holds no live markup', async () => {
    // Its handler-laden paragraph is removed as promo text, so there is markup to restore.
    await putSettings(h, { promoPatterns: ['/第四段正文[\\s\\S]*?里。/', '/第三段正文[\\s\\S]*?处理器。/'] });
    const { page, tabId } = await openPage(h, 'hostile');
    expect(await page.evaluate(() => (window as unknown as { __pageScriptsRan?: number }).__pageScriptsRan)).toBe(1);
    await openReader(tabId, page);
    expect(await bodyText(page)).not.toContain('第四段正文');
    await page.locator(inReader('reader-removed-toggle')).click();
    const restorable = await page.locator(inReader('reader-restore')).count();
    expect(restorable).toBeGreaterThanOrEqual(2);
    await page.locator(inReader('reader-restore-all')).click();
    await expect.poll(() => bodyText(page)).toContain('第四段正文');
    expect(await page.locator(inReader('reader-restore')).count()).toBe(0);
    await page.waitForTimeout(1000);
    expect(await pwned(page)).toBeNull();

    const dangerous = await page.locator(READER).evaluate(dangerousMarkup);
    expect(dangerous).toEqual([]);
    const body = page.locator(inReader('reader-body'));
    await body.getByText('带鼠标事件的词语').hover();
    await body.getByText('带鼠标事件的词语').click();
    expect(await pwned(page)).toBeNull();

    const before = await h.ext.downloadIds();
    await page.locator(inReader('reader-save')).click();
    const saved = await h.ext.waitForDownload(before);
    const post = splitPost(saved.content);
    expect(compact(post.body)).toContain('第四段正文');
    expect(liveMarkup(post.body, 'markdown')).toEqual([]);
    expect(await pwned(page)).toBeNull();
    await page.close();
    await putSettings(h, {});
  });
});
