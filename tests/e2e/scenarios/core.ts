/**
 * The scenarios both browsers run, written once against the Driver: the detector, the real
 * shortcuts, the reader (shadow root, whole viewport, following the options page), the popup's
 * save and copy against the CLI, duplicate download names, and the hostile page.
 * Runners: tests/e2e/shared.test.ts (Chromium), tests/e2e-firefox/shared.test.ts (Firefox).
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedFor } from '../../helpers';
import { listFixturePages } from '../../../scripts/lib/fixture-server';
import { cliPost, liveMarkup, settingsOf, splitPost, type CliResult } from '../harness';
import { duplicateName, type Driver, type DriverPage } from '../driver/types';
import { READER, SHORTCUTS, badgeText, commandShortcuts, inReader, normalize, poll, popupReady, pixelsAt, sleep, tid } from './common';

const cliRuns = new Map<string, Promise<CliResult>>();
/** The CLI runs the scenarios compare with, started as a file's browser starts (each is a Node process). */
export function startCliRuns(): void {
  for (const c of CLI_CASES) void cliFor(c.page, c.partial, pageUrl(c.page, c.scheme)).catch(() => undefined);
}
const pageUrl = (name: string, scheme?: 'http' | 'https') => {
  const u = new URL(listFixturePages().find((p) => p.name === name)!.url);
  if (scheme) u.protocol = `${scheme}:`;
  return u.toString();
};
/** The CLI's post for a page, with the settings and URL the browser has; started once, awaited late. */
function cliFor(page: string, partial: Record<string, unknown>, url?: string): Promise<CliResult> {
  const key = JSON.stringify([page, partial, url]);
  if (!cliRuns.has(key)) cliRuns.set(key, cliPost(page, settingsOf(partial), url));
  return cliRuns.get(key)!;
}

async function openReaderByShortcut(d: Driver, page: DriverPage): Promise<void> {
  await d.pressShortcut(page, SHORTCUTS['toggle-reader']);
  await page.waitFor(READER);
}

export function detectorScenarios(driver: () => Driver): void {
  describe('detector', () => {
    for (const [name, scheme] of [
      ['028', 'http'],
      ['028', 'https'],
      ['028-ql', 'http'],
      ['028-ql', 'https'],
    ] as const) {
      it(`marks ${name} over ${scheme} as an article`, async () => {
        const d = driver();
        const page = await d.openPage(name, scheme);
        expect(new URL(page.url).protocol).toBe(`${scheme}:`);
        expect(await poll(() => badgeText(d, page.tabId), (b) => b !== '')).toBe('文');
        await page.close();
      });
    }

    for (const name of ['home', 'ql-home', 'generic', 'other-host'] as const) {
      it(`leaves ${name} unmarked`, async () => {
        const d = driver();
        const page = await d.openPage(name);
        // Give a detector time to report, had it run or misjudged the page.
        await sleep(700);
        expect(await badgeText(d, page.tabId)).toBe('');
        await page.close();
      });
    }

    it('leaves no rejected promise when tabs close before the background answers', async () => {
      const d = driver();
      // Tabs closed 0-60 ms after DOMContentLoaded: the detector runs at document_idle, so some close
      // while its message is in flight. Before the port, Firefox logged `Promise rejected after
      // context unloaded` for about one in three of these.
      const names = ['028', '028-ql', '034', '006'];
      for (let i = 0; i < 10; i++) await d.flashPage(names[i % names.length]!, (i % 4) * 20);
      await sleep(1500);
      expect(await d.extensionErrors()).toEqual([]);
    });
  });
}

