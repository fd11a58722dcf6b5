/**
 * Scenario 12: the UI follows the browser's language, zh_CN and en, with every string from the
 * locale files (no message key showing through). Screenshots of the English popup and reader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Browser } from '@wxt-dev/browser';
import { afterAll, describe, expect, it } from 'vitest';
import {
  READER,
  ROOT,
  badgeText,
  openPage,
  openPopup,
  poll,
  popupReady,
  putSettings,
  screenshot,
  startHarness,
  tid,
  type Harness,
} from './harness';

declare const chrome: typeof Browser;

type Messages = Record<string, { message: string }>;
const messages = (dir: string): Messages => JSON.parse(readFileSync(join(ROOT, 'public', '_locales', dir, 'messages.json'), 'utf8')) as Messages;
const CJK = /[\u3400-\u9fff]/;

/** Message keys that would show if a lookup failed (the translator falls back to the key). */
function leakedKeys(text: string, m: Messages): string[] {
  return Object.keys(m).filter((k) => /[A-Z_]/.test(k) && new RegExp(`(^|[^\\w])${k}([^\\w]|$)`).test(text));
}

const harnesses: Harness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.close();
});

async function uiTexts(h: Harness): Promise<{ popup: Page; page: Page; options: Page }> {
  await putSettings(h, {});
  const { page, tabId } = await openPage(h, '028');
  const popup = await openPopup(h, tabId);
  expect(await popupReady(popup)).toBe('article');
  const options = await h.ext.context.newPage();
  await options.goto(h.ext.extensionUrl('options.html'));
  await options.locator(tid('opt-preset')).waitFor();
  return { popup, page, options };
}

for (const [lang, dir] of [
  ['zh-CN', 'zh_CN'],
  ['en-US', 'en'],
] as const) {
  describe(`UI in ${lang}`, () => {
    const m = messages(dir);
    const msg = (k: string) => m[k]?.message ?? `(missing ${k})`;

    it(`popup, reader, options and badge speak ${lang}`, async () => {
      const h = await startHarness({ lang });
      harnesses.push(h);
      expect(await h.ext.inWorker(() => chrome.i18n.getUILanguage())).toBe(lang);
      expect(await h.ext.inWorker(() => chrome.runtime.getManifest().name)).toBe(msg('extName'));

      const { popup, page, options } = await uiTexts(h);
      expect(await popup.locator(tid('popup-save')).innerText()).toBe(msg('saveAsHexo'));
      expect(await popup.locator(tid('popup-copy')).innerText()).toBe(msg('copyMarkdown'));
      expect(await popup.locator(tid('popup-reader')).innerText()).toBe(msg('readerMode'));
      expect(await popup.locator(tid('popup-site')).innerText()).toBe(lang === 'en-US' ? 'Qutoutiao' : '趣头条');
      expect(await popup.evaluate(() => document.documentElement.lang)).toBe(lang === 'en-US' ? 'en' : 'zh-CN');
      const popupText = await popup.locator('main').innerText();
      expect(leakedKeys(popupText, m)).toEqual([]);
      if (lang === 'en-US') await screenshot(popup.locator('main'), 'popup-en');

      await popup.locator(tid('popup-reader')).click();
      await page.locator(READER).waitFor({ state: 'visible' });
      const removed = await page.locator(`${READER} ${tid('reader-removed')}`).innerText();
      expect(removed.startsWith(msg('removedSummary').replace('$1', ''))).toBe(true);
      expect(await page.locator(`${READER} ${tid('reader-save')}`).innerText()).toBe(msg('saveAsHexo'));
      expect(await page.locator(`${READER} ${tid('reader-close')}`).innerText()).toBe(msg('readerClose'));
      const toolbar = await page.locator(`${READER} [role="toolbar"]`).innerText();
      expect(leakedKeys(toolbar + removed, m)).toEqual([]);
      expect(CJK.test(toolbar + removed)).toBe(lang === 'zh-CN');
      if (lang === 'en-US') await screenshot(page, 'reader-en');

      expect(await options.locator('h1').innerText()).toBe(msg('optionsTitle'));
      const optionsText = await options.locator('main').evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelector('[data-testid="opt-preview"]')?.remove();
        return copy.innerText ?? copy.textContent ?? '';
      });
      expect(optionsText).toContain(msg('group_output'));
      expect(leakedKeys(optionsText, m)).toEqual([]);
      if (lang === 'en-US') await screenshot(options, 'options-en', { fullPage: true });

      const home = await openPage(h, 'home');
      const tab = await openPage(h, '028-ql');
      expect(await poll(() => badgeText(h, tab.tabId), (b) => b !== '')).toBe(msg('badgeArticle'));
      const notArticle = await openPopup(h, home.tabId);
      expect(await popupReady(notArticle)).toBe('not-article');
      expect(await notArticle.locator(tid('popup-not-article')).innerText()).toBe(msg('notArticle'));
    });
  });
}
