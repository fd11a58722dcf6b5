/** Scenario 1: the manifest's real `matches` fire on Qutoutiao and Qilu (HTTP and HTTPS) and nowhere else. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeText, extensionWorlds, openPage, poll, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('content script matching', () => {
  for (const [name, scheme] of [
    ['028', 'http'],
    ['028', 'https'],
    ['028-ql', 'http'],
    ['028-ql', 'https'],
  ] as const) {
    it(`runs on ${name} over ${scheme} and marks the article on the toolbar`, async () => {
      const { page, tabId, url } = await openPage(h, name, scheme);
      expect(new URL(url).protocol).toBe(`${scheme}:`);
      const badge = await poll(() => badgeText(h, tabId), (b) => b !== '');
      // badgeArticle in zh_CN: the browser runs in Chinese here.
      expect(badge).toBe('文');
      expect((await extensionWorlds(h, page)).length).toBeGreaterThan(0);
      await page.close();
    });
  }

  it('runs on a Qutoutiao list page but leaves the badge empty (not an article)', async () => {
    const { page, tabId } = await openPage(h, 'home');
    expect((await extensionWorlds(h, page)).length).toBeGreaterThan(0);
    // Give the content script's message time to arrive before reading the badge.
    await page.waitForTimeout(500);
    expect(await badgeText(h, tabId)).toBe('');
    await page.close();
  });

  for (const name of ['generic', 'other-host'] as const) {
    it(`does not run on another host (${name})`, async () => {
      const { page, tabId } = await openPage(h, name);
      expect(new URL(page.url()).host).toBe('news.example.org');
      await page.waitForTimeout(500);
      expect(await extensionWorlds(h, page)).toEqual([]);
      expect(await badgeText(h, tabId)).toBe('');
      await page.close();
    });
  }
});
