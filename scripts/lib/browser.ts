/**
 * Launches Debian's Chromium with the unpacked build, shared by the e2e suite and `npm run demo`.
 * Facts behind the flags: shared/notes/toolchain.md (host-resolver rules send the real news hosts
 * to the fixture server; downloads keep their real names only with Chromium's own download
 * handling, so the profile is seeded with a download directory and Playwright's is switched off).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { Browser } from '@wxt-dev/browser';
import { ROOT } from './fixture-server';

/** What `chrome` is inside the service worker, for functions passed to `inWorker`. */
declare const chrome: typeof Browser;

/** The unpacked build; `E2E_EXTENSION_DIR` points the suite at another one. */
export const EXTENSION_DIR = process.env.E2E_EXTENSION_DIR ?? join(ROOT, '.output', 'chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type UiLang = 'zh-CN' | 'en-US';

export interface LaunchOptions {
  hostResolverRules: string;
  /** Browser UI language, which decides the extension's locale (`--lang` and `LANGUAGE`). */
  lang?: UiLang;
  headless?: boolean;
  extensionDir?: string;
  /** Where downloads land; a fresh temporary directory when omitted. */
  downloadsDir?: string;
  /** Keep the profile directory on close. */
  keepProfile?: boolean;
  /**
   * Let Playwright kill the browser and exit on Ctrl+C (its default). The demo turns this off to
   * close the browser itself and remove the temporary profile.
   */
  handleSIGINT?: boolean;
}

export interface DownloadItem {
  id: number;
  filename: string;
  state: string;
  error?: string;
  mime?: string;
  finalUrl?: string;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  profileDir: string;
  downloadsDir: string;
  /** The extension's service worker (re-acquired if Chromium stopped it). */
  worker(): Promise<Worker>;
  /** Runs `fn` in the service worker, where `chrome.*` is available. */
  inWorker<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  extensionUrl(path: string): string;
  /** The Chrome tab id of a Playwright page (brings it to the front and asks for the active tab). */
  tabIdOf(page: Page): Promise<number>;
  /** Ids of downloads the browser knows about now (to tell which ones are new later). */
  downloadIds(): Promise<number[]>;
  /** Waits for a download not in `before` to complete and returns it with its content. */
  waitForDownload(before: number[], timeoutMs?: number): Promise<DownloadItem & { content: string }>;
  close(): Promise<void>;
}

function chromiumArgs(opts: LaunchOptions, extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    `--host-resolver-rules=${opts.hostResolverRules}`,
    `--lang=${opts.lang ?? 'zh-CN'}`,
    // Root in a container has no user namespace sandbox; CI runs as root too.
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--ignore-certificate-errors',
    '--window-size=1280,900',
  ];
}

