/** The Driver in Debian's firefox-esr (puppeteer-core over WebDriver BiDi, the MV2 build). */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@wxt-dev/browser';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxBrowser } from '../../../scripts/lib/firefox';
import { startFixtureServer } from '../../../scripts/lib/fixture-server';
import { resolveSettings } from '../../../utils/settings/validate';
import { ARTIFACTS } from '../harness';
import { domQuery, until, type DomQuery } from './dom';
import type { Driver, DriverOptions, DriverPage } from './types';

/** The WebExtension API inside an extension page, for functions passed to `inExtension`. */
declare const browser: typeof Browser;

const SHIM = 'globalThis.__name ??= (f) => f';

function wrap(page: Page, tabId: number, reload: () => Promise<void>): DriverPage {
  const q = async <R>(query: DomQuery) => {
    await page.evaluate(SHIM);
    return (await page.evaluate(domQuery, query)) as R;
  };
  return {
    tabId,
    get url() {
      return page.url();
    },
    async evaluate(fn, arg) {
      await page.evaluate(SHIM);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return page.evaluate(fn as any, arg) as never;
    },
    text: (selector) => q({ op: 'text', selector }),
    count: (selector) => q({ op: 'count', selector }),
    attr: (selector, name) => q({ op: 'attr', selector, name }),
    value: (selector) => q({ op: 'value', selector }),
    async waitFor(selector, timeoutMs = 10000) {
      await until(
        () =>
          page.evaluate(
            (sel: string) => {
              let scopes: ParentNode[] = [document];
              let found: Element[] = [];
              for (const step of sel.split(' >>> ')) {
                found = scopes.flatMap((s) => Array.from(s.querySelectorAll(step)));
                scopes = found.map((el) => el.shadowRoot ?? el);
              }
              return found.some((el) => (el as HTMLElement).getClientRects().length > 0);
            },
            selector,
          ),
        `${selector} to show`,
        timeoutMs,
      );
    },
    async click(selector) {
      // puppeteer's ` >>> ` is the same deep combinator; its click is real input (user activation).
      await page.locator(selector).setTimeout(10000).click();
    },
    async fill(selector, value) {
      await q({ op: 'fill', selector, value });
    },
    async focus(selector) {
      const el = await page.waitForSelector(selector, { timeout: 10000 });
      await el!.focus();
    },
    async press(key) {
      await page.keyboard.press(key as never);
    },
    async screenshot(name) {
      const png = Buffer.from(await page.screenshot());
      if (name) {
        mkdirSync(ARTIFACTS, { recursive: true });
        writeFileSync(join(ARTIFACTS, `${name}.png`), png);
      }
      return png;
    },
    reload,
    async close() {
      await page.close();
    },
  };
}

