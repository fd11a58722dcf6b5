/**
 * Driving the extension through its UI contract (data-testid values, the storage key, the reader's
 * shadow host), shared by the e2e suite and `npm run demo`.
 */
import type { Browser } from '@wxt-dev/browser';
import type { Page } from 'playwright-core';
import type { Settings } from '../../utils/settings/schema';
import type { ExtensionBrowser } from './browser';

declare const chrome: typeof Browser;

/** The reader's root inside its shadow host (Playwright's CSS locators pierce open shadow roots). */
export const READER = 'hexo-clipper-reader [data-testid="reader"]';
export const tid = (id: string) => `[data-testid="${id}"]`;

/** Stores whole settings where the extension reads them (`settings`, with WXT's version record). */
export async function storeSettings(ext: ExtensionBrowser, settings: Settings): Promise<void> {
  await ext.inWorker(
    (s: unknown) => chrome.storage.sync.set({ settings: s, settings$: { v: (s as { version: number }).version } }),
    settings,
  );
}

/** The reader open time from the content script's performance marks, in ms (null if a mark is missing). */
export async function readerOpenMs(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const start = performance.getEntriesByName('hexo-clipper:reader-open-start').at(-1);
    const end = performance.getEntriesByName('hexo-clipper:reader-open-end').at(-1);
    return start && end ? end.startTime - start.startTime : null;
  });
}

/** The popup for a tab, opened as a tab itself (`popup.html?tabId=N`). */
export async function openPopup(ext: ExtensionBrowser, tabId: number): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.goto(ext.extensionUrl(`popup.html?tabId=${tabId}`));
  return popup;
}

/** Waits until the popup has decided what the tab is: an article, not an article, or a generic offer. */
export async function popupReady(popup: Page): Promise<'article' | 'not-article' | 'generic' | 'failed'> {
  const which = popup.locator(`${tid('popup-title')}, ${tid('popup-not-article')}, ${tid('popup-generic')}, ${tid('popup-status')}[data-kind="error"]`);
  await which.first().waitFor({ state: 'visible', timeout: 15000 });
  if (await popup.locator(tid('popup-title')).count()) return 'article';
  if (await popup.locator(tid('popup-not-article')).count()) return 'not-article';
  if (await popup.locator(tid('popup-generic')).count()) return 'generic';
  return 'failed';
}

/**
 * Clicks the toolbar button on a tab the way a user does (CDP `Extensions.triggerAction`), which
 * grants activeTab there: what the popup's generic extraction needs.
 */
export async function clickToolbarButton(ext: ExtensionBrowser, page: Page): Promise<void> {
  const browser = ext.context.browser();
  if (!browser) throw new Error('no browser handle');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never);
    const url = page.url();
    const tab = (targetInfos as { type: string; url: string; targetId: string }[]).find((t) => t.url === url);
    if (!tab) throw new Error(`no tab target for ${url}`);
    await cdp.send('Extensions.triggerAction' as never, { id: ext.extensionId, targetId: tab.targetId } as never);
  } finally {
    await cdp.detach();
  }
}

const MODIFIER_BITS: Record<string, number> = { Alt: 1, Ctrl: 2, Command: 4, MacCtrl: 2, Shift: 8 };

/**
 * Presses a Chrome shortcut (`Alt+Shift+S`) in the page as a raw key event. Playwright's
 * `keyboard.press` sends a character event that never reaches Chromium's accelerators; a
 * `rawKeyDown` does, so extension commands fire as they do for a user.
 */
export async function pressShortcut(ext: ExtensionBrowser, page: Page, shortcut: string): Promise<void> {
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  if (!/^[A-Z0-9]$/.test(key)) throw new Error(`unsupported shortcut key ${key}`);
  const modifiers = parts.reduce((m, p) => m | (MODIFIER_BITS[p] ?? 0), 0);
  const code = /\d/.test(key) ? `Digit${key}` : `Key${key}`;
  const vk = key.charCodeAt(0);
  await page.bringToFront();
  const cdp = await ext.context.newCDPSession(page);
  try {
    for (const type of ['rawKeyDown', 'keyUp'] as const) {
      await cdp.send('Input.dispatchKeyEvent', { type, modifiers, windowsVirtualKeyCode: vk, nativeVirtualKeyCode: vk, code, key });
    }
  } finally {
    await cdp.detach();
  }
}

/** The shortcut Chromium assigned to a command ('' when none). */
export async function commandShortcut(ext: ExtensionBrowser, name: string): Promise<string> {
  const all = await ext.inWorker(() => chrome.commands.getAll());
  return all.find((c) => c.name === name)?.shortcut ?? '';
}

/**
 * Binds a command to a shortcut through chrome://extensions (what a user does by hand there);
 * used when Chromium did not assign the manifest's suggested key.
 */
export async function bindShortcut(ext: ExtensionBrowser, command: string, keybinding: string): Promise<void> {
  const page = await ext.context.newPage();
  try {
    await page.goto('chrome://extensions/shortcuts');
    const err = await page.evaluate(
      async ([id, name, keys]) => {
        try {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          await (globalThis as any).chrome.developerPrivate.updateExtensionCommand({ extensionId: id, commandName: name, keybinding: keys });
          return null;
        } catch (e) {
          return String(e);
        }
      },
      [ext.extensionId, command, keybinding] as const,
    );
    if (err) throw new Error(`cannot bind ${command} to ${keybinding}: ${err}`);
  } finally {
    await page.close();
  }
}
