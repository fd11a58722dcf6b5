/**
 * What the shared scenarios share: one browser per file behind the Driver, the extension's UI
 * contract (test ids, the reader's shadow host), and the checks every file ends with.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { Driver, DriverPage } from '../driver/types';

export const tid = (id: string) => `[data-testid="${id}"]`;
/** The reader's root inside its shadow host. */
export const READER = `hexo-clipper-reader >>> ${tid('reader')}`;
export const inReader = (id: string) => `${READER} ${tid(id)}`;
export const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The manifest's suggested keys (wxt.config.ts), which both browsers must assign as they are. */
export const SHORTCUTS = { 'toggle-reader': 'Alt+Shift+Y', 'save-post': 'Alt+Shift+K' } as const;

export type DriverFactory = () => Promise<Driver>;

/**
 * Starts the browser before the file's tests, clears downloads before each, and after them fails
 * the file if the extension logged an error: an unexpected console error is a bug in either browser.
 */
export function useDriver(start: DriverFactory): () => Driver {
  let d: Driver | undefined;
  beforeAll(async () => {
    d = await start();
  });
  beforeEach(async () => {
    await d?.clearDownloads();
  });
  afterAll(async () => {
    if (!d) return;
    try {
      expect(await d.extensionErrors(), `console errors from the extension in ${d.browser}`).toEqual([]);
    } finally {
      await d.close();
    }
  });
  return () => {
    if (!d) throw new Error('the browser did not start');
    return d;
  };
}

/** The toolbar badge of a tab (MV3 `action`, Firefox MV2 `browserAction`). */
export async function badgeText(d: Driver, tabId: number): Promise<string> {
  return d.inExtension(async (id: number) => {
    const g = globalThis as unknown as Record<string, { action?: { getBadgeText(o: object): Promise<string> }; browserAction?: { getBadgeText(o: object): Promise<string> } }>;
    const ext = g.browser ?? g.chrome!;
    return (ext.action ?? ext.browserAction)!.getBadgeText({ tabId: id });
  }, tabId);
}

export async function commandShortcuts(d: Driver): Promise<Record<string, string>> {
  const all = await d.inExtension(async () => {
    const g = globalThis as unknown as Record<string, { commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> } }>;
    return (g.browser ?? g.chrome)!.commands.getAll();
  });
  return Object.fromEntries(all.filter((c) => c.name && !c.name.startsWith('_')).map((c) => [c.name!, c.shortcut ?? '']));
}

export async function poll<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the popup has decided what the tab is. */
export async function popupReady(popup: DriverPage): Promise<'article' | 'not-article' | 'generic' | 'failed'> {
  const kinds = [
    ['article', tid('popup-title')],
    ['not-article', tid('popup-not-article')],
    ['generic', tid('popup-generic')],
    ['failed', `${tid('popup-status')}[data-kind="error"]`],
  ] as const;
  const found = await poll(
    async () => {
      for (const [kind, sel] of kinds) if (await popup.count(sel)) return kind;
      return null;
    },
    (k) => k !== null,
    15000,
  );
  if (!found) throw new Error('the popup never showed an article, a not-article message or an error');
  return found;
}

/** Width and height of a PNG, and RGBA at given points, decoded by the browser's own image decoder. */
export async function pixelsAt(d: Driver, png: Buffer, points: [number, number][]): Promise<{ size: [number, number]; rgba: number[][] }> {
  return d.inExtension(
    async ({ bytes, pts }: { bytes: number[]; pts: [number, number][] }) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return {
        size: [bitmap.width, bitmap.height] as [number, number],
        rgba: pts.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data)),
      };
    },
    { bytes: Array.from(png), pts: points },
  );
}