export async function firefoxDriver(opts: DriverOptions = {}): Promise<Driver & { ff: FirefoxBrowser }> {
  const server = await startFixtureServer({ route: opts.route });
  let ff: FirefoxBrowser;
  try {
    ff = await launchFirefox({ port: server.port, lang: opts.lang });
  } catch (e) {
    await server.close();
    throw e;
  }
  const pages = new WeakMap<DriverPage, Page>();
  const fixturePage = async (url: string) => {
    const page = await ff.browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const d = wrap(page, await ff.tabIdOf(page), async () => void (await page.reload({ waitUntil: 'load' })));
    pages.set(d, page);
    return d;
  };
  const extensionPage = async (path: string) => {
    const page = await ff.openExtensionPage(path);
    return wrap(page, -1, async () => {
      throw new Error('reload of an extension page is not supported');
    });
  };
  const downloads = () =>
    ff.inExtension(async () =>
      (await browser.downloads.search({})).map((d) => ({ id: d.id, filename: d.filename, state: d.state, error: d.error, mime: d.mime })),
    );
  return {
    browser: 'firefox',
    ff,
    server,
    downloadsDir: ff.downloadsDir,
    extensionOrigin: ff.origin,
    openPage(name, scheme) {
      const url = new URL(server.page(name).url);
      if (scheme) url.protocol = `${scheme}:`;
      return fixturePage(url.toString());
    },
    openUrl: fixturePage,
    async flashPage(name, afterMs) {
      const page = await ff.browser.newPage();
      await page.goto(server.page(name).url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, afterMs));
      await page.close();
    },
    inExtension: (fn, arg) => ff.inExtension(fn, arg),
    async pressShortcut(page, shortcut) {
      const p = pages.get(page);
      if (!p) throw new Error('pressShortcut needs a page opened by this driver');
      await ff.pressShortcut(p, shortcut);
    },
    openPopup: (tabId) => extensionPage(`popup.html?tabId=${tabId}`),
    openExtensionPage: extensionPage,
    downloads,
    async waitForDownload(before, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const fresh = (await downloads()).filter((d) => !before.includes(d.id));
        const done = fresh.find((d) => d.state === 'complete');
        if (done) return { ...done, content: readFileSync(done.filename, 'utf8') };
        const failed = fresh.find((d) => d.state === 'interrupted');
        if (failed) throw new Error(`download ${failed.id} interrupted: ${failed.error}`);
        if (Date.now() > deadline) throw new Error(`no download finished within ${timeoutMs} ms (new: ${JSON.stringify(fresh)})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async clearDownloads() {
      await ff.inExtension(() => browser.downloads.erase({}));
      for (const entry of readdirSync(ff.downloadsDir)) rmSync(join(ff.downloadsDir, entry), { recursive: true, force: true });
    },
    async putSettings(partial = {}) {
      const settings = resolveSettings(partial);
      await ff.inExtension(
        (s: unknown) => browser.storage.sync.set({ settings: s, settings$: { v: (s as { version: number }).version } }),
        settings,
      );
      return settings;
    },
    async answerPermissionPrompt(allow, timeoutMs = 5000) {
      // The add-on's permission doorhanger in the browser window; its buttons are the user's answer.
      return ff.inChrome<boolean>(`
        const deadline = Date.now() + ${timeoutMs};
        while (Date.now() < deadline) {
          const note = [...PopupNotifications.panel.children].find((n) => n.id === 'addon-webext-permissions-notification');
          if (note && PopupNotifications.panel.state === 'open') {
            (${allow} ? note.button : note.secondaryButton).click();
            return true;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      `);
    },
    async clipboardText() {
      return ff.inChrome<string>(`
        const trans = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
        trans.init(null);
        trans.addDataFlavor('text/plain');
        Services.clipboard.getData(trans, Ci.nsIClipboard.kGlobalClipboard, null);
        const out = {};
        trans.getTransferData('text/plain', out);
        return out.value.QueryInterface(Ci.nsISupportsString).data;
      `);
    },
    async extensionErrors() {
      // The Browser Console's errors that name the add-on's files (its pages, background and content
      // scripts), and those of the extension messaging machinery (Conduits), which only the add-on
      // uses in this profile. Content processes forward theirs as plain `[JavaScript Error: …]` text.
      return ff.inChrome<string[]>(`
        const origin = ${JSON.stringify(ff.origin)};
        const E = Ci.nsIScriptError;
        return Services.console.getMessageArray().flatMap((m) => {
          const error = m instanceof E ? !(m.flags & (E.warningFlag | E.infoFlag)) : m.message.startsWith('[JavaScript Error');
          const text = m instanceof E ? [m.sourceName + ':' + m.lineNumber + ': ' + m.errorMessage, String(m.stack || '')].join(' | ') : m.message;
          // Firefox's own teardown when a tab or extension page closes with a storage listener: its
          // listener removal races the conduit's close. No code of ours runs there, nothing is lost.
          if (text.includes('sendRemoveListener on closed conduit')) return [];
          // The parent process answering a call (an API call, a listener added) from a page that
          // closed while it was in flight (the test closes tabs right after use). Firefox logs it
          // for any add-on with a content script, from its own frames only (recvAPICall,
          // recvAddListener), and no caller is left to be told. One with a frame of ours still fails.
          if (text.includes('WebExtension context not found!') && !text.includes('moz-extension://')) return [];
          return error && (text.includes(origin) || /Conduit/.test(text)) ? [text.slice(0, 600)] : [];
        });
      `);
    },
    async close() {
      await ff.close();
      await server.close();
    },
  };
}
