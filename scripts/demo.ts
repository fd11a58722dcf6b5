/**
 * `npm run demo [-- --headed] [-- --no-build]`
 * Builds the extension, serves the bundled sample articles on their real host names (locally),
 * and drives Chromium through the reader and a save in both presets. The saved posts and the
 * screenshots land in demo-output/. With --headed and a display, the browser stays open on a
 * sample article to try by hand.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './lib/browser';
import { READER, clickToolbarButton, openPopup, popupReady, readerOpenMs, storeSettings, tid } from './lib/drive';
import { ROOT, startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { resolveSettings } from '../utils/settings/validate';
import type { PresetName } from '../utils/settings/schema';

const HELP = `npm run demo [-- --headed] [-- --no-build]

  --headed     show the browser and leave it open on a sample article (needs a display)
  --no-build   use the existing .output/chrome-mv3 instead of running \`wxt build\`

Writes the saved posts and screenshots to demo-output/.`;

const OUT = join(ROOT, 'demo-output');

interface Sample {
  name: string;
  scheme?: 'http' | 'https';
  what: string;
}

const SAMPLES: Sample[] = [
  { name: '028', what: 'Qutoutiao repost of a Qilu story: promo footer, QR code and tracking pixel removed' },
  { name: '032-ql', scheme: 'https', what: 'a Qilu (www.ql1d.com) article over HTTPS, its "找记者、求报道" footer removed' },
  { name: '042', what: 'Qutoutiao article with 13 images' },
  { name: 'generic', what: 'an article on a site without a rule (generic extraction through the popup)' },
];

const PRESETS: PresetName[] = ['hexo', 'archive'];

const rel = (p: string) => relative(ROOT, p);

function urlOf(server: FixtureServer, s: Sample): string {
  const u = new URL(server.page(s.name).url);
  if (s.scheme) u.protocol = `${s.scheme}:`;
  return u.toString();
}

async function useSettings(ext: ExtensionBrowser, preset: PresetName): Promise<void> {
  await storeSettings(ext, resolveSettings({ preset, download: { subfolder: `posts/${preset}` } }));
}

/** Opens the popup on the tab, asks for generic extraction where needed, and saves. */
async function save(ext: ExtensionBrowser, page: Page, tabId: number, shotName?: string): Promise<string> {
  const popup = await openPopup(ext, tabId);
  try {
    let state = await popupReady(popup);
    if (state === 'generic') {
      await popup.locator(tid('popup-generic')).click();
      await popup.locator(tid('popup-title')).waitFor({ state: 'visible' });
      state = 'article';
    }
    if (state !== 'article') throw new Error(`the popup says ${state} for ${page.url()}`);
    if (shotName) await popup.locator('main').screenshot({ path: join(OUT, 'screenshots', `${shotName}.png`) });
    const before = await ext.downloadIds();
    await popup.locator(tid('popup-save')).click();
    const saved = await ext.waitForDownload(before);
    return saved.filename;
  } finally {
    await popup.close();
  }
}

