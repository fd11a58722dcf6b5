/**
 * What every e2e file needs: the fixture server, Chromium with the built extension, and helpers
 * that speak the extension's contract (badge, storage key, data-testid values, downloads).
 * Server and launch code live in scripts/lib/ so `npm run demo` drives the same setup.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from '@wxt-dev/browser';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { marked } from 'marked';
import type { CDPSession, Locator, Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser, type UiLang } from '../../scripts/lib/browser';
import {
  READER,
  bindShortcut as driveBindShortcut,
  commandShortcut as driveCommandShortcut,
  clickToolbarButton as driveClickToolbarButton,
  openPopup as driveOpenPopup,
  popupReady,
  pressShortcut as drivePressShortcut,
  readerOpenMs,
  storeSettings,
  tid,
} from '../../scripts/lib/drive';
import { ROOT, startFixtureServer, type FixtureServer, type FixtureServerOptions } from '../../scripts/lib/fixture-server';
import type { Settings } from '../../utils/settings/schema';
import { resolveSettings } from '../../utils/settings/validate';

export { ROOT };
export type { ExtensionBrowser, FixtureServer };

declare const chrome: typeof Browser;

export const ARTIFACTS = join(ROOT, 'artifacts');

export interface Harness {
  server: FixtureServer;
  ext: ExtensionBrowser;
  close(): Promise<void>;
}

/** `route` and `extensionDir`: the images test's Referer-checking host and its build with the image hosts granted. */
export async function startHarness(opts: { lang?: UiLang; route?: FixtureServerOptions['route']; extensionDir?: string } = {}): Promise<Harness> {
  const server = await startFixtureServer({ route: opts.route });
  try {
    const ext = await launchWithExtension({ hostResolverRules: server.hostResolverRules(), lang: opts.lang, extensionDir: opts.extensionDir });
    return {
      server,
      ext,
      async close() {
        await ext.close();
        await server.close();
      },
    };
  } catch (e) {
    await server.close();
    throw e;
  }
}

/** The page's URL, optionally with its scheme swapped (every fixture answers on both). */
export function urlOf(h: Harness, name: string, scheme?: 'http' | 'https'): string {
  const u = new URL(h.server.page(name).url);
  if (scheme) u.protocol = `${scheme}:`;
  return u.toString();
}

export interface OpenedPage {
  page: Page;
  tabId: number;
  url: string;
}

export async function openPage(h: Harness, name: string, scheme?: 'http' | 'https'): Promise<OpenedPage> {
  const url = urlOf(h, name, scheme);
  const page = await h.ext.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await h.ext.tabIdOf(page);
  return { page, tabId, url };
}