export function shortcutScenarios(driver: () => Driver): void {
  describe('keyboard shortcuts', () => {
    it(`the browser assigns the manifest's keys: ${JSON.stringify(SHORTCUTS)}`, async () => {
      expect(await commandShortcuts(driver())).toEqual(SHORTCUTS);
    });

    it('save-post, pressed, saves what the CLI writes and ticks the badge', async () => {
      const d = driver();
      const partial = SHORTCUT_SAVE;
      await d.putSettings(partial);
      const page = await d.openPage('028-ql', 'https');
      const cli = cliFor('028-ql', partial, page.url);
      const before = (await d.downloads()).map((x) => x.id);
      await d.pressShortcut(page, SHORTCUTS['save-post']);
      const saved = await d.waitForDownload(before);
      expect(basename(saved.filename)).toBe((await cli).filename);
      expect(saved.content).toBe((await cli).post);
      expect(await poll(() => badgeText(d, page.tabId), (b) => b === '✓')).toBe('✓');
      await page.close();
    });
  });
}

export function readerScenarios(driver: () => Driver): void {
  describe('reader', () => {
    const expected = expectedFor('028.html');

    it('opens by its shortcut with the article in its shadow root, and closes by it', async () => {
      const d = driver();
      await d.putSettings({});
      const page = await d.openPage('028');
      expect(await page.count('hexo-clipper-reader')).toBe(0);
      await openReaderByShortcut(d, page);
      // In the shadow root, not in the page's DOM.
      expect(await page.evaluate(() => document.querySelectorAll('[data-testid="reader"]').length)).toBe(0);
      expect(normalize(await page.text(inReader('reader-title')))).toBe(normalize(expected.title));
      expect(await page.text(inReader('reader-site'))).toBe('趣头条');
      const text = normalize(await page.text(inReader('reader-body')));
      for (const block of expected.blocks) expect(text).toContain(normalize(block));
      expect(text).not.toContain(normalize(expected.promo!.text));
      await d.pressShortcut(page, SHORTCUTS['toggle-reader']);
      await poll(() => page.count(READER), (n) => n === 0);
      expect(await page.count(READER)).toBe(0);
      // Esc closes it too.
      await openReaderByShortcut(d, page);
      await page.press('Escape');
      expect(await poll(() => page.count(READER), (n) => n === 0)).toBe(0);
      await page.close();
    });

    it('covers the whole viewport, with no band of the page around it', async () => {
      const d = driver();
      await d.putSettings({});
      const page = await d.openPage('028');
      await openReaderByShortcut(d, page);
      const geometry = await page.evaluate(() => {
        const host = document.querySelector('hexo-clipper-reader')!;
        const reader = host.shadowRoot!.querySelector('[data-testid="reader"]')!;
        const r = reader.getBoundingClientRect();
        const w = document.documentElement.clientWidth;
        const h = window.innerHeight;
        // What a click lands on at the edges: the reader's host, never the page.
        const hits = [[1, 1], [w - 2, 1], [1, h - 2], [w - 2, h - 2], [w / 2, h - 2]].map(([x, y]) => document.elementFromPoint(x!, y!)?.localName ?? null);
        return { box: [r.left, r.top, r.width, r.height], viewport: [window.innerWidth, h], hits };
      });
      expect(geometry.box).toEqual([0, 0, ...geometry.viewport]);
      expect(geometry.hits).toEqual(Array(5).fill('hexo-clipper-reader'));
      const png = await page.screenshot(`reader-viewport-${d.browser}`);
      const [w, h] = geometry.viewport as [number, number];
      // Corners of the screenshot: the toolbar's panel colour at the top, the reader's paper below.
      const { size, rgba } = await pixelsAt(d, png, [[0, 0], [w - 20, 0], [0, h - 1], [w - 20, h - 1]]);
      expect(size).toEqual([w, h]);
      const near = (px: number[], [r, g, b]: number[]) => Math.abs(px[0]! - r!) + Math.abs(px[1]! - g!) + Math.abs(px[2]! - b!) <= 6;
      const PANEL = [0xf3, 0xf2, 0xee];
      const PAPER = [0xfd, 0xfd, 0xfb];
      expect(rgba.map((px, i) => near(px, i < 2 ? PANEL : PAPER))).toEqual([true, true, true, true]);
      await page.close();
    });

    it('follows a change made on the options page while open', async () => {
      const d = driver();
      await d.putSettings({});
      const page = await d.openPage('028');
      await openReaderByShortcut(d, page);
      const block = expected.blocks[1]!;
      expect(normalize(await page.text(inReader('reader-body')))).toContain(normalize(block));
      // The options page, as a user uses it: the reader theme select.
      const options = await d.openExtensionPage('options.html');
      await options.waitFor(tid('opt-reader.theme'), 15000);
      await options.fill(tid('opt-reader.theme'), 'sepia');
      expect(await poll(() => page.attr(READER, 'data-theme'), (t) => t === 'sepia')).toBe('sepia');
      await options.close();
      // What the options page stores for a promo pattern: the open article drops the paragraph.
      await d.putSettings({ reader: { theme: 'dark', fontSize: 24 }, promoPatterns: [block.slice(0, 12)] });
      expect(await poll(() => page.attr(READER, 'data-theme'), (t) => t === 'dark')).toBe('dark');
      expect(await poll(async () => normalize(await page.text(inReader('reader-body'))).includes(normalize(block)), (v) => !v)).toBe(false);
      await d.putSettings({});
      await page.close();
    });
  });
}

