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
  await page.waitForTimeout(300);
  const cdp = await ext.context.newCDPSession(page);
  if (i === 2) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
  await pressShortcut(ext, page, shortcut);
  await page.locator(READER).waitFor({ state: 'visible' });
  await page.waitForTimeout(300);
  if (i === 2) { const { profile } = await cdp.send('Profiler.stop'); writeFileSync('/tmp/rb/prof.json', JSON.stringify(profile)); }
  await page.close();
}
await ext.close(); await server.close();
