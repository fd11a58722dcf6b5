/** Reaching the reader content script in a tab, injecting it on demand. */
import { browser } from 'wxt/browser';
import type { ContentMessage } from '../messages';
import { PINYIN_GLOBAL, PINYIN_SCRIPT } from './pinyin';
import { mark } from './timing';

/** Where WXT writes `entrypoints/reader.content/`. */
export const READER_SCRIPT = '/content-scripts/reader.js';

export class InjectionError extends Error {}

export function sendToTab<T>(tabId: number, message: ContentMessage): Promise<T> {
  return browser.tabs.sendMessage(tabId, message) as Promise<T>;
}

async function isInjected(tabId: number): Promise<boolean> {
  try {
    const reply = await sendToTab<{ ok?: boolean } | undefined>(tabId, { type: 'ping' });
    return reply?.ok === true;
  } catch {
    return false;
  }
}

/**
 * Named sites are covered by host permissions; any other site only while activeTab is granted
 * (popup click, context menu, command). A refusal is an InjectionError the UI explains.
 */
export function ensureReader(tabId: number): Promise<void> {
  // The idle preparation and a shortcut can both find the tab without a reader: inject once, or
  // the second copy would take over from the first (WXT invalidates the older instance).
  let pending = injecting.get(tabId);
  if (!pending) {
    pending = injectReader(tabId).finally(() => injecting.delete(tabId));
    injecting.set(tabId, pending);
  }
  return pending;
}

const injecting = new Map<number, Promise<void>>();

async function injectReader(tabId: number): Promise<void> {
  if (await isInjected(tabId)) return;
  mark('reader-pinged');
  try {
    if (browser.scripting?.executeScript) {
      await browser.scripting.executeScript({ target: { tabId }, files: [READER_SCRIPT] });
    } else {
      // `scripting` is in Chromium and in Firefox (MV2 too, since 102); older Firefox only has this.
      await (browser.tabs as unknown as { executeScript(id: number, d: { file: string }): Promise<unknown> }).executeScript(tabId, { file: READER_SCRIPT });
    }
  } catch (e) {
    throw new InjectionError((e as Error).message);
  }
}

/**
 * Loads the pinyin converter into the tab once (a second save there finds it), for a save that
 * names its file in pinyin. Scripting only: older Firefox without it keeps the title.
 */
export async function ensurePinyin(tabId: number): Promise<void> {
  const scripting = browser.scripting;
  if (!scripting?.executeScript) throw new InjectionError('no scripting API');
  try {
    const [probe] = await scripting.executeScript({ target: { tabId }, func: (key: string) => typeof (globalThis as Record<string, unknown>)[key] === 'function', args: [PINYIN_GLOBAL] });
    if (probe?.result === true) return;
    await scripting.executeScript({ target: { tabId }, files: [PINYIN_SCRIPT] });
  } catch (e) {
    throw new InjectionError((e as Error).message);
  }
}
