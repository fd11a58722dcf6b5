/**
 * Runs on every page of the named sites, so it does one cheap thing: tell the background whether
 * this is an article (the toolbar badge). The pipeline stays out of it; on an article the reader is
 * injected once the page is idle, elsewhere on demand.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentScriptMatches } from '../utils/sites';
import { pageKind } from '../utils/sites/page';
import { PAGE_STATUS_PORT, type BackgroundMessage } from '../utils/messages';

/**
 * A port message expects no answer. `runtime.sendMessage` does, and when the tab closes before
 * the background answers, Firefox logs `Promise rejected after context unloaded` to the console
 * past any catch or callback (ExtensionCommon's wrapPromise). This side closes the port, right
 * after the message (delivered first, in order): a close from the background could reach a tab
 * already gone, which Firefox logs too (`PortDisconnect for closed conduit`).
 */
function report(message: BackgroundMessage): void {
  try {
    const port = browser.runtime.connect({ name: PAGE_STATUS_PORT });
    port.postMessage(message);
    port.disconnect();
  } catch {
    // No background to talk to (the extension was just updated): nothing worth an error on the page.
  }
}

export default defineContentScript({
  matches: contentScriptMatches(),
  runAt: 'document_idle',
  main() {
    const kind = pageKind(document, new URL(location.href));
    // A port message expects no answer. `runtime.sendMessage` does, and when the tab closes before
    // the background answers, Firefox logs `Promise rejected after context unloaded` to the console
    // past any catch or callback (ExtensionCommon's wrapPromise). This side closes the port, right
    // after the message (delivered first, in order): a close from the background could reach a tab
    // already gone, which Firefox logs too (`PortDisconnect for closed conduit`).
    report({ type: 'page-status', ...kind });
    // On an article the reader is loaded ahead of the shortcut, once the page has nothing else to
    // do: the user waits for none of it (the background checks the site is still switched on).
    const site = kind.site;
    if (kind.article && site) requestIdleCallback(() => report({ type: 'prepare-reader', site }), { timeout: 3000 });
  },
});