export async function badgeText(h: Harness, tabId: number): Promise<string> {
  return h.ext.inWorker((id: number) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Polls until `probe` returns a value `done` accepts, or gives back the last value after `ms`. */
export async function poll<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

/**
 * Names of the isolated worlds our extension has in the page: a content script ran there iff
 * one exists. A CDP view that does not depend on anything the extension chooses to show.
 */
export async function extensionWorlds(h: Harness, page: Page): Promise<string[]> {
  const cdp: CDPSession = await h.ext.context.newCDPSession(page);
  const worlds: string[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => {
    if (e.context.origin === `chrome-extension://${h.ext.extensionId}`) worlds.push(e.context.name);
  });
  // Enabling replays an event for every context that already exists.
  await cdp.send('Runtime.enable');
  await cdp.detach();
  return worlds;
}

// ---- settings -------------------------------------------------------------------------------

/** A partial settings object resolved the way the CLI and the options page's import do. */
export function settingsOf(partial: Record<string, unknown> = {}): Settings {
  return resolveSettings(partial);
}

/** Stores settings (resolved from a partial object, or given whole) where the extension reads them. */
export async function putSettings(h: Harness, partial: Record<string, unknown> | Settings = {}): Promise<Settings> {
  const settings = resolveSettings(partial);
  await storeSettings(h.ext, settings);
  return settings;
}

export async function storedSettings(h: Harness): Promise<unknown> {
  return h.ext.inWorker(async () => (await chrome.storage.sync.get('settings')).settings);
}

// ---- the CLI, for "the browser writes what the CLI writes" ----------------------------------

export interface CliResult {
  post: string;
  filename: string;
  removed: { step: string; reason: string; text?: string; src?: string }[];
}

const execFileAsync = promisify(execFile);

/**
 * `npx tsx scripts/clip.ts PAGE --settings FILE --json`, the CLI a user runs, with the settings
 * the browser has. Asynchronous, so a test file can start its CLI runs while the browser works.
 */
export async function cliPost(name: string, settings: Settings, urlOverride?: string): Promise<CliResult> {
  const page = join(ROOT, 'tests', 'fixtures', /^\d/.test(name) ? 'pages' : 'e2e', `${name}.html`);
  const dir = mkdtempSync(join(tmpdir(), 'hexo-clipper-cli-'));
  try {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify(settings));
    const args = ['tsx', 'scripts/clip.ts', page, '--settings', file, '--json'];
    if (urlOverride) args.push('--url', urlOverride);
    const { stdout } = await execFileAsync('npx', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 32 << 20 });
    return JSON.parse(stdout) as CliResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- reader ---------------------------------------------------------------------------------

export { READER, readerOpenMs, tid };

/** The shortcut Chromium assigned to a command ('' when none). */
export async function commandShortcut(h: Harness, name: string): Promise<string> {
  return driveCommandShortcut(h.ext, name);
}

/** Binds a command to a shortcut as a user does on chrome://extensions/shortcuts. */
export async function bindShortcut(h: Harness, command: string, keybinding: string): Promise<void> {
  await driveBindShortcut(h.ext, command, keybinding);
}

export async function pressShortcut(h: Harness, page: Page, shortcut: string): Promise<void> {
  await drivePressShortcut(h.ext, page, shortcut);
}

// ---- popup ----------------------------------------------------------------------------------

export async function openPopup(h: Harness, tabId: number): Promise<Page> {
  return driveOpenPopup(h.ext, tabId);
}

/** Clicks the toolbar button on the page's tab, which grants activeTab there. */
export async function clickToolbarButton(h: Harness, page: Page): Promise<void> {
  await driveClickToolbarButton(h.ext, page);
}

export { popupReady };

// ---- downloads ------------------------------------------------------------------------------

/** Empties the download folder and Chromium's list, so a saved name never gets a ` (1)`. */
/**
 * One browser per test file: started before its tests (then `onStart`), closed after them, and
 * downloads cleared before each test so a test sees only its own files.
 */
export function useHarness(onStart: (h: Harness) => void | Promise<void>, opts: Parameters<typeof startHarness>[0] = {}): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(opts);
    await onStart(h);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    if (h) await clearDownloads(h);
  });
}

export async function clearDownloads(h: Harness): Promise<void> {
  await h.ext.inWorker(() => chrome.downloads.erase({}));
  for (const entry of readdirSync(h.ext.downloadsDir)) rmSync(join(h.ext.downloadsDir, entry), { recursive: true, force: true });
}

// ---- artifacts ------------------------------------------------------------------------------

/** A screenshot of the page's viewport, or of one element, into artifacts/NAME.png. */
export async function screenshot(target: Page | Locator, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await (opts.fullPage ? (target as Page).screenshot({ path, fullPage: true }) : target.screenshot({ path }));
  return path;
}

// ---- "no live markup" -----------------------------------------------------------------------

/** Front matter and body of a post file (the archive format starts with an empty line). */
export function splitPost(text: string): { frontMatter: string; body: string } {
  const m = /^\n?---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!m) throw new Error('post has no front matter');
  return { frontMatter: m[1] ?? '', body: m[2] ?? '' };
}

/**
 * What would run if the body were published: rendered as Hexo renders it (marked for Markdown,
 * as-is for HTML), then every script element, inline handler, javascript: URL and frame.
 */
export function liveMarkup(body: string, format: 'markdown' | 'html'): string[] {
  const html = format === 'markdown' ? (marked.parse(body, { async: false }) as string) : body;
  const { document } = new JSDOM(`<body>${html}</body>`).window;
  const found: string[] = [];
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'base', 'form', 'meta', 'link'].includes(tag)) found.push(`<${tag}>`);
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) found.push(`${tag}[${attr.name}]`);
      if (/^\s*(javascript|vbscript|data:text\/html)/i.test(attr.value) && /^(href|src|action|formaction|xlink:href|data)$/i.test(attr.name)) {
        found.push(`${tag}[${attr.name}=${attr.value.slice(0, 30)}]`);
      }
    }
  }
  return found;
}

/**
 * What could run in the reader: elements that execute or embed, `on…` handlers, `javascript:` URLs.
 * Self-contained, since Playwright sends it into the page (`locator.evaluate(dangerousMarkup)`).
 */
export function dangerousMarkup(root: Element): string[] {
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
}
