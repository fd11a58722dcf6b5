/**
 * The background's work: answering the popup and the reader, the toolbar badge, context menus,
 * commands and downloads. The entrypoint only calls `registerBackground()`.
 */
import { browser, type Browser } from 'wxt/browser';
import { getMessageTranslate, type Translate } from '../i18n';
import {
  failure,
  isBackgroundMessage,
  PAGE_STATUS_PORT,
  type BackgroundMessage,
  type ClipOverrides,
  type ClipResponse,
  type Failure,
  type LocalImagesMessage,
  type SaveResponse,
  type SaveSuccess,
  type TabInfo,
} from '../messages';
import type { ImageMode } from '../settings/schema';
import { loadSettings } from '../settings/storage';
import { ruleForHost } from '../sites';
import { downloadPost } from './download';
import { clearRefererRules } from './images';
import { ImagesError, saveWithImages } from './save';
import { ensureReader, InjectionError, sendToTab } from './tabs';

type Sender = Browser.runtime.MessageSender;
type Action = typeof browser.action;

/** MV3 has `action`, Firefox's MV2 build `browserAction`; both have the badge calls used here. */
function toolbar(): Action | undefined {
  return browser.action ?? (browser as unknown as { browserAction?: Action }).browserAction;
}

export const translate: Translate = (key, subs) => getMessageTranslate((k, s) => browser.i18n.getMessage(k as never, s))(key, subs);

async function reachReader(tabId: number): Promise<Failure | null> {
  try {
    await ensureReader(tabId);
    return null;
  } catch (e) {
    return failure(e instanceof InjectionError ? 'no-permission' : 'unknown', (e as Error).message);
  }
}

export async function tabInfo(tabId: number): Promise<TabInfo | Failure> {
  let tab: Browser.tabs.Tab | undefined;
  try {
    tab = await browser.tabs.get(tabId);
  } catch (e) {
    return failure('no-tab', (e as Error).message);
  }
  if (!tab) return failure('no-tab', `no tab ${tabId}`);
  // Without a host permission or activeTab the URL is hidden from us: then the site is not a named one.
  const url = tab.url ?? null;
  let host = '';
  try {
    host = url ? new URL(url).hostname : '';
  } catch {
    host = '';
  }
  const { settings } = await loadSettings();
  const rule = host ? ruleForHost(host, settings.sites) : undefined;
  return { ok: true, tabId, site: rule?.id ?? null, siteLabel: rule ? { ...rule.label } : null, url };
}

export async function clipTab(tabId: number, overrides?: ClipOverrides, local?: LocalImagesMessage): Promise<ClipResponse> {
  const unreachable = await reachReader(tabId);
  if (unreachable) return unreachable;
  try {
    const reply = await sendToTab<ClipResponse | undefined>(tabId, { type: 'clip', ...(overrides ? { overrides } : {}), ...(local ? { local } : {}) });
    return reply ?? failure('no-receiver', 'the page did not answer');
  } catch (e) {
    return failure('no-receiver', (e as Error).message);
  }
}

const IMAGE_MODES: readonly ImageMode[] = ['remote', 'local', 'zip'];

/** `images`: the popup's choice for this save; the setting otherwise (reader button, command, menu). */
export async function saveTab(tabId: number, overrides?: ClipOverrides, images?: ImageMode): Promise<SaveResponse> {
  if (images !== undefined && !IMAGE_MODES.includes(images)) return failure('invalid-overrides', `images: expected remote, local or zip, got ${String(images)}`);
  const clipped = await clipTab(tabId, overrides);
  if (!clipped.ok) return clipped;
  const { settings } = await loadSettings();
  const mode = images ?? settings.images.mode;
  try {
    if (mode !== 'remote') return await saveWithImages(clipped, settings, mode, (local) => clipTab(tabId, overrides, local));
    const { downloadId, path } = await downloadPost(clipped.post, clipped.filename, settings.download);
    return { ok: true, downloadId, filename: path };
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (e instanceof ImagesError) return failure('images-failed', message);
    return failure(/cancel/i.test(message) ? 'download-cancelled' : 'download-failed', message);
  }
}

/** What a save says when there is no popup to list the images (the reader's button, the badge's title). */
export function savedText(result: SaveSuccess): string {
  if (!result.images) return translate('savedAs', result.filename);
  if (result.images.failures.length) return translate('savedImagesFailed', [result.filename, result.images.failures.length]);
  return translate('savedWithImages', [result.filename, result.images.saved]);
}

