import { writeFileSync } from 'node:fs';
import { launchWithExtension } from './lib/browser';
import { READER, bindShortcut, commandShortcut, pressShortcut } from './lib/drive';
import { startFixtureServer } from './lib/fixture-server';
const server = await startFixtureServer();
const ext = await launchWithExtension({ hostResolverRules: server.hostResolverRules() });
let shortcut = await commandShortcut(ext, 'toggle-reader');
if (!shortcut) { shortcut = 'Alt+Shift+Y'; await bindShortcut(ext, 'toggle-reader', shortcut); }
const url = server.page('028').url;
for (let i = 0; i < 3; i++) {
  const page = await ext.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('hexo-clipper:reader-prepared').length > 0);
  await page.waitForTimeout(200);
  const browser = ext.context.browser()!;
  if (i === 2) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'fonts', 'v8', 'disabled-by-default-devtools.timeline.frame', 'blink.user_timing'] });
  await pressShortcut(ext, page, shortcut);
  await page.locator(READER).waitFor({ state: 'visible' });
  await page.waitForTimeout(400);
  if (i === 2) writeFileSync('/tmp/rb/trace2.json', await browser.stopTracing());
  await page.close();
}
await ext.close(); await server.close();
