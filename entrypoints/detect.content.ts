/**
 * Runs on every page of the named sites, so it does one cheap thing: tell the background whether
 * this is an article (the toolbar badge). The pipeline stays out of it; the reader is injected on demand.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentScriptMatches } from '../utils/sites';
import { pageKind } from '../utils/sites/page';

export default defineContentScript({
  matches: contentScriptMatches(),
  runAt: 'document_idle',
  main() {
    const kind = pageKind(document, new URL(location.href));
    // No background listening (extension just updated) is not worth an error on the page.
    browser.runtime.sendMessage({ type: 'page-status', ...kind }).catch(() => undefined);
  },
});
