/**
 * Scenario 9: a page with script vectors in its title, byline and body. They are inert as served
 * and become live only if the extension turns text into markup, keeps handlers, or swaps a
 * `data-src` into an element that still has its `onerror`. Nothing may run, in the page or in
 * the reader, and the saved file must hold no live markup once rendered as Hexo renders it.
 */
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inertText } from '../../utils/core/hexo';
import {
  READER,
  cliPost,
  dangerousMarkup,
  liveMarkup,
  openPage,
  openPopup,
  popupReady,
  putSettings,
  splitPost,
  useHarness,
  tid,
  urlOf,
  type Harness,
} from './harness';

let h: Harness;
useHarness((started) => {
  h = started;
});

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null);
const TITLE = '<img src=x onerror="window.__pwned=1">警惕：这是一篇带脚本陷阱的测试文章<svg onload=window.__pwned=1>';

describe('hostile page', () => {
  it('runs nothing in the page or the reader', async () => {
    await putSettings(h, {});
    const { page, tabId } = await openPage(h, 'hostile');
    // Scripts do run on this page (so a missing flag means something), and none of the traps fired.
    expect(await page.evaluate(() => (window as unknown as { __pageScriptsRan?: number }).__pageScriptsRan)).toBe(1);
    expect(await pwned(page)).toBeNull();

    const popup = await openPopup(h, tabId);
    expect(await popupReady(popup)).toBe('article');
    expect(await popup.locator(tid('popup-title')).inputValue()).toBe(TITLE);
    await popup.locator(tid('popup-reader')).click();
    await page.locator(READER).waitFor({ state: 'visible' });
    // Let images load or fail, so an `onerror` that survived would have fired.
    await page.waitForLoadState('load');
    await page.waitForTimeout(1000);
    expect(await pwned(page)).toBeNull();

    expect(await page.locator(`${READER} ${tid('reader-title')}`).innerText()).toBe(TITLE);
    const body = page.locator(`${READER} ${tid('reader-body')}`);
    expect(await body.innerText()).toContain('<script>window.__pwned=1</script>');
    const dangerous = await page.locator(READER).evaluate(dangerousMarkup);
    expect(dangerous).toEqual([]);
    // Hover and click where the handlers were, in case one hid somewhere the walk above missed.
    await body.getByText('带鼠标事件的词语').hover();
    await body.getByText('带鼠标事件的词语').click();
    expect(await pwned(page)).toBeNull();

    // Control: the same title as markup does fire in this page, so the flag can catch a leak.
    const fired = await page.evaluate(async () => {
      document.body.insertAdjacentHTML('beforeend', document.title);
      await new Promise((r) => setTimeout(r, 500));
      return (window as unknown as { __pwned?: number }).__pwned ?? null;
    });
    expect(fired).toBe(1);
    await page.close();
  });

  for (const preset of ['hexo', 'archive'] as const) {
    it(`saves a ${preset} post with no live markup, equal to the CLI's`, async () => {
      const settings = await putSettings(h, { preset });
      const cliRun = cliPost('hostile', settings, urlOf(h, 'hostile'));
      const { page, tabId } = await openPage(h, 'hostile');
      const popup = await openPopup(h, tabId);
      expect(await popupReady(popup)).toBe('article');
      const before = await h.ext.downloadIds();
      await popup.locator(tid('popup-save')).click();
      const saved = await h.ext.waitForDownload(before);
      expect(await pwned(page)).toBeNull();

      const { frontMatter, body } = splitPost(saved.content);
      expect(liveMarkup(body, settings.body)).toEqual([]);
      // The text of the traps survives as text.
      expect(body).toMatch(/&lt;script&gt;window\.\\?_\\?_pwned=1&lt;\/script&gt;/);
      const fm = parseYaml(frontMatter) as Record<string, unknown>;
      // Front matter is printed by themes, some unescaped: tag-like text gets full-width brackets.
      expect(fm.title).toBe(inertText(TITLE));
      expect(String(fm.title)).not.toMatch(/<[a-z/!?]/i);
      // The liveMarkup check itself catches a live vector.
      expect(liveMarkup('<p><img src="x" onerror="alert(1)"></p>', 'html')).toEqual(['img[onerror]']);
      expect(saved.content).toBe((await cliRun).post);
      await popup.close();
      await page.close();
    });
  }
});
