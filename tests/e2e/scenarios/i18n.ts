/**
 * The UI follows the browser's language, zh-CN and en: every string the popup, the reader and the
 * badge show comes from that locale's messages.json. Written once for both browsers (Chromium's
 * own i18n.test.ts also covers the options page and screenshots).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness';
import type { Driver, UiLang } from '../driver/types';
import { badgeText, inReader, poll, popupReady, tid, READER } from './common';

type Messages = Record<string, { message: string }>;
const messages = (dir: string): Messages => JSON.parse(readFileSync(join(ROOT, 'public', '_locales', dir, 'messages.json'), 'utf8')) as Messages;
const CJK = /[\u3400-\u9fff]/;

export function i18nScenarios(driver: () => Driver, lang: UiLang): void {
  const m = messages(lang === 'en-US' ? 'en' : 'zh_CN');
  const msg = (k: string) => m[k]?.message ?? `(missing ${k})`;

  describe(`UI in ${lang}`, () => {
    it(`popup, reader and badge speak ${lang}`, async () => {
      const d = driver();
      expect(await d.inExtension(() => (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string } } }).chrome.i18n.getUILanguage())).toBe(lang);
      await d.putSettings({});
      const page = await d.openPage('028-ql');
      expect(await poll(() => badgeText(d, page.tabId), (b) => b !== '')).toBe(msg('badgeArticle'));
      const popup = await d.openPopup(page.tabId);
      expect(await popupReady(popup)).toBe('article');
      expect(await popup.text(tid('popup-save'))).toBe(msg('saveAsHexo'));
      expect(await popup.text(tid('popup-copy'))).toBe(msg('copyMarkdown'));
      expect(await popup.text(tid('popup-reader'))).toBe(msg('readerMode'));
      expect(await popup.text(tid('popup-site'))).toBe(lang === 'en-US' ? 'Qilu' : '齐鲁壹点');
      expect(await popup.evaluate(() => document.documentElement.lang)).toBe(lang === 'en-US' ? 'en' : 'zh-CN');
      await popup.screenshot(`popup-${lang}-${d.browser}`);

      await popup.click(tid('popup-reader'));
      await page.waitFor(READER);
      expect(await page.text(inReader('reader-save'))).toBe(msg('saveAsHexo'));
      expect(await page.text(inReader('reader-close'))).toBe(msg('readerClose'));
      const removed = await page.text(inReader('reader-removed'));
      expect(removed.startsWith(msg('removedSummary').replace('$1', ''))).toBe(true);
      const toolbar = await page.text(`${READER} [role="toolbar"]`);
      expect(CJK.test(toolbar + removed)).toBe(lang === 'zh-CN');
      await page.screenshot(`reader-${lang}-${d.browser}`);
      await popup.close().catch(() => undefined);

      const home = await d.openPage('home');
      const notArticle = await d.openPopup(home.tabId);
      expect(await popupReady(notArticle)).toBe('not-article');
      expect(await notArticle.text(tid('popup-not-article'))).toBe(msg('notArticle'));
      await notArticle.close();
      await home.close();
      await page.close();
    });
  });
}