export async function launchWithExtension(opts: LaunchOptions): Promise<ExtensionBrowser> {
  const extensionDir = resolve(opts.extensionDir ?? EXTENSION_DIR);
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no extension build at ${extensionDir}: run \`npx wxt build\` first`);
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'hexo-clipper-profile-'));
  // A snapshot of the build: a rebuild of .output while the browser runs (another terminal, `wxt
  // build` in watch) would otherwise swap files under the loaded extension.
  const loadedDir = join(profileDir, 'extension');
  cpSync(extensionDir, loadedDir, { recursive: true });
  const downloadsDir = opts.downloadsDir ?? mkdtempSync(join(tmpdir(), 'hexo-clipper-downloads-'));
  mkdirSync(downloadsDir, { recursive: true });
  const lang = opts.lang ?? 'zh-CN';
  // Debian ships only en-US.pak with `chromium`; without `chromium-l10n` every --lang falls back to
  // English and the extension's zh_CN strings never show.
  const paks = '/usr/lib/chromium/locales';
  if (CHROMIUM === '/usr/bin/chromium' && existsSync(paks) && !existsSync(join(paks, `${lang}.pak`))) {
    throw new Error(`Chromium has no ${lang} UI locale (${paks}/${lang}.pak): apt-get install -y chromium-l10n`);
  }
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(
    join(profileDir, 'Default', 'Preferences'),
    JSON.stringify({
      download: { default_directory: downloadsDir, prompt_for_download: false, directory_upgrade: true },
      savefile: { default_directory: downloadsDir },
      intl: { accept_languages: lang === 'en-US' ? 'en-US,en' : 'zh-CN,zh' },
    }),
  );

  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: chromiumArgs(opts, loadedDir),
    ignoreHTTPSErrors: true,
    acceptDownloads: false,
    handleSIGINT: opts.handleSIGINT ?? true,
    viewport: { width: 1280, height: 900 },
    // LANGUAGE picks the UI locale on Linux. LANG must name an installed UTF-8 locale: in the C
    // locale Chromium cannot encode non-ASCII paths and refuses a Chinese download filename.
    env: { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });

  // Playwright takes over downloads (GUID names, its own folder); give them back to Chromium so
  // the extension's filename and subfolder are what land on disk.
  const browser = context.browser();
  if (browser) {
    const cdp = await browser.newBrowserCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'default' });
  }

  let sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  try {
    sw ??= await context.waitForEvent('serviceworker', { timeout: 20000 });
  } catch (e) {
    await context.close().catch(() => undefined);
    rmSync(profileDir, { recursive: true, force: true });
    if (!opts.downloadsDir) rmSync(downloadsDir, { recursive: true, force: true });
    // Chromium refuses an unpacked build silently in headless mode (a missing `__MSG_x__` message,
    // a bad manifest key): no worker ever starts.
    throw new Error(`the extension in ${extensionDir} did not start a service worker; load it in chrome://extensions to see why (${(e as Error).message})`);
  }
  const extensionId = new URL(sw.url()).host;

  const worker = async (): Promise<Worker> => {
    const live = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
    if (live) return live;
    // A stopped worker restarts on any extension event; opening an extension page is one.
    const page = await context.newPage();
    const wait = context.waitForEvent('serviceworker', { timeout: 30000 });
    await page.goto(`chrome-extension://${extensionId}/manifest.json`).catch(() => undefined);
    const w = await wait;
    await page.close();
    return w;
  };

  const inWorker = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
    const w = await worker();
    // tsx and vite compile with esbuild's keepNames, which wraps nested functions in `__name(...)`;
    // the worker has no such helper, so give it an identity one before running compiled code there.
    await w.evaluate('globalThis.__name ??= (f) => f');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return w.evaluate(fn as any, arg) as Promise<R>;
  };

  const ext: ExtensionBrowser = {
    context,
    extensionId,
    profileDir,
    downloadsDir,
    worker,
    inWorker,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async tabIdOf(page) {
      await page.bringToFront();
      const url = page.url();
      const ids = await inWorker(
        async (u: string) => {
          const tabs = await chrome.tabs.query({});
          // With host permission the URL is visible; otherwise fall back to the active tab.
          const byUrl = tabs.filter((t) => t.url === u);
          if (byUrl.length === 1) return [byUrl[0]!.id!];
          const active = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
          return active.map((t) => t.id!);
        },
        url,
      );
      if (ids.length !== 1 || typeof ids[0] !== 'number') throw new Error(`cannot tell the tab id of ${url}: ${JSON.stringify(ids)}`);
      return ids[0];
    },
    async downloadIds() {
      return inWorker(async () => (await chrome.downloads.search({})).map((d) => d.id));
    },
    async waitForDownload(before, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const items = await inWorker(
          async () =>
            (await chrome.downloads.search({})).map((d) => ({
              id: d.id,
              filename: d.filename,
              state: d.state,
              error: d.error,
              mime: d.mime,
              finalUrl: d.finalUrl,
            })),
        );
        const fresh = items.filter((d) => !before.includes(d.id));
        const done = fresh.find((d) => d.state === 'complete');
        if (done) return { ...done, content: readFileSync(done.filename, 'utf8') };
        const failed = fresh.find((d) => d.state === 'interrupted');
        if (failed) throw new Error(`download ${failed.id} interrupted: ${failed.error}`);
        if (Date.now() > deadline) throw new Error(`no download finished within ${timeoutMs} ms (new: ${JSON.stringify(fresh)})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await context.close().catch(() => undefined);
      if (!opts.keepProfile) rmSync(profileDir, { recursive: true, force: true });
      if (!opts.downloadsDir) rmSync(downloadsDir, { recursive: true, force: true });
    },
  };
  return ext;
}
