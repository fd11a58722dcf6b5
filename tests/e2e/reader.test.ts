/**
 * Scenarios 2 and 3: the reader opens by its command and shows the cleaned article; a theme and
 * font-size change applies at once and survives a reload. Screenshots: reader light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectedFor, type Expected } from '../helpers';
import {
  READER,
  bindShortcut,
  cliPost,
  commandShortcut,
  openPage,
  pressShortcut,
  poll,
  putSettings,
  readerOpenMs,
  screenshot,
  startHarness,
  storedSettings,
  type CliResult,
  type Harness,
} from './harness';

let h: Harness;
let expected: Expected;
let cli: CliResult;
/** The shortcut the tests press for toggle-reader (the manifest's, or one bound by hand). */
let toggleKeys: string;
const timings: number[] = [];
/** Shortcut press to visible reader, as the test sees it (includes injecting the reader script). */
const wallTimes: number[] = [];

const inReader = (id: string) => `${READER} [data-testid="${id}"]`;
const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  h = await startHarness();
  expected = expectedFor('028.html');
  cli = await cliPost('028', await putSettings(h, {}));
  let shortcut = await commandShortcut(h, 'toggle-reader');
  if (!shortcut) {
    // Chromium 156 does not assign the manifest's Alt+Shift+R (see the shortcut test); bind a free
    // key the way a user would on chrome://extensions/shortcuts, to exercise the command path.
    shortcut = 'Alt+Shift+Y';
    await bindShortcut(h, 'toggle-reader', shortcut);
    console.log(`toggle-reader had no shortcut; bound ${shortcut} for the test`);
  }
  toggleKeys = shortcut;
});

afterAll(async () => {
  if (timings.length) {
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(`reader open time (performance marks), ms: ${timings.map((t) => t.toFixed(1)).join(', ')}; median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}`);
  }
  if (wallTimes.length) console.log(`shortcut press to visible reader (seen from the test), ms: ${wallTimes.map((t) => t.toFixed(0)).join(', ')}`);
  await h?.close();
});

async function openReaderByCommand(page: Page): Promise<void> {
  const t0 = performance.now();
  await pressShortcut(h, page, toggleKeys);
  await page.locator(READER).waitFor({ state: 'visible', timeout: 10000 });
  wallTimes.push(performance.now() - t0);
  const ms = await readerOpenMs(page);
  if (ms !== null) timings.push(ms);
}

describe('reader', () => {
  it('opens by the toggle-reader command and shows the cleaned article', async () => {
    const { page } = await openPage(h, '028');
    expect(await page.locator(READER).count()).toBe(0);
    await openReaderByCommand(page);

    expect(normalize(await page.locator(inReader('reader-title')).innerText())).toBe(normalize(expected.title));
    expect(await page.locator(inReader('reader-site')).innerText()).toBe('趣头条');
    const meta = await page.locator(inReader('reader-meta')).innerText();
    expect(meta).toContain(expected.source);
    expect(meta).toContain('2021-11-23 09:52');

    const body = page.locator(inReader('reader-body'));
    const text = normalize(await body.innerText());
    for (const block of expected.blocks) expect(text).toContain(normalize(block));
    expect(expected.promo).not.toBeNull();
    expect(text).not.toContain(normalize(expected.promo!.text));
    for (const noise of expected.noise) expect(text).not.toContain(noise);

    const srcs = await body.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
    expect(srcs).toEqual(expected.images);
    expect(srcs).not.toContain(expected.beacon);
    // The images really load (the fixture server answers them), so they are present, not broken.
    await expect.poll(() => body.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
    // Nor did the reader fetch the beacon: only the page's own script asked for its `&e=view` variant.
    expect(h.server.log.filter((r) => r.host === 'log.1sapp.com' && expected.beacon.endsWith(r.url))).toEqual([]);

    const trackingCount = cli.removed.filter((r) => r.step === 'tracking').length;
    expect(trackingCount).toBeGreaterThan(0);
    const removed = await page.locator(inReader('reader-removed')).innerText();
    expect(removed).toContain('推广页脚 1 处');
    expect(removed).toContain(`跟踪图片 ${trackingCount} 张`);
    await page.locator(inReader('reader-removed-toggle')).click();
    const list = await page.locator(inReader('reader-removed-list')).innerText();
    expect(normalize(list)).toContain(normalize(expected.promo!.text));
    expect(list).toContain(expected.beacon);

    await screenshot(page, 'reader-light');
    await page.close();
  });

  it('closes on Esc and gives the page its scroll position back', async () => {
    const { page } = await openPage(h, '028');
    await page.evaluate(() => window.scrollTo(0, 300));
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBeGreaterThan(0);
    await openReaderByCommand(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator(READER).count()).toBe(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    await page.close();
  });

  it('applies a theme and font-size change at once and keeps it after a reload', async () => {
    const { page } = await openPage(h, '028-ql', 'https');
    await openReaderByCommand(page);
    const reader = page.locator(READER);
    expect(await reader.getAttribute('data-theme')).toBe('light');
    expect(await reader.evaluate((el) => (el as HTMLElement).style.fontSize)).toBe('18px');

    await page.locator(inReader('reader-theme')).selectOption('dark');
    await expect.poll(() => reader.getAttribute('data-theme')).toBe('dark');
    const size = page.locator(inReader('reader-font-size'));
    await size.fill('22');
    await size.dispatchEvent('change');
    await expect.poll(() => reader.evaluate((el) => (el as HTMLElement).style.fontSize)).toBe('22px');
    // The rendered text follows, not only the attribute.
    expect(await page.locator(inReader('reader-body')).evaluate((el) => getComputedStyle(el).fontSize)).toBe('22px');
    await screenshot(page, 'reader-dark');

    const stored = await poll(
      () => storedSettings(h) as Promise<{ reader?: { theme?: string; fontSize?: number } } | undefined>,
      (s) => s?.reader?.theme === 'dark' && s.reader.fontSize === 22,
    );
    expect(stored?.reader).toMatchObject({ theme: 'dark', fontSize: 22 });

    await page.reload({ waitUntil: 'load' });
    expect(await page.locator(READER).count()).toBe(0);
    await openReaderByCommand(page);
    expect(await reader.getAttribute('data-theme')).toBe('dark');
    expect(await reader.evaluate((el) => (el as HTMLElement).style.fontSize)).toBe('22px');
    expect(await page.locator(inReader('reader-theme')).inputValue()).toBe('dark');
    expect(await page.locator(inReader('reader-font-size')).inputValue()).toBe('22');
    await page.close();
  });

  it('follows settings changed on the options page while it is open: its look, and the article', async () => {
    await putSettings(h, {});
    const { page } = await openPage(h, '028');
    await openReaderByCommand(page);
    const reader = page.locator(READER);
    const body = page.locator(inReader('reader-body'));
    const block = expected.blocks[1]!;
    expect(normalize(await body.innerText())).toContain(normalize(block));

    // What the options page stores: a reader look, and a promo pattern that matches a paragraph.
    await putSettings(h, { reader: { theme: 'sepia', fontSize: 24 }, promoPatterns: [block.slice(0, 12)] });
    await expect.poll(() => reader.getAttribute('data-theme')).toBe('sepia');
    await expect.poll(() => reader.evaluate((el) => (el as HTMLElement).style.fontSize)).toBe('24px');
    await expect.poll(async () => normalize(await body.innerText()).includes(normalize(block))).toBe(false);
    expect(normalize(await body.innerText())).toContain(normalize(expected.blocks[2]!));

    await putSettings(h, {});
    await page.close();
  });
});
