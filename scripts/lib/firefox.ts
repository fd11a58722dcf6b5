/**
 * Launches Debian's firefox-esr with the Firefox build as a temporary add-on, driven by
 * puppeteer-core over WebDriver BiDi (no geckodriver, nothing downloaded). How each Chromium trick
 * maps here was found on this machine: shared/notes/firefox.md.
 * - Host names: `network.dns.forceResolve` sends every name to 127.0.0.1 and
 *   `network.socket.forcePort` both schemes to the fixture server's one port.
 * - A fixed extension uuid (`extensions.webextensions.uuids`), so its pages have a known origin.
 * - Extension documents send no BiDi load events: they are opened with `browsingContext.navigate`
 *   and `wait: 'none'`, then polled.
 * - Shortcuts, the permission doorhanger, the clipboard and the console are reached from the
 *   browser's own chrome window (`moz:scope: 'chrome'`, allowed by `--remote-allow-system-access`).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser as WebExtBrowser } from '@wxt-dev/browser';
import puppeteer, { type Browser as PBrowser, type Page } from 'puppeteer-core';
import { ROOT } from './fixture-server';

export const FIREFOX_EXTENSION_DIR = process.env.E2E_FIREFOX_EXTENSION_DIR ?? join(ROOT, '.output', 'firefox-mv2');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** The uuid the add-on gets (its pages are `moz-extension://UUID/...`). */
export const FIREFOX_EXTENSION_UUID = '6f1e0c1a-3b7d-4a5e-9c2f-2d8b4e6a1c00';

export type FirefoxLang = 'zh-CN' | 'en-US';

export interface FirefoxLaunchOptions {
  /** The fixture server's port: every host name and both schemes go there. */
  port: number;
  lang?: FirefoxLang;
  extensionDir?: string;
  downloadsDir?: string;
}

interface BidiConnection {
  send(method: string, params: unknown): Promise<{ result: Record<string, unknown> }>;
}

export interface FirefoxBrowser {
  browser: PBrowser;
  extensionId: string;
  origin: string;
  profileDir: string;
  downloadsDir: string;
  /** Runs `fn` in an extension page, where the whole `browser.*` API is available. */
  inExtension<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Runs a function body (string) in the browser's chrome window: Services, gBrowser, PopupNotifications. */
  inChrome<R>(body: string): Promise<R>;
  /** A new tab on an extension page (`popup.html?tabId=1`), once its document has loaded. */
  openExtensionPage(path: string): Promise<Page>;
  /** Brings the page's tab to the front and returns its WebExtension tab id. */
  tabIdOf(page: Page): Promise<number>;
  /** Presses a shortcut (`Alt+Shift+R`) as keyboard input to the browser window. */
  pressShortcut(page: Page, shortcut: string): Promise<void>;
  close(): Promise<void>;
}

function prefs(opts: FirefoxLaunchOptions, downloadsDir: string, extensionId: string): Record<string, unknown> {
  const lang = opts.lang ?? 'zh-CN';
  return {
    'network.dns.forceResolve': '127.0.0.1',
    'network.socket.forcePort': `80,443=${opts.port}`,
    'network.proxy.type': 0,
    'network.trr.mode': 5,
    'extensions.webextensions.uuids': JSON.stringify({ [extensionId]: FIREFOX_EXTENSION_UUID }),
    'intl.locale.requested': lang,
    'intl.accept_languages': lang === 'en-US' ? 'en-US, en' : 'zh-CN, zh',
    'browser.download.dir': downloadsDir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.alwaysOpenPanel': false,
    'browser.download.start_downloads_in_tmp_dir': false,
    'browser.download.panel.shown': true,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    // The toolbar popup opened from the test (browserAction.openPopup) without a user gesture.
    'extensions.openPopupWithoutUserGesture.enabled': true,
    'ui.popup.disable_autohide': false,
  };
}

