/**
 * The few things an e2e scenario asks of a browser, so one scenario runs in Chromium
 * (playwright-core, driver/chromium.ts) and in Firefox (puppeteer-core over WebDriver BiDi,
 * driver/firefox.ts). Scenarios in tests/e2e/scenarios/ see only this.
 *
 * Selectors are CSS, with ` >>> ` stepping into an element's open shadow root
 * (`hexo-clipper-reader >>> [data-testid="reader"]`).
 */
import type { FixtureServer } from '../../../scripts/lib/fixture-server';
import type { Settings } from '../../../utils/settings/schema';

export type BrowserName = 'chromium' | 'firefox';
export type UiLang = 'zh-CN' | 'en-US';

export interface DriverPage {
  /** The WebExtension tab id (the popup's `?tabId=`). */
  readonly tabId: number;
  readonly url: string;
  /** Runs `fn` in the page's main world. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  text(selector: string): Promise<string>;
  count(selector: string): Promise<number>;
  attr(selector: string, name: string): Promise<string | null>;
  /** The `value` of an input or select. */
  value(selector: string): Promise<string>;
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  /** A real pointer click (user activation: what `permissions.request` needs). */
  click(selector: string): Promise<void>;
  /** Sets an input's or select's value and fires `input` and `change`, as typing then leaving does. */
  fill(selector: string, value: string): Promise<void>;
  /** Moves the keyboard focus to an element (then `press` acts on it, as a user's keys would). */
  focus(selector: string): Promise<void>;
  /** A key pressed in the page (`Escape`). */
  press(key: string): Promise<void>;
  /** The viewport as PNG, also written to artifacts/NAME.png when a name is given. */
  screenshot(name?: string): Promise<Buffer>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface DownloadItem {
  id: number;
  filename: string;
  state: string;
  error?: string;
  mime?: string;
}

export interface DriverOptions {
  lang?: UiLang;
  route?: import('../../../scripts/lib/fixture-server').FixtureServerOptions['route'];
}

export interface Driver {
  readonly browser: BrowserName;
  readonly server: FixtureServer;
  readonly downloadsDir: string;
  /** `chrome-extension://ID` or `moz-extension://UUID`. */
  readonly extensionOrigin: string;
  /** A fixture page by name, optionally with its scheme swapped; waits for `load`. */
  openPage(name: string, scheme?: 'http' | 'https'): Promise<DriverPage>;
  openUrl(url: string): Promise<DriverPage>;
  /** Opens a fixture page and closes its tab `afterMs` after DOMContentLoaded (a tab closed mid-work). */
  flashPage(name: string, afterMs: number): Promise<void>;
  /** Runs `fn` where the extension's API is (Chromium: the service worker; Firefox: an extension page). */
  inExtension<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Presses a shortcut (`Alt+Shift+Y`) the way the browser's own shortcut handling sees keys. */
  pressShortcut(page: DriverPage, shortcut: string): Promise<void>;
  /** The popup for a tab, opened as a tab of its own (`popup.html?tabId=N`). */
  openPopup(tabId: number): Promise<DriverPage>;
  /** An extension page in a tab (`options.html`). */
  openExtensionPage(path: string): Promise<DriverPage>;
  downloads(): Promise<DownloadItem[]>;
  /** Waits for a download not in `before` to complete, with its content. */
  waitForDownload(before: number[], timeoutMs?: number): Promise<DownloadItem & { content: string }>;
  /** Empties the download folder and the browser's list. */
  clearDownloads(): Promise<void>;
  /** Stores settings (a partial object resolved like the CLI's `--settings`) where the extension reads them. */
  putSettings(partial?: Record<string, unknown> | Settings): Promise<Settings>;
  /**
   * Answers the browser's permission prompt for the extension, when one is showing: true if one
   * was answered. Chromium headless cannot show one (its suite loads a pre-granted build instead).
   */
  answerPermissionPrompt(allow: boolean, timeoutMs?: number): Promise<boolean>;
  /** The system clipboard's text. */
  clipboardText(): Promise<string>;
  /** Errors the extension's own code logged or threw since the browser started. */
  extensionErrors(): Promise<string[]>;
  close(): Promise<void>;
}

/** Chromium writes `标题 (1).md` for a second download of a name, Firefox `标题(1).md`. */
export function duplicateName(browser: BrowserName, name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return browser === 'firefox' ? `${stem}(${n})${ext}` : `${stem} (${n})${ext}`;
}
