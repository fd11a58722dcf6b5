/**
 * Where the reader's open time goes, in Debian's Chromium with the built extension (`npx wxt build`
 * first), on the e2e fixture pages: presses the toggle-reader shortcut N times and prints the
 * median of each phase, from the key press to the painted reader. Figures only; nothing here
 * passes or fails.
 *
 *   npm run bench:reader [-- --runs 15 --page 028]
 *   E2E_EXTENSION_DIR=/path/to/other/chrome-mv3 npm run bench:reader   (another build, for a before/after)
 *
 * Phases come from the performance marks of utils/extension/timing.ts in the worker and in the
 * page, compared as wall-clock times (`timeOrigin + startTime`); the key press is timed here.
 * Three cases: the first open on a named site's article once the page is idle (the reader was
 * injected and the article extracted then), the same page again after Esc, and the first open on a
 * generic site, where nothing runs before the shortcut (the cold path: injection, first extraction).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './lib/browser';
import { READER, bindShortcut, commandShortcut } from './lib/drive';
import { startFixtureServer } from './lib/fixture-server';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, page: { type: 'string', default: '028' } } });
const RUNS = Number(values.runs);
const PAGE = values.page!;
const PREFIX = 'hexo-clipper:';

type Marks = Record<string, number>;

/**
 * Each phase runs from one mark to the next; a mark that is missing (no injection) skips its
 * phase, and so does the mark named fourth (a path that took another way).
 */
const PHASES: [label: string, from: string, to: string, unless?: string][] = [
  ['key → worker command', 'key', 'reader-command'],
  ['ping the tab', 'reader-command', 'reader-pinged'],
  ['inject reader.js', 'reader-pinged', 'reader-reached'],
  ['  of which: until script runs', 'reader-pinged', 'reader-script'],
  ['is the tab reached (no inject)', 'reader-command', 'reader-reached'],
  ['blog check (IndexedDB)', 'reader-reached', 'reader-blog'],
  ['message to the page', 'reader-blog', 'reader-open-start'],
  ['one message to a prepared page', 'reader-command', 'reader-open-start', 'reader-reached'],
  ['settings read', 'reader-open-start', 'reader-settings'],
  ['extraction', 'reader-settings', 'reader-extracted'],
  ['shadow root + first render', 'reader-extracted', 'reader-mounted'],
  ['until painted (effects)', 'reader-mounted', 'reader-open-end'],
  ['marks: open-start → open-end', 'reader-open-start', 'reader-open-end'],
  ['TOTAL key → painted', 'key', 'reader-open-end'],
];

async function pageMarks(page: Page): Promise<Marks> {
  return page.evaluate((prefix) => {
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith(prefix)) out[m.name.slice(prefix.length)] = performance.timeOrigin + m.startTime;
    return out;
  }, PREFIX);
}

async function workerMarks(ext: ExtensionBrowser): Promise<Marks> {
  return ext.inWorker((prefix: string) => {
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith(prefix)) out[m.name.slice(prefix.length)] = performance.timeOrigin + m.startTime;
    performance.clearMarks();
    return out;
  }, PREFIX);
}

const MODIFIERS = { Alt: 1, Ctrl: 2, Shift: 8 } as Record<string, number>;

/** The shortcut as raw key events (what Chromium's accelerators see); returns when the key went down. */
async function press(ext: ExtensionBrowser, page: Page, shortcut: string): Promise<number> {
  const parts = shortcut.split('+');
  const key = parts.pop()!;
  const modifiers = parts.reduce((m, p) => m | (MODIFIERS[p] ?? 0), 0);
  const cdp = await ext.context.newCDPSession(page);
  const vk = key.charCodeAt(0);
  const at = performance.timeOrigin + performance.now();
  for (const type of ['rawKeyDown', 'keyUp'] as const) {
    await cdp.send('Input.dispatchKeyEvent', { type, modifiers, windowsVirtualKeyCode: vk, nativeVirtualKeyCode: vk, code: `Key${key}`, key });
  }
  await cdp.detach();
  return at;
}

