/**
 * The popup on a live tab: scenario 2 (reader from the popup), 4 (save = the CLI's output, both
 * presets), 7 (copy), 8 (not an article) and 11 (generic extraction on another site).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedFor } from '../helpers';
import {
  READER,
  clickToolbarButton,
  cliPost,
  settingsOf,
  type CliResult,
  openPage,
  openPopup,
  popupReady,
  putSettings,
  screenshot,
  useHarness,
  tid,
  urlOf,
  type Harness,
} from './harness';

let h: Harness;
useHarness(async (started) => {
  h = started;
  await h.ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

const cases = [
  { page: '028', scheme: 'http', preset: 'hexo' },
  { page: '028', scheme: 'http', preset: 'archive' },
  { page: '028-ql', scheme: 'https', preset: 'hexo' },
  { page: '034', scheme: 'https', preset: 'archive' },
] as const;
/** The CLI's output for each case, started up front so it runs while the browser works. */
const cliRuns = new Map<string, Promise<CliResult>>();
const cliFor = (page: string, preset: string, url?: string) => {
  const key = `${page} ${preset} ${url ?? ''}`;
  if (!cliRuns.has(key)) cliRuns.set(key, cliPost(page, settingsOf({ preset }), url));
  return cliRuns.get(key)!;
};

describe('popup save writes what the CLI writes', () => {
  beforeAll(() => {
    for (const c of cases) void cliFor(c.page, c.preset, urlOf(h, c.page, c.scheme)).catch(() => undefined);
    void cliFor('028', 'hexo').catch(() => undefined);
    void cliFor('generic', 'hexo').catch(() => undefined);
  });

  for (const c of cases) {
    it(`${c.page} over ${c.scheme}, preset ${c.preset}`, async () => {
      const settings = await putSettings(h, { preset: c.preset });
      const url = urlOf(h, c.page, c.scheme);
      const cli = await cliFor(c.page, c.preset, url);
      expect(settings).toEqual(settingsOf({ preset: c.preset }));
      const expected = expectedFor(`${c.page}.html`);

      const { page, tabId } = await openPage(h, c.page, c.scheme);
      const popup = await openPopup(h, tabId);
      expect(await popupReady(popup)).toBe('article');
      expect(await popup.locator(tid('popup-title')).inputValue()).toBe(expected.title);
      expect(await popup.locator(tid('popup-source')).innerText()).toBe(expected.source);
      expect(await popup.locator(tid('popup-site')).innerText()).toBe(expected.site === 'qilu' ? '齐鲁壹点' : '趣头条');
      expect(await popup.locator(tid('popup-filename')).innerText()).toBe(cli.filename);
      const date = /^date: (.*)$/m.exec(cli.post)?.[1];
      expect(await popup.locator(tid('popup-time')).innerText()).toBe(date);
      if (c.page === '028' && c.preset === 'hexo') await screenshot(popup.locator('main'), 'popup');

      const before = await h.ext.downloadIds();
      await popup.locator(tid('popup-save')).click();
      const saved = await h.ext.waitForDownload(before);
      expect(saved.filename).toBe(join(h.ext.downloadsDir, 'hexo-clipper', cli.filename));
      expect(saved.content).toBe(cli.post);
      await expect.poll(() => popup.locator(tid('popup-status')).innerText()).toContain(cli.filename);
      await popup.close();
      await page.close();
    });
  }
});