const SAVE_CASES = [
  { page: '028', scheme: 'http', preset: 'hexo' },
  { page: '028-ql', scheme: 'https', preset: 'archive' },
] as const;
const SHORTCUT_SAVE = { preset: 'archive', filenamePattern: ':year-:month-:day-:id.md' };
const CLI_CASES: { page: string; partial: Record<string, unknown>; scheme?: 'http' | 'https' }[] = [
  ...SAVE_CASES.map((c) => ({ page: c.page, partial: { preset: c.preset }, scheme: c.scheme })),
  { page: '028-ql', partial: SHORTCUT_SAVE, scheme: 'https' },
  { page: '028', partial: {} },
  { page: '028', partial: { blog: { slug: 'pinyin' } } },
  { page: 'hostile', partial: {} },
];

export function popupScenarios(driver: () => Driver): void {
  describe('popup', () => {
    for (const c of SAVE_CASES) {
      it(`saves ${c.page} (${c.scheme}, ${c.preset}) byte for byte as the CLI does`, async () => {
        const d = driver();
        await d.putSettings({ preset: c.preset });
        const page = await d.openPage(c.page, c.scheme);
        const cli = cliFor(c.page, { preset: c.preset }, page.url);
        const popup = await d.openPopup(page.tabId);
        expect(await popupReady(popup)).toBe('article');
        expect(await popup.value(tid('popup-title'))).toBe(expectedFor(`${c.page}.html`).title);
        expect(await popup.text(tid('popup-filename'))).toBe((await cli).filename);
        const before = (await d.downloads()).map((x) => x.id);
        await popup.click(tid('popup-save'));
        const saved = await d.waitForDownload(before);
        expect(saved.filename).toBe(`${d.downloadsDir}/hexo-clipper/${(await cli).filename}`);
        expect(saved.content).toBe((await cli).post);

        // A second save of the same post: the browser keeps both, naming the second its own way.
        const again = (await d.downloads()).map((x) => x.id);
        await popup.click(tid('popup-save'));
        const second = await d.waitForDownload(again);
        expect(basename(second.filename)).toBe(duplicateName(d.browser, (await cli).filename, 1));
        expect(second.content).toBe((await cli).post);
        await popup.close();
        await page.close();
      });
    }

    it('names the file in pinyin as the CLI does, the converter loaded into the page for it', async () => {
      const d = driver();
      const partial = { blog: { slug: 'pinyin' } };
      await d.putSettings(partial);
      const page = await d.openPage('028');
      const cli = cliFor('028', partial, page.url);
      expect((await cli).filename).toMatch(/^[a-z0-9-]+\.md$/);
      const popup = await d.openPopup(page.tabId);
      expect(await popupReady(popup)).toBe('article');
      expect(await popup.text(tid('popup-filename'))).toBe((await cli).filename);
      const before = (await d.downloads()).map((x) => x.id);
      await popup.click(tid('popup-save'));
      const saved = await d.waitForDownload(before);
      expect(basename(saved.filename)).toBe((await cli).filename);
      expect(saved.content).toBe((await cli).post);
      await popup.close();
      await page.close();
    });

    it('copies the same Markdown the CLI writes', async () => {
      const d = driver();
      await d.putSettings({});
      const page = await d.openPage('028');
      const cli = cliFor('028', {}, page.url);
      const popup = await d.openPopup(page.tabId);
      expect(await popupReady(popup)).toBe('article');
      await popup.click(tid('popup-copy'));
      expect(await poll(() => popup.attr(tid('popup-status'), 'data-kind').catch(() => null), (k) => k === 'success')).toBe('success');
      expect(await d.clipboardText()).toBe((await cli).post);
      await popup.close();
      await page.close();
    });
  });
}