/** An open that never showed the reader is counted, not timed: one bad run must not end the bench. */
let failedOpens = 0;

async function openOnce(ext: ExtensionBrowser, page: Page, shortcut: string): Promise<Marks> {
  try {
    return await timedOpen(ext, page, shortcut);
  } catch (e) {
    failedOpens++;
    console.log(`  an open failed on ${page.url()}: ${(e as Error).message.split('\n')[0]}`);
    await page.keyboard.press('Escape').catch(() => undefined);
    return {};
  }
}

async function timedOpen(ext: ExtensionBrowser, page: Page, shortcut: string): Promise<Marks> {
  await workerMarks(ext);
  await page.evaluate((prefix) => {
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith(prefix)) performance.clearMarks(m.name);
  }, PREFIX);
  const key = await press(ext, page, shortcut);
  await page.locator(READER).waitFor({ state: 'visible', timeout: 20000 });
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, `${PREFIX}reader-open-end`);
  return { key, ...(await workerMarks(ext)), ...(await pageMarks(page)) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function report(title: string, runs: Marks[]): void {
  console.log(`\n${title} (${runs.length} opens), ms: median [min–max]`);
  for (const [label, from, to, unless] of PHASES) {
    const xs = runs.filter((r) => r[from] !== undefined && r[to] !== undefined && (unless === undefined || r[unless] === undefined)).map((r) => r[to]! - r[from]!);
    if (xs.length === 0) continue;
    console.log(`  ${label.padEnd(34)} ${median(xs).toFixed(1).padStart(7)}  [${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}]${xs.length < runs.length ? ` (${xs.length} runs)` : ''}`);
  }
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const server = await startFixtureServer();
  const ext = await launchWithExtension({ hostResolverRules: server.hostResolverRules() });
  try {
    let shortcut = await commandShortcut(ext, 'toggle-reader');
    if (!shortcut) {
      shortcut = 'Alt+Shift+Y';
      await bindShortcut(ext, 'toggle-reader', shortcut);
    }
    const url = server.page(PAGE).url;
    console.log(`reader open on ${url}, ${RUNS} runs, shortcut ${shortcut}; load average before: ${load()}`);
    const first: Marks[] = [];
    const again: Marks[] = [];
    const generic: Marks[] = [];
    let unprepared = 0;
    // One unmeasured round: the first injection compiles reader.js and fills caches.
    for (let i = -1; i < RUNS; i++) {
      const page = await ext.context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await page.bringToFront();
      // A reader a moment after the page loaded: the article page has gone idle and the reader is
      // prepared (injected, article extracted), as it is for a user who looks at the page first.
      // (A build without the preparation, E2E_EXTENSION_DIR pointing at an older one, waits 3 s.)
      const prepared = await page
        .waitForFunction((name) => performance.getEntriesByName(name).length > 0, `${PREFIX}reader-prepared`, { timeout: 3000 })
        .then(() => true, () => false);
      if (!prepared) unprepared++;
      const a = await openOnce(ext, page, shortcut);
      await page.keyboard.press('Escape');
      await page.locator(READER).waitFor({ state: 'detached' });
      await page.waitForTimeout(100);
      const b = await openOnce(ext, page, shortcut);
      await page.close();
      // Any other site: nothing runs there before the shortcut, whose activeTab lets the reader in.
      const other = await ext.context.newPage();
      await other.goto(server.page('generic').url, { waitUntil: 'load' });
      await other.bringToFront();
      await other.waitForTimeout(300);
      const c = await openOnce(ext, other, shortcut);
      await other.close();
      if (i >= 0) {
        first.push(a);
        again.push(b);
        generic.push(c);
      }
    }
    if (unprepared) console.log(`\n${unprepared} of ${RUNS + 1} pages were not prepared within 3 s of loading`);
    report('first open on a Qutoutiao article (prepared while idle)', first);
    report('open again on the same page', again);
    report('first open on a generic site (injected on the shortcut)', generic);
    if (failedOpens) console.log(`\n${failedOpens} opens did not show the reader within 20 s (left out above)`);
    console.log(`\nload average after: ${load()}`);
  } finally {
    await ext.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
