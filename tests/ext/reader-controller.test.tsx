/**
 * The reader's controller on a prepared page: a shortcut there brings no settings (the worker
 * sends one message and reads nothing first), so the page opens on those of its preparation,
 * kept current from storage; and the layout rehearsal done while idle leaves nothing behind.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { REHEARSAL_NAME, withoutMedia } from '../../entrypoints/reader.content/rehearse';
import { DEFAULT_SETTINGS, type ReaderTheme, type Settings } from '../../utils/settings/schema';
import { storeSettings } from '../../utils/extension/settings-storage';
import { fixture, getMessageZh, showAsPage } from './helpers';

// An article with an image in its body (019, reader-prepare's page, has none).
const PAGE = fixture('028.html');

const withTheme = (theme: ReaderTheme): Settings => ({ ...DEFAULT_SETTINGS, reader: { ...DEFAULT_SETTINGS.reader, theme } });
const shownTheme = () => document.querySelector('hexo-clipper-reader')?.shadowRoot?.querySelector('.reader')?.getAttribute('data-theme');
const prepared = () => vi.waitFor(() => expect(performance.getEntriesByName('hexo-clipper:reader-prepared')).toHaveLength(1));

/** A fresh controller and page module: the page's last article is module state. */
async function newReader() {
  vi.resetModules();
  const { createReaderController } = await import('../../entrypoints/reader.content/controller');
  return createReaderController(ctx);
}

let ctx: ContentScriptContext;
beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(getMessageZh as never);
  // jsdom has no idle callbacks; the page is idle at once here.
  vi.stubGlobal('requestIdleCallback', (run: () => void) => setTimeout(run, 0));
  performance.clearMarks();
  showAsPage(PAGE);
  ctx = new ContentScriptContext('reader-controller-test');
});
afterEach(() => {
  ctx.abort();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the reader on a prepared page', () => {
  it('opens on the settings of its preparation, then on what storage says since', async () => {
    const reader = await newReader();
    await storeSettings(withTheme('light'));
    await reader.handle({ type: 'prepare', settings: withTheme('sepia'), blog: false });
    await prepared();
    expect(await reader.handle({ type: 'toggle-reader' })).toEqual({ ok: true, open: true });
    expect(shownTheme()).toBe('sepia');
    expect(await reader.handle({ type: 'toggle-reader' })).toEqual({ ok: true, open: false });
    expect(shownTheme()).toBeUndefined();

    // Changed on the options page while the page stays open: the next open shows it.
    await storeSettings(withTheme('dark'));
    await vi.waitFor(async () => {
      await reader.handle({ type: 'toggle-reader', open: true });
      const theme = shownTheme();
      await reader.handle({ type: 'toggle-reader', open: false });
      expect(theme).toBe('dark');
    });
    // Settings sent with the toggle (a worker that has forgotten the preparation) win.
    await reader.handle({ type: 'toggle-reader', settings: withTheme('light') });
    expect(shownTheme()).toBe('light');
  });

  it('before the page went idle, opens on the stored settings (those of the preparation are not yet kept current)', async () => {
    // The page never goes idle here: nothing of the preparation runs, not even its storage watch.
    vi.stubGlobal('requestIdleCallback', () => 0);
    const reader = await newReader();
    await storeSettings(withTheme('dark'));
    await reader.handle({ type: 'prepare', settings: withTheme('sepia'), blog: false });
    expect(await reader.handle({ type: 'toggle-reader' })).toEqual({ ok: true, open: true });
    expect(shownTheme()).toBe('dark');
  });

  it('rehearses the layout without leaving anything in the page or bringing any image into it', async () => {
    const added: string[] = [];
    const removed: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        added.push(...[...r.addedNodes].map((n) => n.nodeName.toLowerCase()));
        removed.push(...[...r.removedNodes].map((n) => n.nodeName.toLowerCase()));
      }
    });
    observer.observe(document, { childList: true, subtree: true });
    const imported = vi.spyOn(document, 'importNode');
    const reader = await newReader();
    await reader.handle({ type: 'prepare', settings: DEFAULT_SETTINGS, blog: false });
    await prepared();
    // Past Preact's after-paint effects (a frame, or 100 ms without one): the reader's focus
    // effect must not have run for the rehearsal, whose reader is gone by then.
    await new Promise((r) => setTimeout(r, 150));
    observer.disconnect();
    expect(document.activeElement).toBe(document.body);

    expect(added).toEqual([REHEARSAL_NAME]);
    expect(removed).toEqual([REHEARSAL_NAME]);
    expect(document.querySelector(REHEARSAL_NAME)).toBeNull();
    // The article's body did reach the page's document, as text only.
    const bodies = imported.mock.calls.map(([node]) => node as Element).filter((n) => n.nodeType === 1 && (n.textContent ?? '').length > 200);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body.querySelector('img, picture, video, iframe')).toBeNull();
  });
});

describe('the idle preparation', () => {
  it('yields to the page between its steps (extraction, fonts, layout), each in an idle period of its own', async () => {
    const idle = vi.fn((run: () => void) => setTimeout(run, 0));
    vi.stubGlobal('requestIdleCallback', idle);
    const reader = await newReader();
    await reader.handle({ type: 'prepare', settings: DEFAULT_SETTINGS, blog: false });
    await prepared();
    expect(idle).toHaveBeenCalledTimes(3);
  });

  it('stops once the reader is open, and never lays out a hidden copy under it', async () => {
    const added: string[] = [];
    const observer = new MutationObserver((records) => records.forEach((r) => added.push(...[...r.addedNodes].map((n) => n.nodeName.toLowerCase()))));
    observer.observe(document, { childList: true, subtree: true });
    const reader = await newReader();
    await reader.handle({ type: 'prepare', settings: DEFAULT_SETTINGS, blog: false });
    await reader.handle({ type: 'toggle-reader', settings: DEFAULT_SETTINGS });
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    expect(added).not.toContain(REHEARSAL_NAME);
    expect(added).toContain('hexo-clipper-reader');
    expect(performance.getEntriesByName('hexo-clipper:reader-prepared')).toHaveLength(0);
  });
});

describe('withoutMedia', () => {
  it('keeps the text and structure, drops every element that would load something, and leaves the original alone', () => {
    const doc = new DOMParser().parseFromString(
      '<div id="c"><p>第一段<img src="https://a.example/1.jpg"></p><picture><source srcset="b.webp"><img src="b.jpg"></picture><p>第二段</p><video src="v.mp4"><track src="t.vtt"></video><iframe src="https://x.example/"></iframe><figure><embed src="e.swf"><figcaption>图注</figcaption></figure></div>',
      'text/html',
    );
    const content = doc.getElementById('c')!;
    const copy = withoutMedia(content);
    expect(copy.querySelectorAll('img, picture, source, video, track, iframe, embed')).toHaveLength(0);
    expect([...copy.querySelectorAll('p, figcaption')].map((e) => e.textContent)).toEqual(['第一段', '第二段', '图注']);
    expect(content.querySelectorAll('img')).toHaveLength(2);
  });
});
