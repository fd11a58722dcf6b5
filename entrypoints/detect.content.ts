/**
 * Runs on every page of the named sites, so it does one cheap thing: tell the background whether
 * this is an article (the toolbar badge). The pipeline stays out of it; the reader is injected on demand.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentScriptMatches } from '../utils/sites';
import { pageKind } from '../utils/sites/page';
import { PAGE_STATUS_PORT } from '../utils/messages';

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
    try {
      const port = browser.runtime.connect({ name: PAGE_STATUS_PORT });
      port.postMessage({ type: 'page-status', ...kind });
      port.disconnect();
    } catch {
      // No background to talk to (the extension was just updated): nothing worth an error on the page.
    }
  },
});
