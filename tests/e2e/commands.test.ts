/**
 * Scenario 10: saving without the popup. The save-post command (its manifest shortcut, pressed
 * as a user does) writes the same file as the CLI; on a page that is not an article it writes
 * nothing and the toolbar says so. The context-menu entries exist and are wired.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser } from '@wxt-dev/browser';
import { expectedFor } from '../helpers';
import {
  badgeText,
  cliPost,
  commandShortcut,
  openPage,
  poll,
  pressShortcut,
  putSettings,
  useHarness,
  type Harness,
} from './harness';

declare const chrome: typeof Browser;

let h: Harness;
useHarness((started) => {
  h = started;
});

describe('save without the popup', () => {
  it('save-post has its manifest shortcut, Alt+Shift+K', async () => {
    expect(await commandShortcut(h, 'save-post')).toBe('Alt+Shift+K');
  });

  it('the save-post shortcut saves what the CLI writes and ticks the toolbar badge', async () => {
    const settings = await putSettings(h, { preset: 'archive', filenamePattern: ':year-:month-:day-:id.md' });
    const cliRun = cliPost('028-ql', settings);
    const { page, tabId } = await openPage(h, '028-ql', 'https');
    const before = await h.ext.downloadIds();
    await pressShortcut(h, page, 'Alt+Shift+K');
    const saved = await h.ext.waitForDownload(before);
    const cli = await cliRun;
    const id = /(\d+)\.html$/.exec(expectedFor('028-ql.html').url)?.[1];
    expect(cli.filename).toBe(`2021-11-23-${id}.md`);
    expect(saved.filename).toBe(join(h.ext.downloadsDir, 'hexo-clipper', cli.filename));
    expect(saved.content).toBe(cli.post);
    expect(await poll(() => badgeText(h, tabId), (b) => b === '✓')).toBe('✓');
    await page.close();
  });

  it('on a page that is not an article the command saves nothing and the badge says so', async () => {
    await putSettings(h, {});
    const { page, tabId } = await openPage(h, 'home');
    const before = await h.ext.downloadIds();
    await pressShortcut(h, page, 'Alt+Shift+K');
    expect(await poll(() => badgeText(h, tabId), (b) => b === '!')).toBe('!');
    const title = await h.ext.inWorker((id: number) => chrome.action.getTitle({ tabId: id }), tabId);
    expect(title).toContain('不是文章');
    expect(await h.ext.downloadIds()).toEqual(before);
    await page.close();
  });

  it('the context menu has its save and reader entries, with a click handler', async () => {
    // Native menus cannot be clicked headless; an update of a missing id rejects, so this proves
    // both entries exist. Their clicks go through the same runCommand as the shortcuts above.
    const result = await h.ext.inWorker(async () => {
      const out: Record<string, string> = {};
      for (const id of ['save-post', 'toggle-reader', 'no-such-entry']) {
        try {
          await chrome.contextMenus.update(id, {});
          out[id] = 'exists';
        } catch (e) {
          out[id] = String((e as Error).message ?? e);
        }
      }
      out.listener = String(chrome.contextMenus.onClicked.hasListeners());
      return out;
    });
    expect(result['save-post']).toBe('exists');
    expect(result['toggle-reader']).toBe('exists');
    expect(result['no-such-entry']).not.toBe('exists');
    expect(result.listener).toBe('true');
  });
});
