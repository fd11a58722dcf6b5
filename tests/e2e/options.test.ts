/**
 * The options page against the running extension: scenario 5 (a change of preset, categories and
 * filename pattern changes the next saved file, exactly as the CLI would write it with the stored
 * settings) and 6 (an invalid value shows its inline error and is not stored).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../utils/settings/schema';
import {
  cliPost,
  openPage,
  openPopup,
  poll,
  popupReady,
  putSettings,
  screenshot,
  useHarness,
  storedSettings,
  tid,
  type Harness,
} from './harness';

let h: Harness;
useHarness((started) => {
  h = started;
});

async function openOptions(): Promise<Page> {
  const page = await h.ext.context.newPage();
  await page.goto(h.ext.extensionUrl('options.html'));
  await page.locator(tid('opt-preset')).waitFor({ state: 'visible' });
  return page;
}

/** Types into a text control and commits it the way leaving the field does (`change`). */
async function setText(page: Page, path: string, value: string): Promise<void> {
  const box = page.locator(tid(`opt-${path}`));
  await box.fill(value);
  await box.dispatchEvent('change');
}

async function saveFromPopup(name: string): Promise<{ filename: string; content: string }> {
  const { page, tabId } = await openPage(h, name);
  const popup = await openPopup(h, tabId);
  expect(await popupReady(popup)).toBe('article');
  const before = await h.ext.downloadIds();
  await popup.locator(tid('popup-save')).click();
  const saved = await h.ext.waitForDownload(before);
  await popup.close();
  await page.close();
  return saved;
}

describe('options page', () => {
  it('a change of preset, categories and filename pattern changes the next saved file', async () => {
    await putSettings(h, {});
    const first = await saveFromPopup('028');
    expect(first.content).toMatch(/^categories: \[\]$/m);

    const options = await openOptions();
    await options.locator(tid('opt-preset')).selectOption('archive');
    await setText(options, 'categories', '新闻 / 山东 / 济南');
    await setText(options, 'filenamePattern', ':year/:month-:day-:title.md');
    await expect.poll(() => options.locator(tid('opt-filename-example')).innerText()).toMatch(/^hexo-clipper\/\d{4}\/\d{2}-\d{2}-.+\.md$/);
    for (const path of ['preset', 'categories', 'filenamePattern']) expect(await options.locator(tid(`err-${path}`)).count()).toBe(0);

    const stored = (await poll(
      () => storedSettings(h) as Promise<Settings | undefined>,
      (s) => s?.preset === 'archive' && s.filenamePattern === ':year/:month-:day-:title.md' && JSON.stringify(s.categories) === '["新闻","山东","济南"]',
    )) as Settings;
    expect(stored.preset).toBe('archive');
    expect(stored.categories).toEqual(['新闻', '山东', '济南']);
    expect(stored.filenamePattern).toBe(':year/:month-:day-:title.md');
    // The preview on the options page follows the settings too.
    await expect.poll(() => options.locator(tid('opt-preview')).innerText()).toContain('- 济南');
    await screenshot(options, 'options', { fullPage: true });
    await options.close();

    const cli = await cliPost('028', stored);
    const second = await saveFromPopup('028');
    expect(second.filename).toBe(join(h.ext.downloadsDir, 'hexo-clipper', '2021', '11-23-10亿元消费红利，2021年济南暖冬消费季即将开启.md'));
    expect(cli.filename).toBe('2021/11-23-10亿元消费红利，2021年济南暖冬消费季即将开启.md');
    expect(second.content).toBe(cli.post);
    expect(second.content).not.toBe(first.content);
    expect(second.content).toMatch(/^categories:\n\s*- 新闻\n\s*- 山东\n\s*- 济南$/m);
    expect(second.content).toMatch(/^date: Tue, 23 Nov 2021 01:52:00 GMT$/m);
  });

  const invalid: [path: string, value: string][] = [
    ['filenamePattern', ':nope-:title.md'],
    ['filenamePattern', '../:title.md'],
    ['timezone', 'Mars/Olympus_Mons'],
    ['reader.fontSize', '100'],
    ['download.subfolder', '../outside'],
    ['promoPatterns', '/[unclosed/'],
  ];
  for (const [path, value] of invalid) {
    it(`an invalid ${path} (${value}) shows its inline error and is not stored`, async () => {
      const before = await putSettings(h, {});
      const options = await openOptions();
      await setText(options, path, value);
      const err = options.locator(tid(`err-${path}`));
      await err.waitFor({ state: 'visible' });
      expect((await err.innerText()).trim()).not.toBe('');
      expect(await options.locator(tid(`opt-${path}`)).getAttribute('aria-invalid')).toBe('true');
      // What was typed stays in the box for the user to correct.
      expect(await options.locator(tid(`opt-${path}`)).inputValue()).toBe(value);
      await options.waitForTimeout(300);
      expect(await storedSettings(h)).toEqual(before);
      if (path === 'filenamePattern' && value.startsWith(':nope')) await screenshot(options, 'options-invalid');

      // Correcting it clears the error and stores the value.
      if (path === 'filenamePattern') {
        await setText(options, path, ':year-:title.md');
        await expect.poll(() => err.count()).toBe(0);
        await expect.poll(async () => ((await storedSettings(h)) as Settings).filenamePattern).toBe(':year-:title.md');
      }
      await options.close();
    });
  }
});