export async function openReader(tabId: number, open?: boolean): Promise<{ ok: true; open: boolean } | Failure> {
  const unreachable = await reachReader(tabId);
  if (unreachable) return unreachable;
  try {
    const reply = await sendToTab<{ ok: true; open: boolean } | Failure | undefined>(tabId, open === undefined ? { type: 'toggle-reader' } : { type: 'toggle-reader', open });
    return reply ?? failure('no-receiver', 'the page did not answer');
  } catch (e) {
    return failure('no-receiver', (e as Error).message);
  }
}

export async function showPageStatus(tabId: number, site: string | null, article: boolean): Promise<void> {
  const { settings } = await loadSettings();
  const on = article && site !== null && settings.sites[site] !== false;
  const action = toolbar();
  await action?.setBadgeText({ tabId, text: on ? translate('badgeArticle') : '' });
  if (on) {
    await action?.setBadgeBackgroundColor({ tabId, color: '#b4451f' });
    await action?.setTitle({ tabId, title: translate('actionTitleArticle') });
    if (settings.autoReader) await openReader(tabId, true);
  }
}

/** Feedback for a save started without the popup (command, context menu): the badge says how it went. */
async function flagResult(tabId: number, result: { ok: boolean }, message: string): Promise<void> {
  const action = toolbar();
  await action?.setBadgeText({ tabId, text: result.ok ? '✓' : '!' });
  await action?.setBadgeBackgroundColor({ tabId, color: result.ok ? '#1a7f37' : '#d1242f' });
  await action?.setTitle({ tabId, title: message });
}

function failureText(f: Failure): string {
  return translate(`error_${f.error.replace(/-/g, '_')}`);
}

export async function handleMessage(message: BackgroundMessage, sender: Sender): Promise<unknown> {
  switch (message.type) {
    case 'page-status':
      if (sender.tab?.id !== undefined) await showPageStatus(sender.tab.id, message.site, message.article);
      return { ok: true };
    case 'tab-info':
      return tabInfo(message.tabId);
    case 'clip-tab':
      return clipTab(message.tabId, message.overrides);
    case 'save': {
      const tabId = message.tabId ?? sender.tab?.id;
      if (tabId === undefined) return failure('no-tab', 'save needs a tabId outside a tab');
      const result = await saveTab(tabId, message.overrides, message.images);
      return { ...result, text: result.ok ? savedText(result) : failureText(result) };
    }
    case 'open-reader':
      return openReader(message.tabId, true);
  }
}

export const MENU_SAVE = 'save-post';
export const MENU_READER = 'toggle-reader';

export async function runCommand(command: string, tabId: number | undefined): Promise<void> {
  if (tabId === undefined) {
    // Chromium and Firefox both pass the tab to commands.onCommand; a browser that does not (Firefox
    // before 86) gets the active tab, whose id needs no `tabs` permission.
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    tabId = active?.id;
  }
  if (tabId === undefined) return;
  if (command === MENU_SAVE) {
    const result = await saveTab(tabId);
    await flagResult(tabId, result, result.ok ? savedText(result) : failureText(result));
  } else if (command === MENU_READER) {
    const result = await openReader(tabId);
    if (!result.ok) await flagResult(tabId, result, failureText(result));
  }
}

export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: MENU_SAVE, title: translate('saveAsHexo'), contexts: ['page'] });
  browser.contextMenus.create({ id: MENU_READER, title: translate('readerMode'), contexts: ['page'] });
}

export function registerBackground(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender, sendResponse: (r: unknown) => void) => {
    if (!isBackgroundMessage(message)) return undefined;
    // sendResponse + `return true`: the one reply style fakeBrowser, Chrome and the polyfill all honour.
    handleMessage(message, sender).then(sendResponse, (e: unknown) => sendResponse(failure('unknown', String((e as Error)?.message ?? e))));
    return true;
  });
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PAGE_STATUS_PORT) return;
    port.onMessage.addListener((message: unknown) => {
      if (isBackgroundMessage(message) && message.type === 'page-status') void handleMessage(message, port.sender ?? {}).catch(() => undefined);
    });
  });
  browser.runtime.onInstalled.addListener(() => void createMenus());
  // A fresh worker runs no save yet: any Referer rule still there was left by one that died mid-save.
  void clearRefererRules().catch(() => undefined);
  browser.contextMenus.onClicked.addListener((info, tab) => void runCommand(String(info.menuItemId), tab?.id));
  browser.commands.onCommand.addListener((command: string, tab?: Browser.tabs.Tab) => void runCommand(command, tab?.id));
}