export async function launchFirefox(opts: FirefoxLaunchOptions): Promise<FirefoxBrowser> {
  if (!existsSync(FIREFOX)) throw new Error(`no Firefox at ${FIREFOX}: run scripts/install-browsers.sh (apt-get install -y firefox-esr firefox-esr-l10n-zh-cn)`);
  const lang = opts.lang ?? 'zh-CN';
  if (lang === 'zh-CN' && FIREFOX === '/usr/bin/firefox-esr' && !existsSync('/usr/lib/firefox-esr/browser/extensions/langpack-zh-CN@firefox-esr.mozilla.org.xpi')) {
    throw new Error('Firefox has no zh-CN language pack: apt-get install -y firefox-esr-l10n-zh-cn');
  }
  const extensionDir = opts.extensionDir ?? FIREFOX_EXTENSION_DIR;
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const extensionId = manifest.browser_specific_settings?.gecko?.id;
  if (!extensionId) throw new Error(`${extensionDir}/manifest.json has no gecko id`);
  const profileDir = mkdtempSync(join(tmpdir(), 'hexo-clipper-firefox-'));
  // A copy, so a rebuild during the run cannot swap files under the installed add-on.
  const loadedDir = join(profileDir, 'extension');
  cpSync(extensionDir, loadedDir, { recursive: true });
  const profile = join(profileDir, 'profile');
  mkdirSync(profile);
  const downloadsDir = opts.downloadsDir ?? mkdtempSync(join(tmpdir(), 'hexo-clipper-downloads-'));
  mkdirSync(downloadsDir, { recursive: true });

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    userDataDir: profile,
    defaultViewport: { width: 1280, height: 900 },
    args: ['--remote-allow-system-access', '--width=1280', '--height=900'],
    extraPrefsFirefox: prefs(opts, downloadsDir, extensionId),
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', LANGUAGE: lang.replace('-', '_') },
  });
  const cleanup = () => {
    rmSync(profileDir, { recursive: true, force: true });
    if (!opts.downloadsDir) rmSync(downloadsDir, { recursive: true, force: true });
  };
  const conn = (browser as unknown as { connection: BidiConnection }).connection;
  const origin = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

  const navigate = async (page: Page, url: string) => {
    const context = (page.mainFrame() as unknown as { _id: string })._id;
    await conn.send('browsingContext.navigate', { context, url, wait: 'none' });
    const deadline = Date.now() + 15000;
    for (;;) {
      const state = await page.evaluate(() => `${location.href} ${document.readyState}`).catch(() => '');
      if (state === `${url} complete`) return;
      if (Date.now() > deadline) throw new Error(`${url} did not load (last state: ${state})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  let chromeContext: string | undefined;
  const inChrome = async <R>(body: string): Promise<R> => {
    if (!chromeContext) {
      const tree = await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const contexts = tree.result.contexts as { context: string; url: string }[];
      chromeContext = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml')?.context;
      if (!chromeContext) throw new Error(`no browser window among ${JSON.stringify(contexts.map((c) => c.url))}`);
    }
    const res = await conn.send('script.evaluate', {
      expression: `(async () => { ${body} })().then((v) => JSON.stringify(v === undefined ? null : v))`,
      target: { context: chromeContext },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    const r = res.result as { type: string; result?: { value?: string }; exceptionDetails?: { text: string } };
    if (r.type === 'exception') throw new Error(`chrome script failed: ${r.exceptionDetails?.text}`);
    return JSON.parse(r.result?.value ?? 'null') as R;
  };

  let apiPage: Page | undefined;
  const openExtensionPage = async (path: string): Promise<Page> => {
    const page = await browser.newPage();
    await navigate(page, `${origin}/${path.replace(/^\//, '')}`);
    return page;
  };

  try {
    await browser.installExtension(loadedDir);
    // Any extension document has the full API; the bundled sample article runs no script of its own.
    apiPage = await openExtensionPage('sample-article.html');
  } catch (e) {
    await browser.close().catch(() => undefined);
    cleanup();
    throw e;
  }

  const inExtension = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
    // tsx and vite compile with keepNames, which wraps nested functions in `__name(...)`.
    await apiPage!.evaluate('globalThis.__name ??= (f) => f');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return apiPage!.evaluate(fn as any, arg) as Promise<R>;
  };

  const ext: FirefoxBrowser = {
    browser,
    extensionId,
    origin,
    profileDir,
    downloadsDir,
    inExtension,
    inChrome,
    openExtensionPage,
    async tabIdOf(page) {
      await page.bringToFront();
      const ids = await inExtension(async () => {
        const tabs = await (globalThis as unknown as { browser: typeof WebExtBrowser }).browser.tabs.query({ active: true, lastFocusedWindow: true });
        return tabs.map((t) => t.id!);
      });
      if (ids.length !== 1 || typeof ids[0] !== 'number') throw new Error(`cannot tell the tab id of ${page.url()}: ${JSON.stringify(ids)}`);
      return ids[0];
    },
    async pressShortcut(page, shortcut) {
      const parts = shortcut.split('+');
      const key = parts.pop() ?? '';
      if (!/^[A-Z0-9]$/.test(key)) throw new Error(`unsupported shortcut key ${key}`);
      await page.bringToFront();
      const mods = parts.map((p) => ({ Alt: ['Alt', 'AltLeft'], Shift: ['Shift', 'ShiftLeft'], Ctrl: ['Control', 'ControlLeft'] })[p as 'Alt']);
      if (mods.some((m) => !m)) throw new Error(`unsupported modifier in ${shortcut}`);
      // nsITextInputProcessor, as Mozilla's own browser tests press keys: the events go through the
      // window's key handling, where extension shortcuts (and the browser's menus) live.
      await inChrome(`
        const tip = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
        if (!tip.beginInputTransactionForTests(window)) throw new Error('no input transaction');
        const mods = ${JSON.stringify(mods)};
        for (const [key, code] of mods) tip.keydown(new KeyboardEvent('', { key, code }));
        const k = new KeyboardEvent('', { key: ${JSON.stringify(key.toLowerCase())}, code: ${JSON.stringify(/\d/.test(key) ? `Digit${key}` : `Key${key}`)}, keyCode: ${key.charCodeAt(0)} });
        tip.keydown(k);
        tip.keyup(k);
        for (const [key, code] of mods.reverse()) tip.keyup(new KeyboardEvent('', { key, code }));
      `);
    },
    async close() {
      await browser.close().catch(() => undefined);
      cleanup();
    },
  };
  return ext;
}
