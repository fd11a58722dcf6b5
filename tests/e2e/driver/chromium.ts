/** The Driver in Debian's Chromium, over the existing harness (playwright-core, the MV3 build). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, clearDownloads, openPopup, pressShortcut, putSettings, startHarness, urlOf, type Harness } from '../harness';
import { domQuery, type DomQuery } from './dom';
import type { Driver, DriverOptions, DriverPage } from './types';

const SHIM = 'globalThis.__name ??= (f) => f';

function wrap(page: Page, tabId: number): DriverPage {
  const q = async <R>(query: DomQuery) => {
    await page.evaluate(SHIM);
    return (await page.evaluate(domQuery, query)) as R;
  };
  // Playwright's CSS engine pierces open shadow roots by itself.
  const pw = (selector: string) => page.locator(selector.replaceAll(' >>> ', ' ')).first();
  return {
    tabId,
    get url() {
      return page.url();
    },
    async evaluate(fn, arg) {
      await page.evaluate(SHIM);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return page.evaluate(fn as any, arg);
    },
    text: (selector) => q({ op: 'text', selector }),
    count: (selector) => q({ op: 'count', selector }),
    attr: (selector, name) => q({ op: 'attr', selector, name }),
    value: (selector) => q({ op: 'value', selector }),
    async waitFor(selector, timeoutMs = 10000) {
      await pw(selector).waitFor({ state: 'visible', timeout: timeoutMs });
    },
    async click(selector) {
      await pw(selector).click();
    },
    async fill(selector, value) {
      await q({ op: 'fill', selector, value });
    },
    async focus(selector) {
      await pw(selector).focus();
    },
    async press(key) {
      await page.keyboard.press(key);
    },
    async screenshot(name) {
      const png = await page.screenshot();
      if (name) {
        mkdirSync(ARTIFACTS, { recursive: true });
        writeFileSync(join(ARTIFACTS, `${name}.png`), png);
      }
      return png;
    },
    async reload() {
      await page.reload({ waitUntil: 'load' });
    },
    async close() {
      await page.close();
    },
  };
}

export async function chromiumDriver(opts: DriverOptions = {}): Promise<Driver & { harness: Harness }> {
  const h = await startHarness({ lang: opts.lang, route: opts.route });
  await h.ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors: string[] = [];
  const origin = `chrome-extension://${h.ext.extensionId}`;
  // Console errors whose source is the extension: its pages, its worker, its content scripts.
  h.ext.context.on('console', (msg) => {
    if (msg.type() === 'error' && (msg.location().url.startsWith(origin) || msg.text().includes(origin))) errors.push(`${msg.location().url}: ${msg.text()}`);
  });
  h.ext.context.on('weberror', (e) => {
    const text = `${e.error().message}\n${e.error().stack ?? ''}`;
    if (text.includes(origin)) errors.push(text);
  });
  const openUrl = async (url: string) => {
    const page = await h.ext.context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return wrap(page, await h.ext.tabIdOf(page));
  };
  const pageOf = new WeakMap<DriverPage, Page>();
  const track = (p: Page, d: DriverPage) => (pageOf.set(d, p), d);
  return {
    browser: 'chromium',
    harness: h,
    server: h.server,
    downloadsDir: h.ext.downloadsDir,
    extensionOrigin: origin,
    async openPage(name, scheme) {
      const page = await h.ext.context.newPage();
      await page.goto(urlOf(h, name, scheme), { waitUntil: 'load' });
      return track(page, wrap(page, await h.ext.tabIdOf(page)));
    },
    async flashPage(name, afterMs) {
      const page = await h.ext.context.newPage();
      await page.goto(urlOf(h, name), { waitUntil: 'domcontentloaded' }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, afterMs));
      await page.close();
    },
    async openUrl(url) {
      return openUrl(url);
    },
    inExtension: (fn, arg) => h.ext.inWorker(fn, arg),
    async pressShortcut(page, shortcut) {
      const p = pageOf.get(page);
      if (!p) throw new Error('pressShortcut needs a page opened by this driver');
      await pressShortcut(h, p, shortcut);
    },
    async openPopup(tabId) {
      const popup = await openPopup(h, tabId);
      return wrap(popup, -1);
    },
    async openExtensionPage(path) {
      const page = await h.ext.context.newPage();
      await page.goto(h.ext.extensionUrl(path));
      return wrap(page, -1);
    },
    async downloads() {
      return h.ext.inWorker(async () =>
        (await chrome.downloads.search({})).map((d) => ({ id: d.id, filename: d.filename, state: d.state, error: d.error, mime: d.mime })),
      );
    },
    waitForDownload: (before, ms) => h.ext.waitForDownload(before, ms),
    clearDownloads: () => clearDownloads(h),
    putSettings: (partial) => putSettings(h, partial),
    async answerPermissionPrompt() {
      return false;
    },
    async clipboardText() {
      const page = await h.ext.context.newPage();
      try {
        await page.goto(h.ext.extensionUrl('options.html'));
        await page.bringToFront();
        return await page.evaluate(() => navigator.clipboard.readText());
      } finally {
        await page.close();
      }
    },
    async extensionErrors() {
      return [...errors];
    },
    close: () => h.close(),
  };
}

declare const chrome: typeof import('@wxt-dev/browser').Browser;