export function hostileScenarios(driver: () => Driver): void {
  describe('hostile page', () => {
    const pwned = (page: DriverPage) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null);

    it('runs nothing in the page or the reader', async () => {
      const d = driver();
      await d.putSettings({});
      const page = await d.openPage('hostile');
      expect(await page.evaluate(() => (window as unknown as { __pageScriptsRan?: number }).__pageScriptsRan)).toBe(1);
      await openReaderByShortcut(d, page);
      // Let images load or fail, so an `onerror` that survived would have fired.
      await sleep(1000);
      expect(await pwned(page)).toBeNull();
      expect(await page.text(inReader('reader-body'))).toContain('<script>window.__pwned=1</script>');
      const dangerous = await page.evaluate(() => {
        const root = document.querySelector('hexo-clipper-reader')!.shadowRoot!;
        const found: string[] = [];
        for (const el of Array.from(root.querySelectorAll('*'))) {
          const tag = el.tagName.toLowerCase();
          if (['script', 'iframe', 'object', 'embed', 'frame', 'template', 'noscript', 'form'].includes(tag)) found.push(tag);
          for (const a of Array.from(el.attributes)) {
            if (/^on/i.test(a.name)) found.push(`${tag}[${a.name}]`);
            if (/^\s*javascript:/i.test(a.value)) found.push(`${tag}[${a.name}=javascript:]`);
          }
        }
        return found;
      });
      expect(dangerous).toEqual([]);
      // Control: the title as markup does fire in this page, so the flag can catch a leak.
      const fired = await page.evaluate(async () => {
        const doc = new DOMParser().parseFromString(`<body>${document.title}</body>`, 'text/html');
        for (const n of Array.from(doc.body.childNodes)) document.body.append(document.importNode(n, true));
        await new Promise((r) => setTimeout(r, 500));
        return (window as unknown as { __pwned?: number }).__pwned ?? null;
      });
      expect(fired).toBe(1);
      await page.close();
    });

    it('saves a post with no live markup, equal to the CLI', async () => {
      const d = driver();
      const settings = await d.putSettings({});
      const page = await d.openPage('hostile');
      const cli = cliFor('hostile', {}, page.url);
      const popup = await d.openPopup(page.tabId);
      expect(await popupReady(popup)).toBe('article');
      const before = (await d.downloads()).map((x) => x.id);
      await popup.click(tid('popup-save'));
      const saved = await d.waitForDownload(before);
      expect(await pwned(page)).toBeNull();
      expect(liveMarkup(splitPost(saved.content).body, settings.body)).toEqual([]);
      expect(saved.content).toBe((await cli).post);
      await popup.close();
      await page.close();
    });
  });
}