async function readerShots(ext: ExtensionBrowser, page: Page, tabId: number, name: string, dark: boolean): Promise<{ shots: string[]; ms: number | null }> {
  const popup = await openPopup(ext, tabId);
  const state = await popupReady(popup);
  if (state === 'generic') {
    await popup.locator(tid('popup-generic')).click();
    await popup.locator(tid('popup-title')).waitFor({ state: 'visible' });
  }
  const closed = popup.waitForEvent('close').catch(() => undefined);
  await popup.locator(tid('popup-reader')).click();
  await page.locator(READER).waitFor({ state: 'visible', timeout: 15000 });
  await closed;
  if (!popup.isClosed()) await popup.close();
  await page.waitForLoadState('load');
  const ms = await readerOpenMs(page);
  const shots = [join(OUT, 'screenshots', `${name}-reader.png`)];
  await page.screenshot({ path: shots[0] });
  if (dark) {
    await page.locator(`${READER} ${tid('reader-theme')}`).selectOption('dark');
    const path = join(OUT, 'screenshots', `${name}-reader-dark.png`);
    await page.screenshot({ path });
    shots.push(path);
    await page.locator(`${READER} ${tid('reader-theme')}`).selectOption('system');
  }
  await page.keyboard.press('Escape');
  await page.locator(READER).waitFor({ state: 'detached' });
  return { shots, ms };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { headed: { type: 'boolean' }, 'no-build': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let headed = values.headed === true;
  if (headed && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.warn('demo: --headed needs a display (DISPLAY is not set); running headless.');
    headed = false;
  }

  if (!values['no-build']) {
    console.log('demo: building the extension (npx wxt build)…');
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, 'screenshots'), { recursive: true });

  const server = await startFixtureServer();
  const ext = await launchWithExtension({ hostResolverRules: server.hostResolverRules(), headless: !headed, downloadsDir: OUT, handleSIGINT: false });
  const posts: string[] = [];
  const shots: string[] = [];
  const timings: string[] = [];
  try {
    for (const [i, sample] of SAMPLES.entries()) {
      const url = urlOf(server, sample);
      console.log(`demo: ${sample.name}  ${url}\n      ${sample.what}`);
      const page = await ext.context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      const tabId = await ext.tabIdOf(page);
      // A user reaches a site without a rule through the toolbar button, which grants activeTab.
      if (sample.name === 'generic') await clickToolbarButton(ext, page);

      await useSettings(ext, 'hexo');
      const reader = await readerShots(ext, page, tabId, sample.name, i === 0);
      shots.push(...reader.shots);
      if (reader.ms !== null) timings.push(`${sample.name} ${reader.ms.toFixed(0)} ms`);
      for (const preset of PRESETS) {
        await useSettings(ext, preset);
        const file = await save(ext, page, tabId, i === 0 && preset === 'hexo' ? `${sample.name}-popup` : undefined);
        posts.push(file);
        console.log(`      ${preset.padEnd(7)} → ${rel(file)}`);
      }
      await page.close();
    }
    if (SAMPLES.length) shots.push(join(OUT, 'screenshots', `${SAMPLES[0]!.name}-popup.png`));

    const options = await ext.context.newPage();
    await options.goto(ext.extensionUrl('options.html'));
    await options.locator(tid('opt-preset')).waitFor();
    const optionsShot = join(OUT, 'screenshots', 'options.png');
    await options.screenshot({ path: optionsShot, fullPage: true });
    shots.push(optionsShot);
    await options.close();

    console.log(`\nHexo Clipper demo: ${posts.length} posts and ${shots.length} screenshots in ${rel(OUT)}/`);
    console.log(`  posts:       ${rel(join(OUT, 'posts'))}/{hexo,archive}/`);
    console.log(`  screenshots: ${rel(join(OUT, 'screenshots'))}/`);
    if (timings.length) console.log(`  reader open time (performance marks): ${timings.join(', ')}`);

    if (headed) {
      await storeSettings(ext, resolveSettings({ download: { subfolder: 'posts/by-hand' } }));
      const page = await ext.context.newPage();
      await page.goto(urlOf(server, SAMPLES[0]!));
      console.log(
        `\nThe browser stays open on ${page.url()} (served locally).\n` +
          '  Try the toolbar button (popup), Alt+Shift+K (save), Alt+Shift+Y (reader), the right-click menu, and the options page.\n' +
          `  Saves go to ${rel(join(OUT, 'posts', 'by-hand'))}/. Close the browser or press Ctrl+C to end.`,
      );
      await new Promise<void>((resolve) => {
        ext.context.once('close', () => resolve());
        process.once('SIGINT', () => resolve());
      });
    }
    return 0;
  } finally {
    await ext.close();
    await server.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`demo: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
  },
);