describe('popup', () => {
  it('copies the same Markdown a save writes, following an edited title', async () => {
    await putSettings(h, {});
    const cli = await cliFor('028', 'hexo');
    const { page, tabId } = await openPage(h, '028');
    const popup = await openPopup(h, tabId);
    expect(await popupReady(popup)).toBe('article');
    await popup.evaluate(() => navigator.clipboard.writeText('(empty)'));
    await popup.locator(tid('popup-copy')).click();
    await expect.poll(() => popup.locator(tid('popup-status')).getAttribute('data-kind')).toBe('success');
    expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(cli.post);

    // An edited title flows into the copy and the filename alike.
    const title = popup.locator(tid('popup-title'));
    await title.fill('济南暖冬消费季：10亿元红利');
    await title.dispatchEvent('change');
    await expect.poll(() => popup.locator(tid('popup-filename')).innerText()).toBe('济南暖冬消费季：10亿元红利.md');
    await popup.locator(tid('popup-copy')).click();
    await expect.poll(() => popup.evaluate(() => navigator.clipboard.readText())).toContain("title: '济南暖冬消费季：10亿元红利'");
    const copied = await popup.evaluate(() => navigator.clipboard.readText());
    expect(copied.replace(/^title: .*$/m, '')).toBe(cli.post.replace(/^title: .*$/m, ''));
    await popup.close();
    await page.close();
  });

  it('opens the reader on the tab', async () => {
    await putSettings(h, {});
    const expected = expectedFor('028-ql.html');
    const { page, tabId } = await openPage(h, '028-ql');
    const popup = await openPopup(h, tabId);
    expect(await popupReady(popup)).toBe('article');
    const closed = popup.waitForEvent('close');
    await popup.locator(tid('popup-reader')).click();
    await page.locator(READER).waitFor({ state: 'visible' });
    expect(await page.locator(`${READER} ${tid('reader-title')}`).innerText()).toBe(expected.title);
    expect(await page.locator(`${READER} ${tid('reader-site')}`).innerText()).toBe('齐鲁壹点');
    // The popup closes itself once the reader is open, as a real popup would.
    await closed;
    await page.close();
  });

  it('says plainly that a list page is not an article, and saves nothing', async () => {
    await putSettings(h, {});
    const before = await h.ext.downloadIds();
    const { page, tabId } = await openPage(h, 'home');
    const popup = await openPopup(h, tabId);
    expect(await popupReady(popup)).toBe('not-article');
    expect(await popup.locator(tid('popup-not-article')).innerText()).toContain('不是文章');
    expect(await popup.locator(tid('popup-save')).count()).toBe(0);
    expect(await popup.locator(tid('popup-copy')).count()).toBe(0);
    await popup.waitForTimeout(500);
    expect(await h.ext.downloadIds()).toEqual(before);
    await popup.close();
    await page.close();
  });

  it('offers generic extraction on another site and saves what the CLI writes', async () => {
    await putSettings(h, {});
    const cli = await cliFor('generic', 'hexo');
    const { page, tabId } = await openPage(h, 'generic');
    // A user reaches a site without host permission by clicking the toolbar button: activeTab.
    await clickToolbarButton(h, page);
    const popup = await openPopup(h, tabId);
    expect(await popupReady(popup)).toBe('generic');
    expect(await popup.locator(tid('popup-site')).innerText()).toBe('通用');
    await popup.locator(tid('popup-generic')).click();
    await popup.locator(tid('popup-title')).waitFor({ state: 'visible' });
    expect(await popup.locator(tid('popup-site')).getAttribute('data-generic')).toBe('true');
    expect(await popup.locator(tid('popup-title')).inputValue()).toBe('市图书馆夜间开放首周：读者比预想多三倍');
    expect(await popup.locator(tid('popup-source')).innerText()).toBe('示例新闻网');
    expect(await popup.locator(tid('popup-filename')).innerText()).toBe(cli.filename);

    const before = await h.ext.downloadIds();
    await popup.locator(tid('popup-save')).click();
    const saved = await h.ext.waitForDownload(before);
    expect(saved.filename).toBe(join(h.ext.downloadsDir, 'hexo-clipper', cli.filename));
    expect(saved.content).toBe(cli.post);
    await popup.close();
    await page.close();
  });

  it('without activeTab, generic extraction fails with a message instead of saving', async () => {
    await putSettings(h, {});
    const before = await h.ext.downloadIds();
    const { page, tabId } = await openPage(h, 'generic');
    const popup = await openPopup(h, tabId);
    expect(await popupReady(popup)).toBe('generic');
    await popup.locator(tid('popup-generic')).click();
    await expect.poll(() => popup.locator(tid('popup-status')).getAttribute('data-kind')).toBe('error');
    expect(await popup.locator(tid('popup-status')).innerText()).not.toBe('');
    expect(await h.ext.downloadIds()).toEqual(before);
    await popup.close();
    await page.close();
  });
});
